package io.metaroute.solver.cow;

import static io.metaroute.solver.cow.CowFixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random batches over three rollups and three assets, each with its own token on every rollup:
 * whatever the batch, value is conserved exactly, every signed minimum holds, prices are uniform
 * and the inventory never goes negative.
 */
class CowPropertyTest {
    static final List<ChainId> CHAINS = List.of(ChainId.of(710001), ChainId.of(710002), ChainId.of(710003));
    static final List<AssetId> ASSETS = List.of(AssetId.of("AAA", 6), AssetId.of("BBB", 18), AssetId.of("CCC", 8));

    static Address token(int chain, int asset) {
        return addr(0x100 * (chain + 1) + asset);
    }

    static final Assets TABLE = Assets.of(tokenTable());

    static Map<Inventory.Key, AssetId> tokenTable() {
        var table = new HashMap<Inventory.Key, AssetId>();
        for (int c = 0; c < CHAINS.size(); c++) {
            for (int a = 0; a < ASSETS.size(); a++) {
                table.put(new Inventory.Key(CHAINS.get(c), token(c, a)), ASSETS.get(a));
            }
        }
        return table;
    }

    int matches, partial, usingInventory, mirrored, leftOutByLimit;

    @Test
    void randomBatchesConserveValueHonourMinimumsAndNeverOverdrawInventory() {
        for (long seed = 1; seed <= 400; seed++) {
            check(seed);
        }
        // The generator reaches every interesting case.
        assertThat(matches).isGreaterThan(300);
        assertThat(partial).isGreaterThan(100);
        assertThat(usingInventory).isGreaterThan(50);
        assertThat(mirrored).isGreaterThan(10);
        assertThat(leftOutByLimit).isGreaterThan(100);
    }

    private void check(long seed) {
        var rnd = new Random(seed);
        // Units of each asset per unit of value: the clearing prices are their ratios.
        List<BigInteger> unitsPerValue = ASSETS.stream().map(a -> BigInteger.valueOf(1 + rnd.nextInt(5000))).toList();
        var prices = new FixedPrices();
        for (int i = 0; i < ASSETS.size(); i++) {
            for (int j = i + 1; j < ASSETS.size(); j++) {
                prices.rate(ASSETS.get(i), unitsPerValue.get(i), ASSETS.get(j), unitsPerValue.get(j));
            }
        }
        var batch = new ArrayList<CowIntent>();
        int n = 1 + rnd.nextInt(24);
        for (int k = 0; k < n; k++) {
            int in = rnd.nextInt(ASSETS.size());
            int out = (in + 1 + rnd.nextInt(ASSETS.size() - 1)) % ASSETS.size();
            int origin = rnd.nextInt(CHAINS.size());
            int dest = rnd.nextBoolean() ? rnd.nextInt(CHAINS.size()) : origin;
            long value = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(5) : 1 + rnd.nextInt(1_000_000);
            BigInteger amountIn = unitsPerValue.get(in).multiply(BigInteger.valueOf(value))
                    .add(BigInteger.valueOf(rnd.nextInt(1000)));
            BigInteger fair = amountIn.multiply(unitsPerValue.get(out)).divide(unitsPerValue.get(in));
            BigInteger min = rnd.nextInt(10) == 0 ? BigInteger.ZERO
                    : fair.multiply(BigInteger.valueOf(900 + rnd.nextInt(150))).divide(BigInteger.valueOf(1000));
            batch.add(new CowIntent(String.format("i%02d", k), CHAINS.get(origin), token(origin, in), amountIn,
                    CHAINS.get(dest), token(dest, out), min));
            if (rnd.nextInt(5) == 0) {
                // Its mirror image: the other asset, from where the first one wants it, to where the first one pays.
                BigInteger mirrorIn = fair.multiply(BigInteger.valueOf(500 + rnd.nextInt(1000))).divide(BigInteger.valueOf(1000))
                        .add(BigInteger.ONE);
                BigInteger mirrorMin = mirrorIn.multiply(unitsPerValue.get(in)).divide(unitsPerValue.get(out))
                        .multiply(BigInteger.valueOf(950)).divide(BigInteger.valueOf(1000));
                batch.add(new CowIntent(String.format("m%02d", k), CHAINS.get(dest), token(dest, out), mirrorIn,
                        CHAINS.get(origin), token(origin, in), mirrorMin));
            }
        }
        Inventory inventory = Inventory.EMPTY;
        for (int c = 0; c < CHAINS.size(); c++) {
            for (int a = 0; a < ASSETS.size(); a++) {
                if (rnd.nextBoolean()) {
                    inventory = inventory.with(CHAINS.get(c), token(c, a),
                            unitsPerValue.get(a).multiply(BigInteger.valueOf(rnd.nextInt(2_000_000))));
                }
            }
        }

        var matcher = new CowMatcher(TABLE, prices);
        CowResult result = matcher.match(batch, inventory);

        String at = "seed " + seed;
        checkFillsAndResiduals(at, batch, result);
        checkPrices(at, prices, result);
        checkConservation(at, result);
        checkInventory(at, inventory, result);

        Collections.shuffle(batch, rnd);
        assertThat(matcher.match(batch, inventory)).as(at + ": order of the batch").isEqualTo(result);
    }

