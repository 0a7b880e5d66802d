package io.metaroute.solver.batch;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When a fill decided now is expected to be complete: after {@code lead} (the planning time before
 * fills are sent), one block on a same-rollup route's rollup; for a cross-rollup plan, one block
 * on the origin, the Metalayer message's delivery, and one block on the destination.
 */
public record CompletionModel(Map<ChainId, Duration> blockTimes, Duration defaultBlockTime, Duration messageLatency,
                              Duration lead) {
    public CompletionModel {
        blockTimes = Map.copyOf(blockTimes);
        Objects.requireNonNull(defaultBlockTime, "defaultBlockTime");
        Objects.requireNonNull(messageLatency, "messageLatency");
        Objects.requireNonNull(lead, "lead");
    }

    /** Block times from the network (rollups without one take 2 s). */
    public static CompletionModel of(Network network, Duration messageLatency, Duration lead) {
        var times = new HashMap<ChainId, Duration>();
        for (Rollup r : network.rollups()) {
            if (r.blockTime() != null) {
                times.put(r.chainId(), r.blockTime());
            }
        }
        return new CompletionModel(times, Duration.ofSeconds(2), messageLatency, lead);
    }

    /** Same block time everywhere; for tests and benchmarks. */
    public static CompletionModel uniform(Duration blockTime, Duration messageLatency, Duration lead) {
        return new CompletionModel(Map.of(), blockTime, messageLatency, lead);
    }

    public Instant estimate(Plan plan, Instant now) {
        Instant start = now.plus(lead);
        return switch (plan) {
            case Route route -> start.plus(block(route.chain()));
            case CrossRollupRoute cross -> start.plus(block(cross.originChain())).plus(messageLatency)
                    .plus(block(cross.destinationChain()));
        };
    }

    private Duration block(ChainId chain) {
        return blockTimes.getOrDefault(chain, defaultBlockTime);
    }
}
