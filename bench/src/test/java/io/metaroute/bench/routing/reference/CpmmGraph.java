package io.metaroute.bench.routing.reference;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference's own view of a routing problem: the constant-product pools of one rollup that are
 * connected to the input token, as plain arrays of reserves. Only the pools' reserves and tokens are
 * read from the market types; all pool math of the reference lives here, written independently of
 * the product's, over the reals: a swap of {@code x} pays {@code 0.997 x R_out / (R_in + 0.997 x)}.
 */
public final class CpmmGraph {
    public static final BigDecimal FEE = new BigDecimal("0.997");
    public static final double FEE_D = 0.997;

    final List<Address> tokens;
    /** Index of the input and output tokens; {@code out} is -1 when no pool chain reaches it. */
    final int in;
    final int out;
    final int[] a;
    final int[] b;
    final BigDecimal[] ra;
    final BigDecimal[] rb;
    final double[] raD;
    final double[] rbD;
    final BigDecimal amountIn;
    /** The pool behind each index. */
    final List<PoolState> states;

    private CpmmGraph(List<Address> tokens, int in, int out, List<int[]> ends, List<BigDecimal[]> reserves, BigInteger amountIn,
                      List<PoolState> states) {
        this.states = List.copyOf(states);
        this.tokens = List.copyOf(tokens);
        this.in = in;
        this.out = out;
        int n = ends.size();
        a = new int[n];
        b = new int[n];
        ra = new BigDecimal[n];
        rb = new BigDecimal[n];
        raD = new double[n];
        rbD = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = ends.get(i)[0];
            b[i] = ends.get(i)[1];
            ra[i] = reserves.get(i)[0];
            rb[i] = reserves.get(i)[1];
            raD[i] = ra[i].doubleValue();
            rbD[i] = rb[i].doubleValue();
        }
        this.amountIn = new BigDecimal(amountIn);
    }

    /** The pools among {@code pools} reachable from {@code tokenIn} (pools with an empty side are left out). */
    public static CpmmGraph of(Collection<PoolState> pools, Address tokenIn, Address tokenOut, BigInteger amountIn) {
        List<PoolState> live = pools.stream()
                .filter(p -> p.reserve0().signum() > 0 && p.reserve1().signum() > 0)
                .sorted(Comparator.comparing(p -> p.address().hex()))
                .toList();
        Map<Address, List<PoolState>> byToken = new HashMap<>();
        for (PoolState p : live) {
            byToken.computeIfAbsent(p.token0(), k -> new ArrayList<>()).add(p);
            byToken.computeIfAbsent(p.token1(), k -> new ArrayList<>()).add(p);
        }
        Map<Address, Integer> index = new HashMap<>();
        List<Address> tokens = new ArrayList<>();
        var queue = new ArrayDeque<Address>();
        index.put(tokenIn, 0);
        tokens.add(tokenIn);
        queue.add(tokenIn);
        while (!queue.isEmpty()) {
            Address t = queue.poll();
            for (PoolState p : byToken.getOrDefault(t, List.of())) {
                Address o = p.token0().equals(t) ? p.token1() : p.token0();
                if (!index.containsKey(o)) {
                    index.put(o, tokens.size());
                    tokens.add(o);
                    queue.add(o);
                }
            }
        }
        List<int[]> ends = new ArrayList<>();
        List<BigDecimal[]> reserves = new ArrayList<>();
        List<PoolState> states = new ArrayList<>();
        for (PoolState p : live) {
            if (index.containsKey(p.token0())) {
                states.add(p);
                ends.add(new int[] {index.get(p.token0()), index.get(p.token1())});
                reserves.add(new BigDecimal[] {new BigDecimal(p.reserve0()), new BigDecimal(p.reserve1())});
            }
        }
        return new CpmmGraph(tokens, 0, index.getOrDefault(tokenOut, -1), ends, reserves, amountIn, states);
    }

    public int poolCount() {
        return a.length;
    }

    public int tokenCount() {
        return tokens.size();
    }

    /** Output of selling {@code x} into a pool holding {@code rIn} and {@code rOut}. */
    static BigDecimal swap(BigDecimal x, BigDecimal rIn, BigDecimal rOut, MathContext mc) {
        if (x.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal xf = x.multiply(FEE, mc);
        return xf.multiply(rOut, mc).divide(rIn.add(xf, mc), mc);
    }

    static double swap(double x, double rIn, double rOut) {
        if (x <= 0) {
            return 0;
        }
        double xf = x * FEE_D;
        return xf * rOut / (rIn + xf);
    }
}