    private void checkFillsAndResiduals(String at, List<CowIntent> batch, CowResult result) {
        Map<String, CowFill> fills = result.fills().stream().collect(Collectors.toMap(CowFill::intentId, Function.identity()));
        Map<String, CowIntent> residuals = result.residuals().stream().collect(Collectors.toMap(CowIntent::id, Function.identity()));
        assertThat(fills.size()).as(at).isEqualTo(result.fills().size());
        for (CowIntent intent : batch) {
            CowFill fill = fills.get(intent.id());
            CowIntent residual = residuals.get(intent.id());
            if (fill == null) {
                assertThat(residual).as(at + ": an unmatched intent is routed as signed").isEqualTo(intent);
                continue;
            }
            matches++;
            assertThat(fill.intent()).isEqualTo(intent);
            assertThat(fill.matchedIn()).as(at).isPositive().isLessThanOrEqualTo(intent.amountIn());
            assertThat(fill.received()).as(at).isPositive();
            // received >= minAmountOut * matchedIn / amountIn, exactly.
            assertThat(fill.received().multiply(intent.amountIn()))
                    .as(at + ": pro-rata minimum of " + intent.id())
                    .isGreaterThanOrEqualTo(intent.minAmountOut().multiply(fill.matchedIn()));
            if (fill.complete()) {
                assertThat(residual).as(at).isNull();
                assertThat(fill.received()).as(at).isGreaterThanOrEqualTo(intent.minAmountOut());
            } else {
                partial++;
                assertThat(residual).as(at).isEqualTo(intent.remaining(intent.amountIn().subtract(fill.matchedIn()),
                        intent.minAmountOut().subtract(fill.received()).max(BigInteger.ZERO)));
                assertThat(fill.received().add(residual.minAmountOut())).as(at).isGreaterThanOrEqualTo(intent.minAmountOut());
                // The residual's limit is no worse than the signed one.
                assertThat(residual.minAmountOut().multiply(intent.amountIn()))
                        .isLessThanOrEqualTo(intent.minAmountOut().multiply(residual.amountIn()));
            }
        }
        assertThat(residuals.keySet()).as(at).allMatch(id -> batch.stream().anyMatch(i -> i.id().equals(id)));
    }

    private void checkPrices(String at, FixedPrices prices, CowResult result) {
        for (CowMatch match : result.matches()) {
            Price p = prices.price(match.pair(), java.util.Set.of()).orElseThrow();
            assertThat(match.price()).as(at).isEqualTo(p);
            match.baseSellers().forEach(f -> assertThat(p.acceptableToBaseSeller(f.intent().amountIn(), f.intent().minAmountOut())).isTrue());
            match.quoteSellers().forEach(f -> assertThat(p.acceptableToQuoteSeller(f.intent().amountIn(), f.intent().minAmountOut())).isTrue());
            // Each side receives exactly what the other gives ...
            BigInteger base = match.baseVolume();
            BigInteger quote = match.quoteVolume();
            assertThat(sum(match.quoteSellers(), CowFill::received)).as(at).isEqualTo(base);
            assertThat(sum(match.baseSellers(), CowFill::received)).as(at).isEqualTo(quote);
            // ... the long side gives the short side's value rounded down ...
            assertThat(quote.equals(p.quoteFor(base)) || base.equals(p.baseFor(quote))).as(at + ": uniform price").isTrue();
            // ... and each user gets its exact share of that, rounded down or up.
            for (CowFill f : match.baseSellers()) {
                assertThat(f.received().multiply(base).subtract(f.matchedIn().multiply(quote)).abs()).as(at).isLessThan(base);
            }
            for (CowFill f : match.quoteSellers()) {
                assertThat(f.received().multiply(quote).subtract(f.matchedIn().multiply(base)).abs()).as(at).isLessThan(quote);
            }
            if (match.usesInventory()) {
                usingInventory++;
            } else if (match.fills().stream().anyMatch(f -> !f.intent().origin().equals(f.intent().destination()))) {
                mirrored++;
            }
        }
        for (CowIntent r : result.residuals()) {
            if (result.fill(r.id()).isEmpty()) {
                AssetId in = TABLE.assetOf(r.origin(), r.tokenIn()).orElseThrow();
                AssetId out = TABLE.assetOf(r.destination(), r.tokenOut()).orElseThrow();
                Price p = prices.price(AssetPair.of(in, out), java.util.Set.of()).orElseThrow();
                boolean willing = in.compareTo(out) < 0 ? p.acceptableToBaseSeller(r.amountIn(), r.minAmountOut())
                        : p.acceptableToQuoteSeller(r.amountIn(), r.minAmountOut());
                if (!willing) {
                    leftOutByLimit++;
                }
            }
        }
    }

