package io.metaroute.bench.routing;

import io.metaroute.bench.routing.RandomNetworks.Intent;
import io.metaroute.bench.routing.RandomNetworks.Market;
import io.metaroute.bench.routing.reference.Bounds;
import io.metaroute.bench.routing.reference.DualReference;
import io.metaroute.bench.routing.reference.ExactPaths;
import io.metaroute.bench.routing.reference.GreedyRemoval;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The router as the service runs it (gas priced, a leg limit) on markets where one rollup holds
 * every pool, against the references: per case the route's legs, gross and net output, the
 * certificate, the best single path's net ({@link ExactPaths}), gross over the unlimited optimum
 * ({@link DualReference}), net over greedy removal ({@link GreedyRemoval}, with {@code greedy}) and
 * the solve time; then the counts of crashes, false certificates and cases below a reference, and
 * the time distribution. Each seed runs 4 fixed amounts (1, 1e6, 1e9, 1e12 base units) and 4 random
 * intents. With {@code -Dretime=true} each time is the least of four cold solves (no warm start) in
 * a JVM that has already routed. {@code -DfirstSeed=N} starts the seeds at N instead of 1 (fresh markets).
 *
 * <pre>
 * java -Dretime=true -cp ... io.metaroute.bench.routing.ShippedRoutingReport POOLS SEEDS MAX_LEGS [greedy|x] [nogas]
 * </pre>
 */
public final class ShippedRoutingReport {
    public static void main(String[] args) {
        int pools = Integer.parseInt(args.length > 0 ? args[0] : "100");
        int seeds = Integer.parseInt(args.length > 1 ? args[1] : "10");
        int maxLegs = Integer.parseInt(args.length > 2 ? args[2] : "8");
        boolean greedy = args.length > 3 && args[3].equals("greedy");
        boolean gasOn = !(args.length > 4 && args[4].equals("nogas"));
        var settings = new RouterSettings(105_000, 60_000, gasOn, maxLegs, BigInteger.ZERO, null);
        int falseCerts = 0, belowPath = 0, belowGreedy = 0, crashes = 0, n = 0;
        List<Double> shares = new ArrayList<>();
        List<Long> micros = new ArrayList<>();
        long firstSeed = Long.getLong("firstSeed", 1);
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            Market m = RandomNetworks.generate(seed, pools, 1, 0);
            var router = new Router(m.network(), settings);
            var random = new SplittableRandom(seed * 31);
            for (int k = 0; k < 8; k++) {
                Intent it = RandomNetworks.intent(m, random);
                BigInteger amount = switch (k) {
                    case 0 -> BigInteger.ONE;
                    case 1 -> BigInteger.valueOf(1_000_000);
                    case 2 -> BigInteger.valueOf(1_000_000_000);
                    case 3 -> BigInteger.valueOf(1_000_000_000_000L);
                    default -> it.amountIn();
                };
                n++;
                var req = new RouteRequest(it.chain(), it.tokenIn(), it.tokenOut(), amount);
                var chainPools = m.poolsOn(it.chain());
                RouteOutcome o;
                long t0 = System.nanoTime();
                try {
                    o = router.route(m.snapshot(), req);
                } catch (RuntimeException e) {
                    crashes++;
                    System.out.println("seed " + seed + " k " + k + " amount " + amount + ": CRASH " + e);
                    continue;
                }
                long first = (System.nanoTime() - t0) / 1000;
                if (Boolean.getBoolean("retime")) {
                    // Cold solves (no warm start) in a JVM that has run the router before.
                    for (int rep = 0; rep < 3; rep++) {
                        long t1 = System.nanoTime();
                        router.route(m.snapshot(), req);
                        first = Math.min(first, (System.nanoTime() - t1) / 1000);
                    }
                }
                micros.add(first);
                var gas = (java.util.function.IntFunction<BigInteger>) legs -> router.gasCost(m.snapshot(), it.chain(), it.tokenOut(), legs);
                List<BigInteger> byHops = ExactPaths.bestByHops(chainPools, it.tokenIn(), it.tokenOut(), amount, maxLegs);
                BigInteger pathNet = null;
                for (int h = 1; h <= byHops.size(); h++) {
                    if (byHops.get(h - 1).signum() > 0) {
                        BigInteger v = byHops.get(h - 1).subtract(gas.apply(h));
                        pathNet = pathNet == null ? v : pathNet.max(v);
                    }
                }
                if (System.getProperty("only", "").equals(seed + ":" + k)) {
                    System.out.println("byHops " + byHops + " gas1 " + gas.apply(1));
                    if (o instanceof RouteOutcome.Found ff) {
                        ff.route().legs().forEach(l -> System.out.println("  leg " + l));
                        System.out.println("  cert " + ff.certificate());
                    }
                }
                Bounds ref = DualReference.solve(chainPools, it.tokenIn(), it.tokenOut(), amount);
                BigDecimal greedyNet = null;
                if (greedy && k >= 4) {
                    greedyNet = GreedyRemoval.bestNet(GreedyRemoval.run(chainPools, it.tokenIn(), it.tokenOut(), amount), maxLegs, gas);
                }
                if (!(o instanceof RouteOutcome.Found f)) {
                    System.out.println("seed " + seed + " k " + k + " amount " + amount + ": " + o + " pathNet " + pathNet);
                    if (pathNet != null && pathNet.signum() > 0) {
                        belowPath++;
                    }
                    continue;
                }
                BigInteger net = f.certificate().value();
                BigInteger bound = f.certificate().upperBound();
                boolean certFalse = (pathNet != null && bound.compareTo(pathNet) < 0) || bound.compareTo(net) < 0;
                if (certFalse) {
                    falseCerts++;
                }
                if (pathNet != null && net.compareTo(pathNet) < 0) {
                    belowPath++;
                }
                double share = ref.upper().signum() == 0 ? 1 : new BigDecimal(f.plan().amountOut()).divide(ref.upper(), MathContext.DECIMAL64).doubleValue();
                if (k >= 4) {
                    shares.add(share);
                }
                double vsGreedy = greedyNet == null || greedyNet.signum() <= 0 ? Double.NaN
                        : new BigDecimal(net).divide(greedyNet, MathContext.DECIMAL64).doubleValue();
                if (vsGreedy < 1 - 1e-6) {
                    belowGreedy++;
                }
                System.out.printf(Locale.ROOT, "seed %d k %d amount %s: legs %d out %s net %s bound %s gap %.2e | path %s | gross/ref %.6f | net/greedy %.6f | refActive %d | %d us%s%n",
                        seed, k, amount, f.route().legs().size(), f.plan().amountOut(), net, bound, f.certificate().gap(), pathNet,
                        share, vsGreedy, ref.activePools(), micros.get(micros.size() - 1), certFalse ? " FALSE-CERT" : "");
            }
        }
        shares.sort(null);
        micros.sort(null);
        System.out.printf(Locale.ROOT, "cases %d crashes %d falseCerts %d belowPath %d belowGreedy %d; share min %.6f p10 %.6f; time p50 %d p99 %d max %d us%n",
                n, crashes, falseCerts, belowPath, belowGreedy, shares.isEmpty() ? 1 : shares.get(0),
                shares.isEmpty() ? 1 : shares.get(shares.size() / 10), micros.get(micros.size() / 2),
                micros.get((int) (micros.size() * 0.99)), micros.get(micros.size() - 1));
    }
}
