package io.metaroute.solver.batch;

import io.metaroute.core.chain.Address;
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
 * Per rollup and token pair, intents are taken in arrival order in chunks the settler can take in
 * one transaction (up to 8 from each direction). A chunk whose match would leave some member with
 * less than its route alone pays is matched again without those members, a few times at most.
 * Rollups are matched in parallel (they share no pools); the time this takes is mostly the
 * reference solve of each member's route alone.
 */
public final class MatchStage {
    /** Rounds of matching a chunk again without the members that fell short. */
    private static final int MAX_ATTEMPTS = 4;

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
        // A match is settled by one settler, so its members are on one rollup and trade one token pair.
        var groups = new TreeMap<String, List<BatchIntent>>();
        for (BatchIntent i : intents) {
            var s = i.intent();
            if (s.originChainId().equals(s.destinationChainId())) {
                byId.put(idOf(i), i);
                String a = s.tokenIn().hex();
                String b = s.tokenOut().hex();
                String key = s.originChainId() + "/" + (a.compareTo(b) < 0 ? a + "/" + b : b + "/" + a);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        var matcher = new CowMatcher(assets, new PoolPrices(market, assets));
        // Rollups share no pools: each is matched on its own, in parallel; within one, groups run in
        // order, each on the pools the previous matches left.
        var byChain = new TreeMap<String, List<List<BatchIntent>>>();
        groups.forEach((key, group) -> byChain.computeIfAbsent(key.substring(0, key.indexOf('/')), c -> new ArrayList<>()).add(group));
        List<List<MatchSettlement>> perChain = byChain.values().parallelStream()
                .map(chainGroups -> {
                    var settlements = new ArrayList<MatchSettlement>();
                    MarketSnapshot view = market;
                    for (List<BatchIntent> group : chainGroups) {
                        for (List<BatchIntent> chunk : chunks(group)) {
                            Optional<MatchSettlement> s = settleChunk(matcher, chunk, view);
                            if (s.isPresent()) {
                                settlements.add(s.get());
                                view = withPools(view, s.get().poolsAfter().values());
                            }
                        }
                    }
                    return (List<MatchSettlement>) settlements;
                })
                .toList();
        var decisions = new ArrayList<BatchDecision.Matched>();
        Set<String> settled = new HashSet<>();
        MarketSnapshot after = market;
        for (List<MatchSettlement> settlements : perChain) {
            for (MatchSettlement s : settlements) {
                for (MatchSettlement.Member m : s.members()) {
                    decisions.add(new BatchDecision.Matched(batch, byId.get(m.intentId()), s));
                    settled.add(m.intentId());
                }
                after = withPools(after, s.poolsAfter().values());
            }
        }
        if (decisions.isEmpty()) {
            return Staged.nothing(intents, market);
        }
        decisions.sort(java.util.Comparator.comparingLong(d -> d.intent().sequence()));
        List<BatchIntent> rest = intents.stream().filter(i -> !settled.contains(idOf(i))).toList();
        return new Staged(decisions, rest, after);
    }

    /**
     * Matches one chunk; when members would fall short (a price the deepest pool sets but another pool
     * beats for them, or a rest too large to route well together), matches again without them.
     */
    private Optional<MatchSettlement> settleChunk(CowMatcher matcher, List<BatchIntent> chunk, MarketSnapshot market) {
        List<CowIntent> candidates = new ArrayList<>(chunk.stream().map(i -> CowIntent.of(idOf(i), i.intent())).toList());
        Map<String, java.math.BigInteger> alone = new HashMap<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS && candidates.size() >= 2; attempt++) {
            List<CowMatch> matches = matcher.match(candidates, Inventory.EMPTY).matches();
            if (matches.isEmpty()) {
                return Optional.empty();
            }
            switch (settler.attempt(matches.getFirst(), market, alone)) {
                case MatchSettler.Attempt.Settled s -> {
                    return Optional.of(s.settlement());
                }
                case MatchSettler.Attempt.Refused r when !r.shortMembers().isEmpty() ->
                        candidates.removeIf(c -> r.shortMembers().contains(c.id()));
                case MatchSettler.Attempt.Refused r -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Splits one rollup's intents on one token pair into chunks the settler can take in one
     * transaction: in arrival order, up to half of {@link MatchSettler#MAX_INTENTS} from each
     * direction, so every chunk has both sides while both last.
     */
    static List<List<BatchIntent>> chunks(List<BatchIntent> group) {
        Address first = group.getFirst().intent().tokenIn();
        List<BatchIntent> one = group.stream().filter(i -> i.intent().tokenIn().equals(first)).toList();
        List<BatchIntent> other = group.stream().filter(i -> !i.intent().tokenIn().equals(first)).toList();
        int half = MatchSettler.MAX_INTENTS / 2;
        var chunks = new ArrayList<List<BatchIntent>>();
        for (int k = 0; k * half < Math.min(one.size(), other.size()); k++) {
            var chunk = new ArrayList<BatchIntent>();
            chunk.addAll(one.subList(k * half, Math.min(one.size(), (k + 1) * half)));
            chunk.addAll(other.subList(k * half, Math.min(other.size(), (k + 1) * half)));
            chunks.add(chunk);
        }
        return chunks;
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
