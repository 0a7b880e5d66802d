package io.metaroute.solver.routing.convex;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Exact integer evaluation of programs; legs the integers round to nothing are dropped. */
record Exact(ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn, long version,
                     IntFunction<BigInteger> legCost, BigInteger quoteLegExtra) {
    Candidate of(PoolGraph g, FlowProgram program) {
        program = program.closed();
        // The replay needs only the pools and quotes the program trades in.
        Map<Address, PoolState> pools = new HashMap<>();
        Map<Address, SignedQuote> quotes = new HashMap<>();
        for (FlowProgram.Edge e : program.edges()) {
            if (g.quote(e.pool()) != null) {
                quotes.put(g.address(e.pool()), g.quote(e.pool()));
            } else {
                pools.put(g.pools[e.pool()].address(), g.pools[e.pool()]);
            }
        }
        program = program.quotesFirst(g);
        while (!program.isEmpty()) {
            Route route;
            try {
                route = replay(program.steps(g), pools, quotes);
            } catch (InvalidValueException tooLarge) {
                // A reserve past uint256: far past what any pair accepts (uint112).
                return new Candidate(null, null, program, true);
            }
            if (route == null) {
                return null;
            }
            int zero = -1;
            for (int k = 0; k < route.legs().size(); k++) {
                if (route.legs().get(k).amountOut().signum() == 0) {
                    zero = program.edges().get(k).pool();
                    break;
                }
            }
            if (zero < 0) {
                BigInteger cost = legCost.apply(route.legs().size())
                        .add(quoteLegExtra.multiply(BigInteger.valueOf(route.quotes().size())));
                return new Candidate(route, route.amountOut().subtract(cost), program, overflows(route, pools));
            }
            // Every leg the integers round to nothing goes at once (a pair refuses a swap that pays nothing):
            // one replay per round, not per leg.
            FlowProgram next = program;
            for (int k = 0; k < route.legs().size(); k++) {
                if (route.legs().get(k).amountOut().signum() == 0) {
                    next = next.without(program.edges().get(k).pool());
                }
            }
            program = next;
        }
        return null;
    }

    /**
     * The exact route of {@code steps}; a quote's share of what is held, rounded to the settler's 1e18
     * parts, may pass its amount by a few units: such a step is cut to the largest share within it (the
     * next trade out of the same token takes the rest). Null when that leaves no program the settler runs.
     */
    private Route replay(List<RouteReplay.Step> program, Map<Address, PoolState> pools, Map<Address, SignedQuote> quotes) {
        var steps = new ArrayList<>(program);
        for (int tries = 0; tries <= quotes.size(); tries++) {
            try {
                return RouteReplay.run(chain, tokenIn, tokenOut, amountIn, steps, pools, quotes, version).route();
            } catch (RouteReplay.QuoteOverrun over) {
                RouteReplay.Step s = steps.get(over.step());
                BigInteger cap = quotes.get(s.pool()).quote().amountIn();
                long share = cap.multiply(BigInteger.valueOf(Leg.ALL)).divide(over.held()).longValueExact();
                if (share <= 0 || share >= Leg.ALL) {
                    return null;
                }
                steps.set(over.step(), new RouteReplay.Step(s.pool(), s.tokenIn(), s.tokenOut(), share));
            } catch (InvalidValueException tooLarge) {
                throw tooLarge;
            } catch (IllegalArgumentException notRunnable) {
                // What a cut quote step left unsold, or a step the quotes cannot take.
                if (quotes.isEmpty()) {
                    throw notRunnable;
                }
                return null;
            }
        }
        return null;
    }

    /** Whether some leg would push its pair's input reserve past 2¹¹²−1, which the pair refuses. */
    private static boolean overflows(Route route, Map<Address, PoolState> pools) {
        Map<List<Address>, BigInteger> added = new HashMap<>();
        for (var leg : route.poolLegs()) {
            BigInteger in = added.merge(List.of(leg.pool(), leg.tokenIn()), leg.amountIn(), BigInteger::add);
            if (pools.get(leg.pool()).reserveOf(leg.tokenIn()).add(in).compareTo(SplitRouter.MAX_RESERVE) > 0) {
                return true;
            }
        }
        return false;
    }
}