    /** Per asset: what users give = what users receive + what the solver's inventory gains. */
    private void checkConservation(String at, CowResult result) {
        var given = new HashMap<AssetId, BigInteger>();
        var received = new HashMap<AssetId, BigInteger>();
        var solver = new HashMap<AssetId, BigInteger>();
        var perToken = new HashMap<Inventory.Key, BigInteger>();
        for (CowFill f : result.fills()) {
            given.merge(TABLE.assetOf(f.intent().origin(), f.intent().tokenIn()).orElseThrow(), f.matchedIn(), BigInteger::add);
            received.merge(TABLE.assetOf(f.intent().destination(), f.intent().tokenOut()).orElseThrow(), f.received(), BigInteger::add);
            perToken.merge(f.intent().inputKey(), f.matchedIn(), BigInteger::add);
            perToken.merge(f.intent().outputKey(), f.received().negate(), BigInteger::add);
        }
        var moved = new HashMap<Inventory.Key, BigInteger>();
        for (InventoryMove m : result.inventoryMoves()) {
            solver.merge(TABLE.assetOf(m.chain(), m.token()).orElseThrow(), m.signedAmount(), BigInteger::add);
            moved.merge(new Inventory.Key(m.chain(), m.token()), m.signedAmount(), BigInteger::add);
        }
        for (AssetId asset : ASSETS) {
            BigInteger g = given.getOrDefault(asset, BigInteger.ZERO);
            BigInteger r = received.getOrDefault(asset, BigInteger.ZERO);
            BigInteger s = solver.getOrDefault(asset, BigInteger.ZERO);
            assertThat(g).as(at + ": conservation of " + asset).isEqualTo(r.add(s));
            assertThat(s).as(at + ": the solver keeps nothing of " + asset).isZero();
        }
        // On each rollup and token, the inventory makes up exactly the difference.
        perToken.forEach((key, net) -> assertThat(moved.getOrDefault(key, BigInteger.ZERO)).as(at + " " + key).isEqualTo(net));
        moved.forEach((key, net) -> assertThat(perToken.getOrDefault(key, BigInteger.ZERO)).as(at + " " + key).isEqualTo(net));
    }

    private void checkInventory(String at, Inventory before, CowResult result) {
        var expected = new HashMap<>(before.balances());
        var delivered = new HashMap<Inventory.Key, BigInteger>();
        for (InventoryMove m : result.inventoryMoves()) {
            var key = new Inventory.Key(m.chain(), m.token());
            expected.merge(key, m.signedAmount(), BigInteger::add);
            if (m.kind() == InventoryMove.Kind.DELIVER) {
                delivered.merge(key, m.amount(), BigInteger::add);
            }
        }
        assertThat(result.inventoryAfter().balances()).as(at).isEqualTo(expected);
        assertThat(result.inventoryAfter().balances().values()).as(at).allMatch(v -> v.signum() >= 0);
        // Deliveries come out of what was held before the batch, never out of this batch's replenishments.
        delivered.forEach((key, amount) -> assertThat(amount).as(at + " " + key)
                .isLessThanOrEqualTo(before.of(key.chain(), key.token())));
    }

    private static BigInteger sum(List<CowFill> fills, Function<CowFill, BigInteger> f) {
        return fills.stream().map(f).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
