package io.metaroute.solver.cow;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The intents of one asset pair matched against each other at one clearing price. Everything the
 * base sellers give ({@link #baseVolume()}) is received by the quote sellers and vice versa, so no
 * value is created or kept: the solver's {@link #inventoryMoves()} only move value between
 * rollups, delivering and being replenished by the same amount of each asset.
 *
 * @param baseSellers  fills of the intents selling the pair's base asset, by intent id
 * @param quoteSellers fills of the intents selling the pair's quote asset, by intent id
 */
public record CowMatch(AssetPair pair, Price price, List<CowFill> baseSellers, List<CowFill> quoteSellers,
                       List<InventoryMove> inventoryMoves) {

    public CowMatch {
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(price, "price");
        baseSellers = List.copyOf(baseSellers);
        quoteSellers = List.copyOf(quoteSellers);
        inventoryMoves = List.copyOf(inventoryMoves);
    }

    public List<CowFill> fills() {
        return Stream.concat(baseSellers.stream(), quoteSellers.stream()).toList();
    }

    /** Base given by the base sellers, all of it received by the quote sellers. */
    public BigInteger baseVolume() {
        return baseSellers.stream().map(CowFill::matchedIn).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Quote given by the quote sellers, all of it received by the base sellers. */
    public BigInteger quoteVolume() {
        return quoteSellers.stream().map(CowFill::matchedIn).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Whether the match needs the solver's inventory (it is cross-rollup and not a perfect mirror). */
    public boolean usesInventory() {
        return inventoryMoves.stream().anyMatch(m -> m.kind() == InventoryMove.Kind.DELIVER);
    }
}
