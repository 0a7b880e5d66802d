/**
 * The single-rollup pipeline: {@link io.metaroute.pipeline.single.IntentProcessor} moves stored
 * intents through received → routed → submitted → filled | rejected | failed, alone or in batches
 * ({@link io.metaroute.pipeline.single.BatchRouting}), settling matched intents in one transaction.
 */
package io.metaroute.pipeline.single;
