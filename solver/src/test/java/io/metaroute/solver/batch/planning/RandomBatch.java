package io.metaroute.solver.batch.planning;

import static io.metaroute.solver.batch.BatchFixtures.*;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.BatchProblem;
import io.metaroute.solver.batch.ProblemBuilder;
import io.metaroute.solver.batch.candidates.CarryCandidates;
import io.metaroute.solver.batch.candidates.CostModel;
import io.metaroute.solver.batch.candidates.RouteFinderCandidates;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteFinder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A random two-rollup market and a random batch over it, same- and cross-rollup, for consistency tests. */
final class RandomBatch {
    private RandomBatch() {
    }

    static BatchProblem problem(long seed, int intents, double minimumFraction) {
        return problem(seed, intents, minimumFraction, 1);
    }

    /** {@code inventoryScale} multiplies the solver's inventory on rollup B (200,000 USDC and 60 WETH). */
    static BatchProblem problem(long seed, int intents, double minimumFraction, long inventoryScale) {
        var rnd = new Random(seed);
        var tokens = List.of(USDC, USDT, WETH, DAI);
        var pools = new ArrayList<PoolState>();
        int id = 1;
        for (var chain : List.of(A, B)) {
            for (int i = 0; i < tokens.size(); i++) {
                for (int j = i + 1; j < tokens.size(); j++) {
                    if (rnd.nextInt(4) == 0) {
                        continue;
                    }
                    pools.add(pool(chain, id++, tokens.get(i), tokens.get(j), reserve(tokens.get(i), rnd), reserve(tokens.get(j), rnd)));
                }
            }
        }
        var carries = List.of(new CarryCandidates.Carry(A, USDC, B, USDC, usdc(1)),
                new CarryCandidates.Carry(A, WETH, B, WETH, weth(0.0005)));
        var finder = new RouteFinder(2);
        var builder = new ProblemBuilder(List.of(new RouteFinderCandidates(finder, 3, CostModel.NONE),
                new CarryCandidates(finder, carries, CostModel.NONE)), COMPLETION);
        var batch = new ArrayList<BatchIntent>();
        for (int n = 0; n < intents; n++) {
            Address in = tokens.get(rnd.nextInt(tokens.size()));
            Address out = tokens.get(rnd.nextInt(tokens.size()));
            var to = rnd.nextInt(4) == 0 ? B : A;
            if (in.equals(out) && to.equals(A)) {
                out = in.equals(WETH) ? USDC : WETH;
            }
            BigInteger amount = reserve(in, rnd).divide(BigInteger.valueOf(50 + rnd.nextInt(500)));
            BigInteger min = estimate(in, out, amount, minimumFraction);
            batch.add(queued(n, intent(n + 1, A, in, amount, to, out, min, DEADLINE)));
        }
        BigInteger scale = BigInteger.valueOf(inventoryScale);
        var inventory = Inventory.EMPTY.with(B, USDC, usdc(200_000).multiply(scale)).with(B, WETH, weth(60).multiply(scale));
        return builder.build(1, batch, snapshot(pools), inventory, NOW);
    }

    /** Reserves worth about 1-5 million dollars. */
    private static BigInteger reserve(Address token, Random rnd) {
        double dollars = 1_000_000 + rnd.nextDouble() * 4_000_000;
        return amount(token, dollars);
    }

    private static BigInteger amount(Address token, double dollars) {
        if (token.equals(WETH)) {
            return weth(dollars / 2000);
        }
        if (token.equals(DAI)) {
            return weth(dollars);
        }
        return usdc((long) dollars);
    }

    private static double dollars(Address token, BigInteger amount) {
        if (token.equals(WETH)) {
            return amount.doubleValue() / 1e18 * 2000;
        }
        if (token.equals(DAI)) {
            return amount.doubleValue() / 1e18;
        }
        return amount.doubleValue() / 1e6;
    }

    /** The output at the reference prices, times {@code fraction}, at least one base unit. */
    private static BigInteger estimate(Address in, Address out, BigInteger amount, double fraction) {
        return amount(out, dollars(in, amount) * fraction).max(BigInteger.ONE);
    }
}
