package io.metaroute.api.persistence;

import io.metaroute.pipeline.intent.IntentStatus;
import io.metaroute.pipeline.intent.Transition;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per stored change of an intent's status, with its id: what an operator follows an
 * intent by. Written by {@link IntentRepository} after the change is stored (after the commit, for
 * changes made in a transaction), so the log never shows a move the database does not hold.
 */
final class IntentStateLog {
    private static final Logger log = LoggerFactory.getLogger("io.metaroute.intents");

    private IntentStateLog() {
    }

    static void received(UUID id) {
        log.info("intent {}: received", id);
    }

    static void moved(UUID id, IntentStatus from, Transition change) {
        var line = new StringBuilder();
        line.append("intent ").append(id).append(": ").append(from.db()).append(" -> ").append(change.status().db());
        if (change.reason() != null) {
            line.append(" reason ").append(change.reason());
        }
        if (change.txHash() != null) {
            line.append(" tx ").append(change.txHash());
        }
        if (change.detail() != null && !change.detail().isBlank()) {
            line.append(" (").append(change.detail()).append(')');
        }
        log.info(line.toString());
    }
}
