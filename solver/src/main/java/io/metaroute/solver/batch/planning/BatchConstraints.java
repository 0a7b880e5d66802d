package io.metaroute.solver.batch.planning;

import static org.optaplanner.core.api.score.stream.ConstraintCollectors.sum;

import io.metaroute.solver.batch.Objective;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;
import org.optaplanner.core.api.score.stream.Joiners;

/**
 * The rules of a batch, hard first. Hard: a filled intent gets at least its minimum after the
 * earlier fills' price impact; the solver's inventory per rollup and token never goes negative; a
 * fill completes before the intent's deadline. Every hard penalty grows with how badly its rule is
 * broken, so the search can tell a near miss from a far one. Soft, in ppm of each intent's minimum
 * (see {@link Objective}): maximise user surplus, minimise gas and message fees.
 *
 * <p>Nothing rewards a fill as such: a fill paying exactly its minimum scores zero, like a
 * deferral. So the planner may defer a user whose fill would pay little above the minimum when
 * that lets other users' surpluses grow more (on the benchmark market, given seconds rather than
 * 200 ms, about 30 fewer fills out of 1,000 for 1-2% more total surplus).
 */
public final class BatchConstraints implements ConstraintProvider {
    public static final String MINIMUM = "Minimum after price impact";
    public static final String INVENTORY = "Inventory never negative";
    public static final String DEADLINE = "Deadline reachable";
    public static final String SURPLUS = "User surplus";
    public static final String FEES = "Gas and message fees";

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
            minimumAfterPriceImpact(factory),
            inventoryNeverNegative(factory),
            deadlineReachable(factory),
            userSurplus(factory),
            gasAndMessageFees(factory)
        };
    }

    /** Shortfall below the minimum, in ppm of the minimum (at least 1 per intent short). */
    Constraint minimumAfterPriceImpact(ConstraintFactory factory) {
        return factory.forEach(IntentAssignment.class)
                .filter(a -> a.isFilled() && a.delivered() < a.minimum())
                .penalizeLong(HardSoftLongScore.ONE_HARD, IntentAssignment::shortfallPpm)
                .asConstraint(MINIMUM);
    }

    /** Demand beyond what the solver holds on a destination, in ppm of that demand (at least 1). */
    Constraint inventoryNeverNegative(ConstraintFactory factory) {
        return factory.forEach(IntentAssignment.class)
                .filter(IntentAssignment::drawsInventory)
                .groupBy(IntentAssignment::inventoryKey, sum(IntentAssignment::drawn, 0.0, Double::sum, (a, b) -> a - b))
                .join(InventoryBalance.class, Joiners.equal((key, drawn) -> key, InventoryBalance::key))
                .filter((key, drawn, balance) -> drawn > balance.available())
                .penalizeLong(HardSoftLongScore.ONE_HARD,
                        (key, drawn, balance) -> Objective.overdrawPpm(drawn, balance.available()))
                .asConstraint(INVENTORY);
    }

    /** Seconds the chosen option would complete after the deadline. */
    Constraint deadlineReachable(ConstraintFactory factory) {
        return factory.forEach(IntentAssignment.class)
                .filter(IntentAssignment::isLate)
                .penalizeLong(HardSoftLongScore.ONE_HARD,
                        a -> Objective.secondsLate(a.getOption().completesAt(), a.deadline()))
                .asConstraint(DEADLINE);
    }

    /** Output above the minimum after the earlier fills, in ppm of the minimum. */
    Constraint userSurplus(ConstraintFactory factory) {
        return factory.forEach(IntentAssignment.class)
                .filter(a -> a.isFilled() && a.surplusPpm() > 0)
                .rewardLong(HardSoftLongScore.ONE_SOFT, IntentAssignment::surplusPpm)
                .asConstraint(SURPLUS);
    }

    /** Gas and message fee of the chosen option, valued in the output token, in ppm of the minimum. */
    Constraint gasAndMessageFees(ConstraintFactory factory) {
        return factory.forEach(IntentAssignment.class)
                .filter(a -> a.isFilled() && a.getOption().costPpm() > 0)
                .penalizeLong(HardSoftLongScore.ONE_SOFT, a -> a.getOption().costPpm())
                .asConstraint(FEES);
    }
}
