package io.metaroute.solver.batch;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.solver.cow.Assets;
import io.metaroute.solver.cow.CowIntent;
import io.metaroute.solver.cow.CowMatch;
import io.metaroute.solver.cow.CowMatcher;
import io.metaroute.solver.cow.MatchSettlement;
import io.metaroute.solver.cow.MatchSettler;
import io.metaroute.solver.cow.PoolPrices;
import io.metaroute.solver.routing.Inventory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The first stage of a batch: opposite intents are matched against each other before any pool is
 * touched ({@link CowMatcher}), and each match that {@link MatchSettler} can settle on its rollup
 * becomes one {@link BatchDecision.Matched} per member. Only the net imbalance of a match trades
 * through pools; the intents left over are planned as usual, on the market as the matches leave
 * it.
 *
 * <p>Matching runs on the intents that start and end on one rollup: a match across rollups needs
 * Metalayer settlement to pay a user on another rollup, which cross-rollup intents wait for anyway.
 */
public final class MatchStage {
    private final Assets assets;
    private final MatchSettler settler;

    public MatchStage(Assets assets, MatchSettler settler) {
        this.assets = Objects.requireNonNull(assets, "assets");
        this.settler = Objects.requireNonNull(settler, "settler");
    }

    /** What the stage settled, what is left to plan, and the market the left-over intents see. */
    public record Staged(List<BatchDecision.Matched> matched, List<BatchIntent> rest, MarketSnapshot market) {
        public Staged {
            matched = List.copyOf(matched);
            rest = List.copyOf(rest);
        }

        static Staged nothing(List<BatchIntent> intents, MarketSnapshot market) {
            return new Staged(List.of(), intents, market);
        }
    }

    /** The matcher's name for an intent: its arrival sequence, zero-padded so names sort in arrival order. */
    public static String idOf(BatchIntent intent) {
        return String.format("%019d", intent.sequence());
    }

    public Staged stage(long batch, List<BatchIntent> intents, MarketSnapshot market) {
        Map<String, BatchIntent> byId = new HashMap<>();
        // Per rollup: a match is settled by one settler, so its members must all be on its rollup.
        var byChain = new TreeMap<ChainId, List<CowIntent>>();
        for (BatchIntent i : intents) {
            if (i.intent().originChainId().equals(i.intent().destinationChainId())) {
                byId.put(idOf(i), i);
                byChain.computeIfAbsent(i.intent().originChainId(), c -> new ArrayList<>()).add(CowIntent.of(idOf(i), i.intent()));
            }
        }
        var matcher = new CowMatcher(assets, new PoolPrices(market, assets));
        var matches = new ArrayList<CowMatch>();
        for (List<CowIntent> candidates : byChain.values()) {
            if (candidates.size() >= 2) {
                matches.addAll(matcher.match(candidates, Inventory.EMPTY).matches());
            }
        }
        if (matches.isEmpty()) {
            return Staged.nothing(intents, market);
        }
        var decisions = new ArrayList<BatchDecision.Matched>();
        Set<String> settled = new HashSet<>();
        MarketSnapshot after = market;
        for (CowMatch match : matches) {
            Optional<MatchSettlement> settlement = settler.settle(match, after);
            if (settlement.isEmpty()) {
                continue;
            }
            MatchSettlement s = settlement.get();
            for (MatchSettlement.Member m : s.members()) {
                decisions.add(new BatchDecision.Matched(batch, byId.get(m.intentId()), s));
                settled.add(m.intentId());
            }
            after = withPools(after, s.poolsAfter().values());
        }
        if (decisions.isEmpty()) {
            return Staged.nothing(intents, market);
        }
        List<BatchIntent> rest = intents.stream().filter(i -> !settled.contains(idOf(i))).toList();
        return new Staged(decisions, rest, after);
    }

    /** The same market with the pools a match traded through as it leaves them (same version: nothing was observed). */
    private static MarketSnapshot withPools(MarketSnapshot market, Iterable<PoolState> pools) {
        var next = new HashMap<>(market.pools());
        for (PoolState p : pools) {
            next.put(p.key(), p);
        }
        return new MarketSnapshot(market.version(), market.takenAt(), next);
    }
}
