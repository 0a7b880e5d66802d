/**
 * The pipeline's ports, each speaking domain types: {@link io.metaroute.pipeline.port.IntentStore}
 * (where intents are kept), {@link io.metaroute.pipeline.port.FillChain} (one rollup's settler,
 * with {@link io.metaroute.pipeline.port.ExecutorChain} over the execution module),
 * {@link io.metaroute.pipeline.port.RouteRecords} (how a route is recorded) and
 * {@link io.metaroute.pipeline.port.Balances} (the executor's on-chain balances). Adapters live
 * outside the pipeline (PostgreSQL, JSON, web3j in {@code api}) or in tests.
 */
package io.metaroute.pipeline.port;
