package io.metaroute.bench.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.pool.UniswapV2Math;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The split a classic aggregator makes, as a baseline for the optimal router: the input is cut into
 * {@link #CHUNKS} chunks of 5%, and each chunk in turn goes whole down the path (at most
 * {@code maxHops} pools, no token visited twice) that pays the most for it given the chunks already
 * sent, against pool states that those chunks have moved. Integer Uniswap V2 math throughout, so
 * {@code amountOut} is what executing the chunks one after another would pay.
 */
public final class StepSplitBaseline {
    public static final int CHUNKS = 20;
    public static final int DEFAULT_MAX_HOPS = 3;

    private final int maxHops;

    public StepSplitBaseline() {
        this(DEFAULT_MAX_HOPS);
    }

    public StepSplitBaseline(int maxHops) {
        if (maxHops < 1) {
            throw new IllegalArgumentException("maxHops must be positive");
        }
        this.maxHops = maxHops;
    }

    /**
     * @param amountOut    total output of all chunks
     * @param paths        paths considered
     * @param chunksByPath how many chunks each used path received (keys are the pools of the path)
     */
    public record Result(BigInteger amountOut, int paths, Map<List<Address>, Integer> chunksByPath) {
    }

    public Result solve(MarketSnapshot snapshot, ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn) {
        List<PoolState> pools = snapshot.poolsOn(chain).stream()
                .sorted(Comparator.comparing(p -> p.address().hex())).toList();
        int n = pools.size();
        BigInteger[] reserve0 = new BigInteger[n];
        BigInteger[] reserve1 = new BigInteger[n];
        Map<Address, List<Integer>> byToken = new HashMap<>();
        for (int i = 0; i < n; i++) {
            PoolState p = pools.get(i);
            reserve0[i] = p.reserve0();
            reserve1[i] = p.reserve1();
            byToken.computeIfAbsent(p.token0(), k -> new ArrayList<>()).add(i);
            byToken.computeIfAbsent(p.token1(), k -> new ArrayList<>()).add(i);
        }
        List<Hop[]> paths = new ArrayList<>();
        enumerate(pools, byToken, tokenIn, tokenOut, new ArrayList<>(), new HashSet<>(Set.of(tokenIn)), paths);

        BigInteger total = BigInteger.ZERO;
        int[] chunksOf = new int[paths.size()];
        BigInteger twenty = BigInteger.valueOf(CHUNKS);
        for (int c = 0; c < CHUNKS && !paths.isEmpty(); c++) {
            BigInteger chunk = amountIn.multiply(BigInteger.valueOf(c + 1)).divide(twenty)
                    .subtract(amountIn.multiply(BigInteger.valueOf(c)).divide(twenty));
            if (chunk.signum() == 0) {
                continue;
            }
            int best = -1;
            BigInteger bestOut = BigInteger.ZERO;
            for (int k = 0; k < paths.size(); k++) {
                BigInteger out = run(paths.get(k), chunk, reserve0, reserve1, false);
                if (out.compareTo(bestOut) > 0) {
                    bestOut = out;
                    best = k;
                }
            }
            if (best < 0) {
                // No path pays anything for this chunk; a real aggregator would not send it.
                continue;
            }
            run(paths.get(best), chunk, reserve0, reserve1, true);
            chunksOf[best]++;
            total = total.add(bestOut);
        }
        Map<List<Address>, Integer> used = new HashMap<>();
        for (int k = 0; k < paths.size(); k++) {
            if (chunksOf[k] > 0) {
                var key = new ArrayList<Address>();
                for (Hop h : paths.get(k)) {
                    key.add(pools.get(h.pool()).address());
                }
                used.put(List.copyOf(key), chunksOf[k]);
            }
        }
        return new Result(total, paths.size(), used);
    }

    /** One pool step of a path: which pool, and whether it sells token0 for token1. */
    private record Hop(int pool, boolean zeroForOne) {
    }

    private void enumerate(List<PoolState> pools, Map<Address, List<Integer>> byToken, Address token, Address tokenOut,
                           List<Hop> prefix, Set<Address> visited, List<Hop[]> out) {
        for (int i : byToken.getOrDefault(token, List.of())) {
            PoolState p = pools.get(i);
            Address next = p.other(token);
            if (visited.contains(next)) {
                continue;
            }
            prefix.add(new Hop(i, p.token0().equals(token)));
            if (next.equals(tokenOut)) {
                out.add(prefix.toArray(Hop[]::new));
            } else if (prefix.size() < maxHops) {
                visited.add(next);
                enumerate(pools, byToken, next, tokenOut, prefix, visited, out);
                visited.remove(next);
            }
            prefix.removeLast();
        }
    }

    /** The chunk's output along {@code path} at the current reserves; with {@code apply}, the reserves move. */
    private static BigInteger run(Hop[] path, BigInteger amount, BigInteger[] reserve0, BigInteger[] reserve1, boolean apply) {
        BigInteger x = amount;
        for (Hop h : path) {
            int i = h.pool();
            BigInteger rIn = h.zeroForOne() ? reserve0[i] : reserve1[i];
            BigInteger rOut = h.zeroForOne() ? reserve1[i] : reserve0[i];
            BigInteger y = UniswapV2Math.amountOut(x, rIn, rOut);
            if (apply) {
                if (h.zeroForOne()) {
                    reserve0[i] = rIn.add(x);
                    reserve1[i] = rOut.subtract(y);
                } else {
                    reserve1[i] = rIn.add(x);
                    reserve0[i] = rOut.subtract(y);
                }
            }
            if (y.signum() == 0) {
                return BigInteger.ZERO;
            }
            x = y;
        }
        return x;
    }
}
