package io.metaroute.bench.batch;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.token.Token;
import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.candidates.CandidateSource;
import io.metaroute.solver.batch.candidates.CarryCandidates;
import io.metaroute.solver.routing.Inventory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A reproducible market for the batch benchmark: three rollups with six tokens each, most pairs
 * pooled (USDC/WETH and USDC/USDT twice, a shallow and a deep pool), reserves of $0.3M-$5M a side
 * with mid prices up to 0.5% off the reference, the solver's USDC and WETH inventory on every
 * rollup, and a stream of intents: $200-$30k each (log-uniform), 15% cross-rollup, minimums
 * 0.2%-1.5% below the best quote on the untouched snapshot, deadlines of one to ten minutes (3%
 * due within 3 s).
 */
final class SyntheticMarket {
    record Asset(String symbol, Address address, int decimals, double usd) {
    }

    static final List<ChainId> CHAINS = List.of(ChainId.of(710001), ChainId.of(710002), ChainId.of(710003));
    static final List<Asset> ASSETS = List.of(
            new Asset("USDC", addr(0xa1), 6, 1.0),
            new Asset("USDT", addr(0xa2), 6, 1.0),
            new Asset("DAI", addr(0xa3), 18, 1.0),
            new Asset("WETH", addr(0xa4), 18, 2_000.0),
            new Asset("WBTC", addr(0xa5), 8, 40_000.0),
            new Asset("ARB", addr(0xa6), 18, 0.8));
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    final Network network;
    final MarketSnapshot snapshot;
    final Inventory inventory;
    final List<CarryCandidates.Carry> carries;

    private SyntheticMarket(Network network, MarketSnapshot snapshot, Inventory inventory, List<CarryCandidates.Carry> carries) {
        this.network = network;
        this.snapshot = snapshot;
        this.inventory = inventory;
        this.carries = carries;
    }

    static Address addr(int n) {
        return Address.of(String.format("0x%040x", n));
    }

    static SyntheticMarket generate(long seed) {
        var rnd = new Random(seed);
        var rollups = new ArrayList<Rollup>();
        var pools = new HashMap<PoolKey, PoolState>();
        Inventory inventory = Inventory.EMPTY;
        int poolId = 1;
        for (int c = 0; c < CHAINS.size(); c++) {
            ChainId chain = CHAINS.get(c);
            var tokens = ASSETS.stream().map(a -> new Token(chain, a.address(), a.symbol(), a.decimals())).toList();
            rollups.add(new Rollup("rollup-" + c, RollupProfile.values()[c % RollupProfile.values().length], chain,
                    Domain.of(1000 + c), URI.create("http://127.0.0.1:1"), null, Duration.ofSeconds(1 + c),
                    BigInteger.valueOf(10_000_000L * (1 + c)), addr(0x900 + c), addr(0x910 + c), tokens, List.of()));
            for (int i = 0; i < ASSETS.size(); i++) {
                for (int j = i + 1; j < ASSETS.size(); j++) {
                    boolean core = i == 0 || ASSETS.get(i).symbol().equals("WETH") || ASSETS.get(j).symbol().equals("WETH");
                    if (!core && rnd.nextDouble() < 0.4) {
                        continue;
                    }
                    boolean twice = i == 0 && (ASSETS.get(j).symbol().equals("WETH") || ASSETS.get(j).symbol().equals("USDT"));
                    for (int k = 0; k < (twice ? 2 : 1); k++) {
                        double depth = k == 0 && twice ? 300_000 + rnd.nextDouble() * 300_000 : 300_000 + rnd.nextDouble() * 4_700_000;
                        double skew = 1 + (rnd.nextDouble() - 0.5) * 0.01;
                        var p = pool(chain, poolId++, ASSETS.get(i), ASSETS.get(j), depth, depth * skew);
                        pools.put(p.key(), p);
                    }
                }
            }
            inventory = inventory.with(chain, ASSETS.get(0).address(), amount(ASSETS.get(0), 150_000))
                    .with(chain, ASSETS.get(3).address(), amount(ASSETS.get(3), 150_000));
        }
        var carries = new ArrayList<CarryCandidates.Carry>();
        for (ChainId from : CHAINS) {
            for (ChainId to : CHAINS) {
                if (!from.equals(to)) {
                    carries.add(new CarryCandidates.Carry(from, ASSETS.get(0).address(), to, ASSETS.get(0).address(), amount(ASSETS.get(0), 0.5)));
                    carries.add(new CarryCandidates.Carry(from, ASSETS.get(3).address(), to, ASSETS.get(3).address(), amount(ASSETS.get(3), 0.5)));
                }
            }
        }
        return new SyntheticMarket(new Network(rollups), new MarketSnapshot(1, NOW, pools), inventory, carries);
    }

