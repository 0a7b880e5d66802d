/** The one wiring of the solver ({@link io.metaroute.pipeline.wiring.SolverWiring}) and its inventory. */
package io.metaroute.pipeline.wiring;
