package io.metaroute.solver.batch;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a choice per intent into exact decisions. Whatever chose the options (the planner works
 * in floating point), the fills are replayed here in execution order with the settler's integer
 * math, and a fill that does not exactly keep every rule (minimum, inventory, deadline) over the
 * pools and inventory the earlier fills left is deferred instead. So every decision it emits holds.
 * A market maker's quote is taken once: a later fill of the batch whose route takes a quote an
 * earlier one took is deferred as not selected, to be routed again in the next batch.
 */
public final class Settlement {
    /** The choice that defers an intent. */
    public static final int DEFER = -1;

    private final BatchProblem problem;
    private PoolBook book;
    private final Map<Inventory.Key, BigInteger> spent = new HashMap<>();
    /** The venue ids of the makers' quotes the batch's fills so far take. */
    private final java.util.Set<io.metaroute.core.chain.Address> quotesTaken = new java.util.HashSet<>();

    /** The verdict on trying one option now. */
    enum Verdict { FITS, LATE, BELOW_MINIMUM, INVENTORY_SHORT, QUOTE_TAKEN }

    record Trial(Verdict verdict, ExactExecution.Outcome outcome) {
    }

    Settlement(BatchProblem problem) {
        this.problem = problem;
        this.book = PoolBook.of(problem.snapshot());
    }

    /**
     * @param choices per entry of the problem, the index of the chosen option or {@link #DEFER}
     */
    public static BatchResult settle(BatchProblem problem, int[] choices, String method, Duration elapsed) {
        if (choices.length != problem.entries().size()) {
            throw new IllegalArgumentException("one choice per intent is needed");
        }
        var settlement = new Settlement(problem);
        var decisions = new ArrayList<BatchDecision>(choices.length);
        long surplus = 0;
        long cost = 0;
        int order = 0;
        for (int i = 0; i < choices.length; i++) {
            var entry = problem.entries().get(i);
            SwapIntent intent = entry.intent().intent();
            if (choices[i] == DEFER) {
                decisions.add(new BatchDecision.Deferred(problem.batch(), entry.intent(), settlement.whyNot(entry)));
                continue;
            }
            Option option = entry.options().get(choices[i]);
            Trial trial = settlement.attempt(intent, option);
            if (trial.verdict() != Verdict.FITS) {
                decisions.add(new BatchDecision.Deferred(problem.batch(), entry.intent(), reason(trial.verdict())));
                continue;
            }
            settlement.apply(option, trial.outcome());
            decisions.add(new BatchDecision.Filled(problem.batch(), entry.intent(), order++, trial.outcome().plan(),
                    option.costs(), option.completesAt(), option.source()));
            surplus += Objective.surplusPpm(trial.outcome().delivered(), intent.minAmountOut());
            cost += option.costPpm();
        }
        return new BatchResult(problem.batch(), decisions, surplus, cost, elapsed, method);
    }

    /** Runs {@code option} over the current pools and checks every rule, without applying it. */
    Trial attempt(SwapIntent intent, Option option) {
        if (!option.meets(intent.deadline())) {
            return new Trial(Verdict.LATE, null);
        }
        if (option.plan() instanceof io.metaroute.core.route.Route r
                && r.quotes().stream().anyMatch(q -> quotesTaken.contains(q.venue()))) {
            return new Trial(Verdict.QUOTE_TAKEN, null);
        }
        var outcome = ExactExecution.run(option.plan(), book);
        if (outcome.delivered().compareTo(intent.minAmountOut()) < 0) {
            return new Trial(Verdict.BELOW_MINIMUM, outcome);
        }
        var key = option.draws();
        if (key.isPresent() && outcome.drawn().compareTo(left(key.get())) > 0) {
            return new Trial(Verdict.INVENTORY_SHORT, outcome);
        }
        return new Trial(Verdict.FITS, outcome);
    }

    void apply(Option option, ExactExecution.Outcome outcome) {
        book = outcome.after();
        if (outcome.plan() instanceof io.metaroute.core.route.Route r) {
            r.quotes().forEach(q -> quotesTaken.add(q.venue()));
        }
        option.draws().ifPresent(k -> spent.merge(k, outcome.drawn(), BigInteger::add));
    }

    private BigInteger left(Inventory.Key key) {
        return problem.inventory().of(key.chain(), key.token()).subtract(spent.getOrDefault(key, BigInteger.ZERO));
    }

    /**
     * Why an intent the optimizer left out could not, or need not, be filled at this point: an
     * option that fits and pays its costs makes it {@code NOT_SELECTED}; options that fit but whose
     * surplus over the minimum is below their costs make it {@code COSTS_EXCEED_SURPLUS}.
     */
    private BatchDecision.Reason whyNot(BatchProblem.Entry entry) {
        if (entry.options().isEmpty()) {
            return BatchDecision.Reason.NO_ROUTE;
        }
        BatchDecision.Reason reason = BatchDecision.Reason.DEADLINE_UNREACHABLE;
        boolean fitsAtALoss = false;
        for (Option option : entry.options()) {
            Trial trial = attempt(entry.intent().intent(), option);
            Verdict v = trial.verdict();
            if (v == Verdict.FITS) {
                if (Objective.surplusPpm(trial.outcome().delivered(), entry.intent().intent().minAmountOut()) >= option.costPpm()) {
                    return BatchDecision.Reason.NOT_SELECTED;
                }
                fitsAtALoss = true;
                continue;
            }
            BatchDecision.Reason r = reason(v);
            if (r.ordinal() > reason.ordinal()) {
                reason = r;
            }
        }
        return fitsAtALoss ? BatchDecision.Reason.COSTS_EXCEED_SURPLUS : reason;
    }

    private static BatchDecision.Reason reason(Verdict verdict) {
        return switch (verdict) {
            case LATE -> BatchDecision.Reason.DEADLINE_UNREACHABLE;
            case BELOW_MINIMUM -> BatchDecision.Reason.BELOW_MINIMUM;
            case INVENTORY_SHORT -> BatchDecision.Reason.INVENTORY_SHORT;
            case FITS, QUOTE_TAKEN -> BatchDecision.Reason.NOT_SELECTED;
        };
    }
}
