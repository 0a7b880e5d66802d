package io.metaroute.solver.batch;

import io.metaroute.core.route.Plan;
import io.metaroute.solver.cow.MatchSettlement;
import io.metaroute.solver.routing.Costs;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/** What a batch decided for one intent: fill it with a plan now, or leave it for a later batch. */
public sealed interface BatchDecision {
    long batch();

    BatchIntent intent();

    /**
     * Fill with {@code plan}, whose amounts are exact over the pools as the fills before it in this
     * batch ({@code order} earlier ones) leave them: {@code plan.amountOut()} is at least the signed
     * minimum.
     */
    record Filled(long batch, BatchIntent intent, int order, Plan plan, Costs costs, Instant completesBy, String source)
            implements BatchDecision {
        public Filled {
            Objects.requireNonNull(intent, "intent");
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(costs, "costs");
            Objects.requireNonNull(completesBy, "completesBy");
            if (plan.amountOut().compareTo(intent.intent().minAmountOut()) < 0) {
                throw new IllegalArgumentException("a fill must pay at least the signed minimum");
            }
        }

        public BigInteger amountOut() {
            return plan.amountOut();
        }

        /** What the user receives above the signed minimum, in base units of the output token. */
        public BigInteger surplus() {
            return plan.amountOut().subtract(intent.intent().minAmountOut());
        }
    }

    /**
     * Settled whole against opposite intents of the same batch, in one transaction with the other
     * members of {@code match} (coincidence of wants): it receives {@code match.member(id).amountOut()},
     * at least its signed minimum and at least what its best route alone would pay.
     */
    record Matched(long batch, BatchIntent intent, MatchSettlement match) implements BatchDecision {
        public Matched {
            Objects.requireNonNull(intent, "intent");
            Objects.requireNonNull(match, "match");
            if (match.member(MatchStage.idOf(intent)).amountOut().compareTo(intent.intent().minAmountOut()) < 0) {
                throw new IllegalArgumentException("a match must pay at least the signed minimum");
            }
        }

        public BigInteger amountOut() {
            return match.member(MatchStage.idOf(intent)).amountOut();
        }

        /** Whether this member sends the match's one transaction for all members (the first of them). */
        public boolean leads() {
            return match.members().getFirst().intentId().equals(MatchStage.idOf(intent));
        }
    }

    /**
     * Not filled in this batch, for {@code reason}. Whoever feeds the batches decides whether the
     * intent tries a later batch (it may, when it was only left out: not selected, inventory short,
     * costs above its surplus) and for how many.
     */
    record Deferred(long batch, BatchIntent intent, Reason reason) implements BatchDecision {
        public Deferred {
            Objects.requireNonNull(intent, "intent");
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum Reason {
        /** No candidate route connects the intent's tokens. */
        NO_ROUTE,
        /** Every candidate would complete after the intent's deadline. */
        DEADLINE_UNREACHABLE,
        /** After the batch's earlier fills, no candidate pays the signed minimum. */
        BELOW_MINIMUM,
        /** Candidates pay enough but need more solver inventory on the destination than is left. */
        INVENTORY_SHORT,
        /**
         * A candidate fits over the pools the earlier fills left, but the batch is better off
         * without it: its surplus does not cover its costs, or leaving the liquidity to later
         * fills yields more surplus. The intent waits for the next batch.
         */
        NOT_SELECTED,
        /**
         * A candidate fits over the pools the earlier fills left, but what it pays above the signed
         * minimum does not cover its gas and message fees (in ppm of the minimum, see
         * {@link Objective}): no batch fills it while the market stays where it is.
         */
        COSTS_EXCEED_SURPLUS
    }
}
