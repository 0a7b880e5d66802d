package io.metaroute.api.persistence;

import io.metaroute.pipeline.intent.IntentStatus;
import java.time.Instant;

/** One step in an intent's history. */
public record IntentEvent(IntentStatus status, String detail, Instant at) {
}
