package io.metaroute.solver.cow;

import io.metaroute.core.chain.ChainId;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Coincidence of wants: matches opposite intents of a batch against each other, on one rollup or
 * across rollups, before any pool is touched, so that only the net imbalance is routed or bridged.
 *
 * <p>Intents are grouped by asset pair ({@link Assets} says which tokens are the same asset on
 * different rollups). Per pair, everything clears at one price from {@link ClearingPrices}; intents
 * whose limit is worse than that price stay out; the rest are aggregated per direction and the
 * net is matched pro rata (see {@link PairClearing}). Pairs are cleared in {@link AssetPair} order
 * and intents in id order, so the result depends only on the batch as a set.
 *
 * <p>Cross-rollup: per rollup and token, the inputs matched users pay in there settle the outputs
 * owed there. Where more is owed than paid in, the solver delivers from its inventory; where more
 * is paid in than owed, the surplus replenishes it. A user selling USDC on ember for WETH on veil
 * against one selling WETH on veil for USDC on ember therefore needs no inventory at all. A
 * delivery may use only the balance held before the batch (replenishments land later, once the
 * inputs are collected), shared by all pairs in order; a match that would overdraw a balance is
 * scaled down to the largest volume that does not.
 *
 * <p>Pure: no I/O, no clock, no shared state.
 */
public final class CowMatcher {
    private final Assets assets;
    private final ClearingPrices prices;

    public CowMatcher(Assets assets, ClearingPrices prices) {
        this.assets = Objects.requireNonNull(assets, "assets");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    public CowResult match(List<CowIntent> batch, Inventory inventory) {
        Objects.requireNonNull(inventory, "inventory");
        List<CowIntent> intents = batch.stream().sorted(Comparator.comparing(CowIntent::id)).toList();
        requireUniqueIds(intents);

        var byPair = new TreeMap<AssetPair, List<CowIntent>>();
        var sellsBase = new HashMap<String, Boolean>();
        for (CowIntent intent : intents) {
            Optional<AssetId> in = assets.assetOf(intent.origin(), intent.tokenIn());
            Optional<AssetId> out = assets.assetOf(intent.destination(), intent.tokenOut());
            if (in.isEmpty() || out.isEmpty() || in.get().equals(out.get())) {
                continue; // unknown token, or a plain bridge transfer: nothing to match it against
            }
            AssetPair pair = AssetPair.of(in.get(), out.get());
            byPair.computeIfAbsent(pair, p -> new ArrayList<>()).add(intent);
            sellsBase.put(intent.id(), pair.base().equals(in.get()));
        }

        var available = new HashMap<>(inventory.balances());
        var after = new HashMap<>(inventory.balances());
        var matches = new ArrayList<CowMatch>();
        for (var entry : byPair.entrySet()) {
            Optional<CowMatch> cleared = clearPair(entry.getKey(), entry.getValue(), sellsBase, available);
            if (cleared.isEmpty()) {
                continue;
            }
            CowMatch match = cleared.get();
            matches.add(match);
            for (InventoryMove move : match.inventoryMoves()) {
                var key = new Inventory.Key(move.chain(), move.token());
                after.merge(key, move.signedAmount(), BigInteger::add);
                if (move.kind() == InventoryMove.Kind.DELIVER) {
                    available.merge(key, move.amount().negate(), BigInteger::add);
                }
            }
        }
        return new CowResult(matches, residuals(intents, matches), new Inventory(after));
    }

    private Optional<CowMatch> clearPair(AssetPair pair, List<CowIntent> intents, Map<String, Boolean> sellsBase,
                                         Map<Inventory.Key, BigInteger> available) {
        List<CowIntent> base = intents.stream().filter(i -> sellsBase.get(i.id())).toList();
        List<CowIntent> quote = intents.stream().filter(i -> !sellsBase.get(i.id())).toList();
        if (base.isEmpty() || quote.isEmpty()) {
            return Optional.empty();
        }
        Set<ChainId> chains = new TreeSet<>();
        intents.forEach(i -> {
            chains.add(i.origin());
            chains.add(i.destination());
        });
        Optional<Price> price = prices.price(pair, chains);
        if (price.isEmpty()) {
            return Optional.empty();
        }
        Price p = price.get();
        List<CowIntent> willingBase = base.stream().filter(i -> p.acceptableToBaseSeller(i.amountIn(), i.minAmountOut())).toList();
        List<CowIntent> willingQuote = quote.stream().filter(i -> p.acceptableToQuoteSeller(i.amountIn(), i.minAmountOut())).toList();
        return PairClearing.clear(pair, p, willingBase, willingQuote, available);
    }

    private static List<CowIntent> residuals(List<CowIntent> intents, List<CowMatch> matches) {
        var fills = new HashMap<String, CowFill>();
        matches.forEach(m -> m.fills().forEach(f -> fills.put(f.intentId(), f)));
        var residuals = new ArrayList<CowIntent>();
        for (CowIntent intent : intents) {
            CowFill fill = fills.get(intent.id());
            if (fill == null) {
                residuals.add(intent);
            } else if (!fill.complete()) {
                residuals.add(intent.remaining(fill.residualIn(), fill.residualMinOut()));
            }
        }
        return residuals;
    }

    private static void requireUniqueIds(List<CowIntent> intents) {
        var seen = new HashSet<String>();
        for (CowIntent intent : intents) {
            if (!seen.add(intent.id())) {
                throw new IllegalArgumentException("intent id " + intent.id() + " appears twice in the batch");
            }
        }
    }
}
