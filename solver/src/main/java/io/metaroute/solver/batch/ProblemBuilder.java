package io.metaroute.solver.batch;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import io.metaroute.solver.batch.candidates.Candidate;
import io.metaroute.solver.batch.candidates.CandidateSource;
import io.metaroute.solver.routing.Inventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Turns the intents of a batch into a {@link BatchProblem}: orders them by arrival, asks every
 * candidate source for options (in the sources' order; the same plan offered twice is kept once),
 * and keeps only options that really fill the intent (same chains, tokens and input) over pools
 * the snapshot knows. Large batches are routed on several cores.
 */
public final class ProblemBuilder {
    private static final int PARALLEL_FROM = 64;

    private final List<CandidateSource> sources;
    private final CompletionModel completion;

    public ProblemBuilder(List<CandidateSource> sources, CompletionModel completion) {
        this.sources = List.copyOf(sources);
        this.completion = Objects.requireNonNull(completion, "completion");
        if (this.sources.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate source is needed");
        }
    }

    public BatchProblem build(long batch, List<BatchIntent> intents, MarketSnapshot snapshot, Inventory inventory, Instant now) {
        var ordered = intents.stream().sorted(Comparator.comparingLong(BatchIntent::sequence)).toList();
        Stream<BatchIntent> stream = ordered.size() >= PARALLEL_FROM ? ordered.parallelStream() : ordered.stream();
        var entries = stream.map(i -> new BatchProblem.Entry(i, options(i.intent(), snapshot, now))).toList();
        return new BatchProblem(batch, now, snapshot, inventory, entries);
    }

    private List<Option> options(SwapIntent intent, MarketSnapshot snapshot, Instant now) {
        var unique = new LinkedHashMap<Plan, Candidate>();
        for (CandidateSource source : sources) {
            for (Candidate c : source.candidates(intent, snapshot)) {
                if (fills(c.plan(), intent) && known(c.plan(), snapshot)) {
                    unique.putIfAbsent(c.plan(), c);
                }
            }
        }
        var options = new ArrayList<Option>(unique.size());
        for (Candidate c : unique.values()) {
            options.add(new Option(c.plan(), c.costs(), c.source(), completion.estimate(c.plan(), now),
                    Objective.costPpm(c.plan(), c.costs(), intent.minAmountOut())));
        }
        return options;
    }

    private static boolean fills(Plan plan, SwapIntent intent) {
        return plan.originChain().equals(intent.originChainId())
                && plan.destinationChain().equals(intent.destinationChainId())
                && plan.tokenIn().equals(intent.tokenIn())
                && plan.tokenOut().equals(intent.tokenOut())
                && plan.amountIn().equals(intent.amountIn());
    }

    private static boolean known(Plan plan, MarketSnapshot snapshot) {
        return switch (plan) {
            case Route r -> known(r.chain(), r.poolLegs(), snapshot);
            case CrossRollupRoute c -> c.origin().map(r -> known(r.chain(), r.poolLegs(), snapshot)).orElse(true)
                    && c.destination().map(r -> known(r.chain(), r.poolLegs(), snapshot)).orElse(true);
        };
    }

    private static boolean known(ChainId chain, List<Leg> legs, MarketSnapshot snapshot) {
        for (Leg leg : legs) {
            var pool = snapshot.pool(new PoolKey(chain, leg.pool()));
            if (pool.isEmpty() || !pool.get().has(leg.tokenIn()) || !pool.get().other(leg.tokenIn()).equals(leg.tokenOut())) {
                return false;
            }
        }
        return true;
    }
}
