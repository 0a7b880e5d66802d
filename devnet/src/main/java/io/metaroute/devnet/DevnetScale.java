package io.metaroute.devnet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The devnet's scale option: {@code tokens} tokens and {@code poolsPerRollup} pools on every
 * rollup, the same for the same seed. The four base tokens and each rollup's five base pools stay as
 * they are; extra tokens ({@code X05}, {@code X06}, …, 18 decimals) get a reference price in USD
 * (log-uniform from 0.01 to 10,000), and extra pools connect them — every extra token first to a
 * base token, then random distinct pairs — with a depth of 50,000 to 5,000,000 USD (log-uniform) at
 * the reference prices, each off by up to 0.3% on its rollup, so the market is consistent within
 * the fee band and there is something to route and arbitrage across rollups.
 */
public record DevnetScale(int tokens, int poolsPerRollup, long seed) {
    private static final int BASE_TOKENS = DevnetTokens.SYMBOLS.size();

    public DevnetScale {
        if (tokens < BASE_TOKENS || tokens > 999) {
            throw new IllegalArgumentException("metaroute.devnet.scale.tokens must be " + BASE_TOKENS + " to 999, got " + tokens);
        }
        long pairs = (long) tokens * (tokens - 1) / 2;
        if (poolsPerRollup < 1 || poolsPerRollup > pairs) {
            throw new IllegalArgumentException("metaroute.devnet.scale.pools must be 1 to " + pairs + " (every pair of " + tokens
                    + " tokens once), got " + poolsPerRollup);
        }
    }

    /** The default devnet: the base tokens and pools only. */
    public boolean isBase() {
        return tokens == BASE_TOKENS;
    }

    /** {@code specs} with this scale's tokens and pools added; unchanged when it adds none. */
    public List<RollupSpec> apply(List<RollupSpec> specs) {
        List<String> extra = new ArrayList<>();
        for (int i = BASE_TOKENS + 1; i <= tokens; i++) {
            extra.add(String.format("X%02d", i));
        }
        double[] usd = prices(extra.size());
        var out = new ArrayList<RollupSpec>();
        for (int r = 0; r < specs.size(); r++) {
            RollupSpec s = specs.get(r);
            if (extra.isEmpty() && s.pools().size() >= poolsPerRollup) {
                out.add(s);
                continue;
            }
            out.add(new RollupSpec(s.name(), s.profile(), s.chainId(), s.domain(), s.blockTime(), s.baseFeeWei(),
                    pools(s, extra, usd, basePrices(s), new SplittableRandom(seed * 7919 + r)), extra));
        }
        return out;
    }

    private double[] prices(int n) {
        var random = new Random(seed);
        double[] usd = new double[n];
        for (int i = 0; i < n; i++) {
            usd[i] = Math.pow(10, -2 + 6 * random.nextDouble());
        }
        return usd;
    }

    /**
     * The base tokens' prices in USD on {@code spec}'s rollup as its base pools set them, USDC at 1: the
     * rollups price WETH differently on purpose (arbitrage across rollups), and extra pools at one global
     * WETH price would sit 2-3% from a rollup's own base pools, an arbitrage within the rollup that no
     * market keeps. The base pools disagree among themselves by up to 1%, so each token takes the
     * least-squares fit of log prices over them (Gauss-Seidel sweeps), not the first pool found.
     */
    private static java.util.Map<String, Double> basePrices(RollupSpec spec) {
        var log = new java.util.HashMap<String, Double>();
        log.put("USDC", 0.0);
        for (boolean grew = true; grew; ) { // a first guess along the pools, so every sweep below has neighbours
            grew = false;
            for (PoolSeed p : spec.pools()) {
                double rate = Math.log((double) p.millionthsA() / p.millionthsB()); // log price of B in A
                if (log.containsKey(p.symbolA()) != log.containsKey(p.symbolB())) {
                    if (log.containsKey(p.symbolA())) {
                        log.put(p.symbolB(), log.get(p.symbolA()) + rate);
                    } else {
                        log.put(p.symbolA(), log.get(p.symbolB()) - rate);
                    }
                    grew = true;
                }
            }
        }
        for (int sweep = 0; sweep < 200; sweep++) {
            for (String token : log.keySet()) {
                if (token.equals("USDC")) {
                    continue;
                }
                double sum = 0;
                int n = 0;
                for (PoolSeed p : spec.pools()) {
                    double rate = Math.log((double) p.millionthsA() / p.millionthsB());
                    if (p.symbolB().equals(token) && log.containsKey(p.symbolA())) {
                        sum += log.get(p.symbolA()) + rate;
                        n++;
                    } else if (p.symbolA().equals(token) && log.containsKey(p.symbolB())) {
                        sum += log.get(p.symbolB()) - rate;
                        n++;
                    }
                }
                log.put(token, sum / n);
            }
        }
        var prices = new java.util.HashMap<String, Double>();
        log.forEach((token, l) -> prices.put(token, Math.exp(l)));
        return prices;
    }

    private List<PoolSeed> pools(RollupSpec spec, List<String> extra, double[] usd, java.util.Map<String, Double> base,
                                 SplittableRandom random) {
        var pools = new ArrayList<>(spec.pools());
        Set<String> pairs = new HashSet<>();
        spec.pools().forEach(p -> pairs.add(key(p.symbolA(), p.symbolB())));
        List<String> all = new ArrayList<>(DevnetTokens.SYMBOLS);
        all.addAll(extra);
        for (int i = 0; i < extra.size() && pools.size() < poolsPerRollup; i++) {
            String baseToken = DevnetTokens.SYMBOLS.get(random.nextInt(BASE_TOKENS));
            add(pools, pairs, extra.get(i), baseToken, extra, usd, base, random);
        }
        while (pools.size() < poolsPerRollup) {
            String a = all.get(random.nextInt(all.size()));
            String b = all.get(random.nextInt(all.size()));
            if (!a.equals(b)) {
                add(pools, pairs, a, b, extra, usd, base, random);
            }
        }
        return pools;
    }

    private static void add(List<PoolSeed> pools, Set<String> pairs, String a, String b, List<String> extra, double[] usd,
                            java.util.Map<String, Double> base, SplittableRandom random) {
        if (!pairs.add(key(a, b))) {
            return;
        }
        double depth = Math.pow(10, Math.log10(50_000) + 2 * random.nextDouble()); // 50k to 5M USD
        double skew = 1 + (random.nextDouble() * 2 - 1) * 0.003;
        // in millionths of a token: whole tokens put a $10,000 token's $25,000 side 20% off its price
        long millionthsA = Math.max(1, Math.round(depth / 2 / price(a, extra, usd, base) * 1e6));
        long millionthsB = Math.max(1, Math.round(depth / 2 / price(b, extra, usd, base) * skew * 1e6));
        pools.add(PoolSeed.ofMillionths(a, millionthsA, b, millionthsB));
    }

    private static double price(String symbol, List<String> extra, double[] usd, java.util.Map<String, Double> base) {
        Double own = base.get(symbol);
        return own != null ? own : usd[extra.indexOf(symbol)];
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "/" + b : b + "/" + a;
    }
}
