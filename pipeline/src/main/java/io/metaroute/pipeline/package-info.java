/**
 * The intent lifecycle, between the middle modules (quote feeds, solver, execution, settlement) and
 * the application that wires it ({@code api}). It knows nothing of Spring, HTTP or a database: it
 * reaches storage and chains only through the ports of {@link io.metaroute.pipeline.port}, so it
 * runs in a plain test with in-memory ports.
 *
 * <ul>
 *   <li>{@link io.metaroute.pipeline.intent}: a stored intent, its status and the transitions a step asks for;</li>
 *   <li>{@link io.metaroute.pipeline.port}: the storage port, the chain port (and its adapter over
 *       execution's {@code FillExecutor}), route records, the executor's balances;</li>
 *   <li>{@link io.metaroute.pipeline.single}: the single-rollup pipeline, received → routed → submitted →
 *       filled | rejected | failed, each step a compare-and-set on the stored status;</li>
 *   <li>{@link io.metaroute.pipeline.wiring}: the one wiring of router, candidates, gas and inventory,
 *       shared by the service and the benchmarks.</li>
 * </ul>
 *
 * <h2>A second kind of pipeline</h2>
 * The cross-rollup saga is to be a sibling package ({@code io.metaroute.pipeline.cross}) beside
 * {@code single}, not a branch inside it: its own steps (lock on the origin, Metalayer message,
 * delivery on the destination, release or refund after the deadline) and its own states, each
 * step again a compare-and-set through {@link io.metaroute.pipeline.port.IntentStore} and each
 * chain reached through a port of this package (the origin's and destination's settlers, and a
 * message port for the Metalayer). The two share the wiring, the storage port and the recovery
 * rule (signed bytes stored before they are sent, resent after a crash); which pipeline an intent
 * goes through is decided by its origin and destination chains where intents are handed over.
 */
package io.metaroute.pipeline;
