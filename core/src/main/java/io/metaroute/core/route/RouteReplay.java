package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.rfq.SignedQuote;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a route program against pool states exactly as the settler does: legs in order, each
 * selling {@code held * share / 1e18} (rounded down; the whole balance when the share is all)
 * with Uniswap V2 integer math, each pool's reserves moving as the pair's would. The result is
 * the {@link Route} with its exact amounts and the pools as they are afterwards, so several
 * routes can be replayed one after another over the same pools. A step whose pool is the venue id of
 * one of the given maker quotes trades with that quote instead: at most its amount, at its price
 * rounded down, once ({@link SignedQuote}, the settler's {@code MakerQuotes}).
 */
public final class RouteReplay {

    /** One step of a program, before amounts are known. */
    public record Step(Address pool, Address tokenIn, Address tokenOut, long share) {
        public Step {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(tokenIn, "tokenIn");
            Objects.requireNonNull(tokenOut, "tokenOut");
        }

        public static Step of(Leg leg) {
            return new Step(leg.pool(), leg.tokenIn(), leg.tokenOut(), leg.share());
        }
    }

    /** A step that would sell a quote more than its amount: which step, and how much was held when it ran. */
    public static final class QuoteOverrun extends IllegalArgumentException {
        private final int step;
        private final BigInteger held;

        QuoteOverrun(int step, BigInteger held, SignedQuote quote, BigInteger in) {
            super("step " + step + ": quote " + quote.venue() + " takes at most " + quote.quote().amountIn() + ", not " + in);
            this.step = step;
            this.held = held;
        }

        public int step() {
            return step;
        }

        public BigInteger held() {
            return held;
        }
    }

    /** The exact route and the pools after it ran. */
    public record Result(Route route, Map<Address, PoolState> poolsAfter) {
    }

    private RouteReplay() {
    }

    /**
     * Runs {@code steps} on {@code pools} (by pool address, all on {@code chain}); pools not touched
     * are returned unchanged. Throws when a step names a pool that is missing or lacks its tokens.
     */
    public static Result run(ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn, List<Step> steps,
                             Map<Address, PoolState> pools, long snapshotVersion) {
        return run(chain, tokenIn, tokenOut, amountIn, steps, pools, Map.of(), snapshotVersion);
    }

    /**
     * As {@link #run(ChainId, Address, Address, BigInteger, List, Map, long)}, where steps may also take the
     * {@code quotes} (by venue id); the route lists the quotes its steps took. Throws when a step takes a
     * quote twice, beyond its amount, or for other tokens.
     */
    public static Result run(ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn, List<Step> steps,
                             Map<Address, PoolState> pools, Map<Address, SignedQuote> quotes, long snapshotVersion) {
        var after = new HashMap<>(pools);
        var held = new HashMap<Address, BigInteger>();
        held.put(tokenIn, amountIn);
        var legs = new ArrayList<Leg>(steps.size());
        var taken = new ArrayList<SignedQuote>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            SignedQuote quote = quotes.get(step.pool());
            if (quote != null) {
                legs.add(takeQuote(i, quote, step, held, taken));
                continue;
            }
            PoolState pool = after.get(step.pool());
            if (pool == null || !pool.has(step.tokenIn()) || !pool.other(step.tokenIn()).equals(step.tokenOut())) {
                throw new IllegalArgumentException("pool " + step.pool() + " does not trade " + step.tokenIn() + " for " + step.tokenOut());
            }
            BigInteger have = held.getOrDefault(step.tokenIn(), BigInteger.ZERO);
            BigInteger in = Leg.portion(have, step.share());
            BigInteger out = pool.amountOut(step.tokenIn(), in);
            held.put(step.tokenIn(), have.subtract(in));
            held.merge(step.tokenOut(), out, BigInteger::add);
            after.put(pool.address(), moved(pool, step.tokenIn(), in, out));
            legs.add(new Leg(step.pool(), step.tokenIn(), step.tokenOut(), in, out, step.share()));
        }
        var route = new Route(chain, tokenIn, tokenOut, amountIn, held.getOrDefault(tokenOut, BigInteger.ZERO), legs,
                snapshotVersion, taken);
        return new Result(route, Map.copyOf(after));
    }

    private static Leg takeQuote(int index, SignedQuote quote, Step step, Map<Address, BigInteger> held,
                                 List<SignedQuote> taken) {
        var q = quote.quote();
        if (!q.tokenIn().equals(step.tokenIn()) || !q.tokenOut().equals(step.tokenOut()) || taken.contains(quote)) {
            throw new IllegalArgumentException("quote " + quote.venue() + " does not trade " + step.tokenIn() + " for "
                    + step.tokenOut() + " once");
        }
        BigInteger have = held.getOrDefault(step.tokenIn(), BigInteger.ZERO);
        BigInteger in = Leg.portion(have, step.share());
        if (in.compareTo(q.amountIn()) > 0) {
            throw new QuoteOverrun(index, have, quote, in);
        }
        BigInteger out = q.amountOutFor(in);
        held.put(step.tokenIn(), have.subtract(in));
        held.merge(step.tokenOut(), out, BigInteger::add);
        taken.add(quote);
        return new Leg(step.pool(), step.tokenIn(), step.tokenOut(), in, out, step.share());
    }

    /** Runs {@code route}'s program again, over other pool states (for example after other fills), with its quotes. */
    public static Result replay(Route route, Map<Address, PoolState> pools) {
        return run(route.chain(), route.tokenIn(), route.tokenOut(), route.amountIn(),
                route.legs().stream().map(Step::of).toList(), pools, quoteMap(route.quotes()), route.snapshotVersion());
    }

    /** Quotes by venue id. */
    public static Map<Address, SignedQuote> quoteMap(List<SignedQuote> quotes) {
        var m = new HashMap<Address, SignedQuote>();
        quotes.forEach(q -> m.put(q.venue(), q));
        return m;
    }

    /** The pool after selling {@code in} of {@code tokenIn} for {@code out}, as the pair's reserves would be. */
    public static PoolState moved(PoolState pool, Address tokenIn, BigInteger in, BigInteger out) {
        boolean zeroIn = pool.token0().equals(tokenIn);
        BigInteger r0 = zeroIn ? pool.reserve0().add(in) : pool.reserve0().subtract(out);
        BigInteger r1 = zeroIn ? pool.reserve1().subtract(out) : pool.reserve1().add(in);
        return pool.withReserves(r0, r1, pool.blockNumber());
    }
}
