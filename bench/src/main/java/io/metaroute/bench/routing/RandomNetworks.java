package io.metaroute.bench.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.token.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded random markets for routing benchmarks and quality tests: a {@link Network} of 3–8 rollups
 * (distinct chain ids and domains, endpoints on the reserved {@code .invalid} domain) with a
 * {@link MarketSnapshot} of constant-product pools.
 *
 * <p>Every token symbol has a reference price in USD. A pool's reserves hold the same USD value on
 * both sides (log-uniform between {@link #MIN_DEPTH_USD} and {@link #MAX_DEPTH_USD}), so its
 * reserve ratio is the price ratio, times a random factor within ±{@link #PRICE_NOISE}. The noise
 * is inside the 0.3% fee band, so no cycle of pools pays an arbitrage: the optimal route for an
 * intent is finite and made of trades that really move the input towards the output.
 *
 * <p>The same seed always gives the same network, snapshot and intents.
 */
public final class RandomNetworks {
    public static final double MIN_DEPTH_USD = 1e3;
    public static final double MIN_INTENT_USD = 100;
    public static final double MAX_DEPTH_USD = 1e8;
    /**
     * Largest relative deviation of a pool's reserve ratio from the reference price ratio: just inside
     * the 0.3% fee band, with room left for the rounding of reserves to integers.
     */
    public static final double PRICE_NOISE = 0.0029;
    /** Most pools one pair of tokens gets on one rollup (as if on as many DEXes), while pairs remain. */
    public static final int MAX_POOLS_PER_PAIR = 3;
    public static final Instant TAKEN_AT = Instant.parse("2026-11-24T00:00:00Z");

    private static final MathContext MC = MathContext.DECIMAL128;

    /** Hub tokens every rollup lists first, with their USD price and decimals. */
    private static final List<Listing> HUBS = List.of(
            new Listing("WETH", 3_000.0, 18, 4.0),
            new Listing("USDC", 1.0, 6, 4.0),
            new Listing("USDT", 1.0, 6, 2.5),
            new Listing("DAI", 1.0, 18, 2.0),
            new Listing("WBTC", 90_000.0, 8, 2.0));
    private static final int[] TAIL_DECIMALS = {6, 8, 9, 12, 18, 18, 18};

    private RandomNetworks() {
    }

    /** A generated market: the network, its snapshot, and each token's reference price in USD per whole token. */
    public record Market(long seed, Network network, MarketSnapshot snapshot, Map<Token, Double> referencePriceUsd) {
        public Rollup rollup(ChainId chain) {
            return network.rollup(chain).orElseThrow();
        }

        public List<PoolState> poolsOn(ChainId chain) {
            return snapshot.poolsOn(chain);
        }

        public int poolCount() {
            return snapshot.pools().size();
        }
    }

    /**
     * A same-rollup swap: sell exactly {@code amountIn} of {@code tokenIn}. {@code depthFraction} is
     * {@code amountIn} over the total reserves of {@code tokenIn} in the pools that hold it.
     */
    public record Intent(ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn, double depthFraction) {
    }

    private record Listing(String symbol, double priceUsd, int decimals, double weight) {
    }

    /** {@code pools} pools over 3 to 8 rollups. */
    public static Market generate(long seed, int pools) {
        var random = new SplittableRandom(seed);
        int rollups = random.nextInt(3, 9);
        return generate(seed, random, pools, rollups, 0);
    }

    /**
     * {@code pools} pools over exactly {@code rollups} rollups; {@code tokensPerRollup} tokens on each
     * (0: chosen from the rollup's pool count).
     */
    public static Market generate(long seed, int pools, int rollups, int tokensPerRollup) {
        return generate(seed, new SplittableRandom(seed), pools, rollups, tokensPerRollup);
    }

    private static Market generate(long seed, SplittableRandom random, int pools, int rollups, int tokensPerRollup) {
        if (rollups < 1 || pools < 2 * rollups) {
            throw new IllegalArgumentException("need at least two pools per rollup, got " + pools + " over " + rollups);
        }
        int[] poolsPer = share(random, pools, rollups);
        Map<String, Listing> listings = new HashMap<>();
        HUBS.forEach(h -> listings.put(h.symbol(), new Listing(h.symbol(), h.priceUsd() * (1 + 0.05 * (random.nextDouble() - 0.5)), h.decimals(), h.weight())));
        var rollupList = new ArrayList<Rollup>();
        var states = new LinkedHashMap<PoolKey, PoolState>();
        var prices = new LinkedHashMap<Token, Double>();
        Set<Long> chainIds = new HashSet<>();
        Set<Long> domains = new HashSet<>();
        for (int r = 0; r < rollups; r++) {
            long chainId;
            do {
                chainId = 900_000L + random.nextInt(1, 90_000);
            } while (!chainIds.add(chainId));
            long domain;
            do {
                domain = 1_000_000L + random.nextInt(1, 1_000_000);
            } while (!domains.add(domain));
            var chain = ChainId.of(chainId);
            int tokenCount = tokensPerRollup > 0 ? tokensPerRollup : tokensFor(poolsPer[r]);
            tokenCount = Math.max(2, Math.min(tokenCount, poolsPer[r] + 1));
            var listed = new ArrayList<Listing>();
            for (int t = 0; t < tokenCount; t++) {
                if (t < HUBS.size()) {
                    listed.add(listings.get(HUBS.get(t).symbol()));
                } else {
                    String symbol = "TKN" + (t - HUBS.size() + 1);
                    listed.add(listings.computeIfAbsent(symbol, s -> tail(random, s)));
                }
            }
            var tokens = new ArrayList<Token>();
            for (Listing l : listed) {
                var token = new Token(chain, randomAddress(random), l.symbol(), l.decimals());
                tokens.add(token);
                prices.put(token, l.priceUsd());
            }
            var refs = new ArrayList<PoolRef>();
            for (int[] pair : pairs(random, listed, poolsPer[r])) {
                Token a = tokens.get(pair[0]);
                Token b = tokens.get(pair[1]);
                PoolState state = pool(random, chain, a, listed.get(pair[0]), b, listed.get(pair[1]));
                states.put(state.key(), state);
                refs.add(new PoolRef(state.address(), state.token0(), state.token1()));
            }
            String name = "bench-" + (r + 1);
            RollupProfile profile = RollupProfile.values()[random.nextInt(RollupProfile.values().length)];
            rollupList.add(new Rollup(name, profile, chain, Domain.of(domain),
                    URI.create("https://rpc." + name + ".metaroute.invalid"),
                    URI.create("wss://ws." + name + ".metaroute.invalid"),
                    Duration.ofMillis(250L * random.nextInt(1, 9)),
                    BigInteger.valueOf(random.nextLong(1_000_000L, 50_000_000_000L)),
                    randomAddress(random), randomAddress(random), tokens, refs));
        }
        return new Market(seed, new Network(rollupList), new MarketSnapshot(1, TAKEN_AT, states), prices);
    }

    /**
     * A random intent on a random rollup of {@code market}: two distinct tokens, and an amount from a
     * millionth to {@code maxDepthFraction} of the input token's depth (log-uniform), but worth at
     * least {@link #MIN_INTENT_USD} at reference prices (so that the output is many base units and
     * integer rounding stays far below the precision the benchmarks look at).
     */
    public static Intent intent(Market market, SplittableRandom random, double maxDepthFraction) {
        var rollups = market.network().rollups();
        Rollup rollup = rollups.get(random.nextInt(rollups.size()));
        List<Token> tokens = rollup.tokens();
        int i = random.nextInt(tokens.size());
        int j = random.nextInt(tokens.size() - 1);
        if (j >= i) {
            j++;
        }
        Address in = tokens.get(i).address();
        Address out = tokens.get(j).address();
        BigInteger depth = market.poolsOn(rollup.chainId()).stream()
                .filter(p -> p.has(in)).map(p -> p.reserveOf(in)).reduce(BigInteger.ZERO, BigInteger::add);
        double fraction = Math.pow(10, Math.log10(1e-6) + (Math.log10(maxDepthFraction) - Math.log10(1e-6)) * random.nextDouble());
        BigInteger amount = new BigDecimal(depth).multiply(BigDecimal.valueOf(fraction), MC).toBigInteger();
        Token tokenIn = tokens.get(i);
        BigInteger floor = BigDecimal.valueOf(MIN_INTENT_USD / market.referencePriceUsd().get(tokenIn))
                .scaleByPowerOfTen(tokenIn.decimals()).toBigInteger();
        amount = amount.max(floor).max(BigInteger.ONE);
        double actual = new BigDecimal(amount).divide(new BigDecimal(depth), MC).doubleValue();
        return new Intent(rollup.chainId(), in, out, amount, actual);
    }

    /** An intent selling up to 30% of the input token's depth. */
    public static Intent intent(Market market, SplittableRandom random) {
        return intent(market, random, 0.3);
    }

    /**
     * {@code snapshot} one version later, with one random pool of {@code chain} changed: liquidity
     * added or removed (±10%) and its price redrawn within the noise band around the reference.
     */
    public static MarketSnapshot withOnePoolChanged(Market market, MarketSnapshot snapshot, ChainId chain, SplittableRandom random) {
        List<PoolState> pools = snapshot.poolsOn(chain).stream()
                .sorted((x, y) -> x.address().hex().compareTo(y.address().hex())).toList();
        return withPoolChanged(market, snapshot, pools.get(random.nextInt(pools.size())).key(), random);
    }

    /** {@code snapshot} one version later, with the pool {@code key} changed as {@link #withOnePoolChanged} does. */
    public static MarketSnapshot withPoolChanged(Market market, MarketSnapshot snapshot, PoolKey key, SplittableRandom random) {
        PoolState p = snapshot.pool(key).orElseThrow(() -> new IllegalArgumentException("no pool " + key));
        ChainId chain = key.chain();
        Rollup rollup = market.rollup(chain);
        Token t0 = rollup.token(p.token0()).orElseThrow();
        Token t1 = rollup.token(p.token1()).orElseThrow();
        double scale = 0.9 + 0.2 * random.nextDouble();
        BigDecimal r0 = new BigDecimal(p.reserve0()).multiply(BigDecimal.valueOf(scale), MC);
        BigDecimal r1 = fairCounterpart(r0, t0, market.referencePriceUsd().get(t0), t1, market.referencePriceUsd().get(t1))
                .multiply(BigDecimal.valueOf(noise(random)), MC);
        PoolState changed = p.withReserves(toReserve(r0), toReserve(r1), p.blockNumber() + 1);
        return snapshot.with(changed, snapshot.takenAt().plusMillis(250));
    }

    /** A long-tail token: price log-uniform from 1e-4 to 1e4 USD; pricier tokens have at least 8 decimals. */
    private static Listing tail(SplittableRandom random, String symbol) {
        double price = Math.pow(10, -4 + 8 * random.nextDouble());
        int decimals;
        do {
            decimals = TAIL_DECIMALS[random.nextInt(TAIL_DECIMALS.length)];
        } while (price > 10 && decimals < 8);
        return new Listing(symbol, price, decimals, 1.0);
    }

    private static int tokensFor(int pools) {
        // Enough pairs that most pairs have at most one or two pools.
        int t = (int) Math.round(Math.sqrt(3.0 * pools)) + 1;
        return Math.max(3, Math.min(t, 40));
    }

    private static int[] share(SplittableRandom random, int total, int parts) {
        double[] w = new double[parts];
        double sum = 0;
        for (int i = 0; i < parts; i++) {
            w[i] = 0.6 + 0.8 * random.nextDouble();
            sum += w[i];
        }
        int[] n = new int[parts];
        int given = 0;
        for (int i = 0; i < parts; i++) {
            n[i] = Math.max(2, (int) Math.floor(total * w[i] / sum));
            given += n[i];
        }
        for (int i = 0; given != total; i = (i + 1) % parts) {
            if (given < total) {
                n[i]++;
                given++;
            } else if (n[i] > 2) {
                n[i]--;
                given--;
            }
        }
        return n;
    }

    /**
     * Which pairs get a pool: first a random spanning tree (so every token is reachable), then
     * pairs drawn with a preference for hub tokens, at most {@link #MAX_POOLS_PER_PAIR} per pair
     * while other pairs remain.
     */
    private static List<int[]> pairs(SplittableRandom random, List<Listing> listed, int pools) {
        int n = listed.size();
        var result = new ArrayList<int[]>();
        var count = new HashMap<Integer, Integer>();
        for (int t = 1; t < n; t++) {
            int to = pickWeighted(random, listed, t, -1);
            result.add(new int[] {to, t});
            count.merge(to * n + t, 1, Integer::sum);
        }
        int pairsTotal = n * (n - 1) / 2;
        while (result.size() < pools) {
            int a = pickWeighted(random, listed, n, -1);
            int b = pickWeighted(random, listed, n, a);
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            int key = lo * n + hi;
            int have = count.getOrDefault(key, 0);
            boolean full = have >= MAX_POOLS_PER_PAIR && count.size() < pairsTotal;
            if (full || (have > 0 && random.nextDouble() < 0.5 && count.size() < pairsTotal)) {
                continue;
            }
            count.merge(key, 1, Integer::sum);
            result.add(new int[] {lo, hi});
        }
        return result;
    }

    private static int pickWeighted(SplittableRandom random, List<Listing> listed, int below, int except) {
        double total = 0;
        for (int i = 0; i < below; i++) {
            total += i == except ? 0 : listed.get(i).weight();
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < below; i++) {
            if (i == except) {
                continue;
            }
            x -= listed.get(i).weight();
            if (x < 0) {
                return i;
            }
        }
        return except == below - 1 ? below - 2 : below - 1;
    }

    private static PoolState pool(SplittableRandom random, ChainId chain, Token a, Listing la, Token b, Listing lb) {
        double depthUsd = Math.pow(10, Math.log10(MIN_DEPTH_USD) + (Math.log10(MAX_DEPTH_USD) - Math.log10(MIN_DEPTH_USD)) * random.nextDouble());
        BigDecimal ra = BigDecimal.valueOf(depthUsd / la.priceUsd()).scaleByPowerOfTen(a.decimals());
        BigDecimal rb = fairCounterpart(ra, a, la.priceUsd(), b, lb.priceUsd()).multiply(BigDecimal.valueOf(noise(random)), MC);
        boolean aFirst = a.address().hex().compareTo(b.address().hex()) < 0;
        BigInteger ia = toReserve(ra);
        BigInteger ib = toReserve(rb);
        return new PoolState(chain, randomAddress(random),
                aFirst ? a.address() : b.address(), aFirst ? b.address() : a.address(),
                aFirst ? ia : ib, aFirst ? ib : ia, 1_000L + random.nextInt(1_000_000));
    }

    /** The reserve of {@code b} worth as much as {@code reserveA} of {@code a} at reference prices, in base units. */
    private static BigDecimal fairCounterpart(BigDecimal reserveA, Token a, double priceA, Token b, double priceB) {
        return reserveA.scaleByPowerOfTen(-a.decimals())
                .multiply(BigDecimal.valueOf(priceA / priceB), MC)
                .scaleByPowerOfTen(b.decimals());
    }

    private static double noise(SplittableRandom random) {
        return 1 + PRICE_NOISE * (2 * random.nextDouble() - 1);
    }

    /** Rounded to base units; never below 1,000 (depth and price ranges keep real reserves far above it). */
    private static BigInteger toReserve(BigDecimal value) {
        return value.setScale(0, RoundingMode.HALF_EVEN).toBigInteger().max(BigInteger.valueOf(1_000));
    }

    private static Address randomAddress(SplittableRandom random) {
        var sb = new StringBuilder("0x");
        for (int i = 0; i < 5; i++) {
            sb.append(String.format("%08x", random.nextInt() & 0xFFFFFFFFL));
        }
        return Address.of(sb.toString());
    }
}
