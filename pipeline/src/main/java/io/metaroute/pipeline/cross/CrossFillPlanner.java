package io.metaroute.pipeline.cross;

import io.metaroute.core.cross.CrossOrder;

/** How the solver would fill an order now: a {@link CrossChains.Fill}, or why it would not (unsafe, unprofitable, no inventory). */
@FunctionalInterface
public interface CrossFillPlanner {
    sealed interface Decision permits Go, Decline {
    }

    record Go(CrossChains.Fill fill) implements Decision {
    }

    record Decline(String reason) implements Decision {
    }

    Decision plan(CrossOrder order);
}