    /** {@code count} intents in arrival order, minimums set from the best candidate of {@code quotes} on the snapshot. */
    List<BatchIntent> intents(int count, long seed, List<CandidateSource> quotes) {
        var rnd = new Random(seed);
        var out = new ArrayList<BatchIntent>(count);
        for (int n = 0; n < count; n++) {
            ChainId from = CHAINS.get(rnd.nextInt(CHAINS.size()));
            ChainId to = rnd.nextDouble() < 0.15 ? CHAINS.get((CHAINS.indexOf(from) + 1 + rnd.nextInt(CHAINS.size() - 1)) % CHAINS.size()) : from;
            Asset in = ASSETS.get(rnd.nextInt(ASSETS.size()));
            Asset outAsset = ASSETS.get(rnd.nextInt(ASSETS.size()));
            if (from.equals(to) && in.equals(outAsset)) {
                outAsset = ASSETS.get((ASSETS.indexOf(in) + 1 + rnd.nextInt(ASSETS.size() - 1)) % ASSETS.size());
            }
            double usd = Math.exp(Math.log(200) + rnd.nextDouble() * (Math.log(30_000) - Math.log(200)));
            BigInteger amountIn = amount(in, usd);
            long deadline = NOW.getEpochSecond() + (rnd.nextDouble() < 0.03 ? 3 : 60 + rnd.nextInt(540));
            double slippage = 0.002 + rnd.nextDouble() * 0.013;
            var probe = intent(n, from, to, in, amountIn, outAsset, BigInteger.ONE, deadline);
            BigInteger best = BigInteger.ZERO;
            for (CandidateSource source : quotes) {
                for (var c : source.candidates(probe, snapshot)) {
                    best = best.max(c.plan().amountOut());
                }
            }
            BigInteger min = new BigDecimal(best).multiply(BigDecimal.valueOf(1 - slippage)).toBigInteger().max(BigInteger.ONE);
            out.add(new BatchIntent(n, intent(n, from, to, in, amountIn, outAsset, min, deadline), NOW));
        }
        return out;
    }

    private static SwapIntent intent(int n, ChainId from, ChainId to, Asset in, BigInteger amountIn, Asset out, BigInteger min,
                                     long deadline) {
        return new SwapIntent(addr(0x10000 + n), addr(0x20000 + n), BigInteger.valueOf(n), from, to, in.address(), amountIn,
                out.address(), min, deadline);
    }

    static BigInteger amount(Asset asset, double usd) {
        return BigDecimal.valueOf(usd / asset.usd()).movePointRight(asset.decimals()).toBigInteger().max(BigInteger.ONE);
    }

    private static PoolState pool(ChainId chain, int id, Asset a, Asset b, double usdA, double usdB) {
        boolean aFirst = a.address().hex().compareTo(b.address().hex()) < 0;
        BigInteger ra = amount(a, usdA);
        BigInteger rb = amount(b, usdB);
        return new PoolState(chain, addr(0x100000 + id), aFirst ? a.address() : b.address(), aFirst ? b.address() : a.address(),
                aFirst ? ra : rb, aFirst ? rb : ra, 1);
    }

    Map<String, Long> poolsPerChain() {
        var counts = new HashMap<String, Long>();
        snapshot.pools().values().forEach(p -> counts.merge(p.chain().toString(), 1L, Long::sum));
        return counts;
    }
}
