/**
 * A stored intent as the pipeline sees it: {@link io.metaroute.pipeline.intent.IntentRow} (the
 * signed intent and what happened to it), its {@link io.metaroute.pipeline.intent.IntentStatus}
 * and the {@link io.metaroute.pipeline.intent.Transition} a step asks the store to make. Domain
 * types only: how they are stored is the storage adapter's business.
 */
package io.metaroute.pipeline.intent;
