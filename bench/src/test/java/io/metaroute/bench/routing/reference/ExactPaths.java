package io.metaroute.bench.routing.reference;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The best single path for an exact input, computed apart from the router: for every number of
 * hops up to a limit, the most of each token that a chain of that many pools can deliver (Uniswap
 * V2 integer math, a pair refusing reserves past 2¹¹²−1), by dynamic programming over hops. Swaps
 * are monotone in their input, so the best amount at a token after {@code h} hops comes from the
 * best amount at some neighbour after {@code h − 1}. The winning chains are then replayed pool by
 * pool on fresh reserves; a chain that uses a pool twice is not counted, so every value reported is
 * the exact output of a real path.
 */
public final class ExactPaths {
    private static final BigInteger MAX_RESERVE = BigInteger.TWO.pow(112).subtract(BigInteger.ONE);
    private static final BigInteger FEE_NUM = BigInteger.valueOf(997);
    private static final BigInteger FEE_DEN = BigInteger.valueOf(1000);

    private ExactPaths() {
    }

    /** The best output by hop count: entry {@code h − 1} is the best exact output of a path of exactly {@code h} pools (zero: none). */
    public static List<BigInteger> bestByHops(List<PoolState> pools, Address tokenIn, Address tokenOut, BigInteger amountIn,
                                              int maxHops) {
        return bestByHops(pools, tokenIn, tokenOut, amountIn, maxHops, false);
    }

    /**
     * As {@link #bestByHops(List, Address, Address, BigInteger, int)}, with {@code simple}: only paths that visit no token
     * twice, the shape of the settler's routes (a path through a token twice runs an arbitrage cycle inside the
     * route). The program keeps one best arrival per token, so with {@code simple} a value is the exact output of a
     * real simple path, not always the best one: a floor.
     */
    public static List<BigInteger> bestByHops(List<PoolState> pools, Address tokenIn, Address tokenOut, BigInteger amountIn,
                                              int maxHops, boolean simple) {
        Map<Address, BigInteger> best = new HashMap<>();
        Map<Address, List<PoolState>> via = new HashMap<>();
        best.put(tokenIn, amountIn);
        via.put(tokenIn, List.of());
        var result = new ArrayList<BigInteger>();
        for (int h = 1; h <= maxHops; h++) {
            Map<Address, BigInteger> next = new HashMap<>();
            Map<Address, List<PoolState>> nextVia = new HashMap<>();
            for (PoolState p : pools) {
                for (int side = 0; side < 2; side++) {
                    Address from = side == 0 ? p.token0() : p.token1();
                    Address to = side == 0 ? p.token1() : p.token0();
                    BigInteger held = best.get(from);
                    if (held == null || from.equals(tokenOut) || to.equals(tokenIn)) {
                        continue;
                    }
                    if (simple && visits(via.get(from), tokenIn, to)) {
                        continue;
                    }
                    BigInteger out = swap(held, p.reserveOf(from), p.reserveOf(to));
                    if (out.signum() > 0 && out.compareTo(next.getOrDefault(to, BigInteger.ZERO)) > 0) {
                        next.put(to, out);
                        var path = new ArrayList<>(via.get(from));
                        path.add(p);
                        nextVia.put(to, path);
                    }
                }
            }
            List<PoolState> path = nextVia.get(tokenOut);
            result.add(path == null ? BigInteger.ZERO : replay(path, tokenIn, amountIn));
            best = next;
            via = nextVia;
        }
        return result;
    }

    /** Whether the chain of pools from {@code tokenIn} passes through {@code token}. */
    private static boolean visits(List<PoolState> path, Address tokenIn, Address token) {
        Address at = tokenIn;
        for (PoolState p : path) {
            at = p.other(at);
            if (at.equals(token)) {
                return true;
            }
        }
        return false;
    }

    /** The exact output of a chain of pools, or zero when it uses a pool twice or a pair would refuse a leg. */
    static BigInteger replay(List<PoolState> path, Address tokenIn, BigInteger amountIn) {
        Set<Address> used = new HashSet<>();
        Address at = tokenIn;
        BigInteger held = amountIn;
        for (PoolState p : path) {
            if (!used.add(p.address())) {
                return BigInteger.ZERO;
            }
            Address to = p.other(at);
            held = swap(held, p.reserveOf(at), p.reserveOf(to));
            at = to;
        }
        return held;
    }

    /** Uniswap V2's getAmountOut, zero when the input would push the pair's reserve past uint112. */
    static BigInteger swap(BigInteger in, BigInteger reserveIn, BigInteger reserveOut) {
        if (in.signum() <= 0 || reserveIn.add(in).compareTo(MAX_RESERVE) > 0) {
            return BigInteger.ZERO;
        }
        BigInteger withFee = in.multiply(FEE_NUM);
        return withFee.multiply(reserveOut).divide(reserveIn.multiply(FEE_DEN).add(withFee));
    }
}
