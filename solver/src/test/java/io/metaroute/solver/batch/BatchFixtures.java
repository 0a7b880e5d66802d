package io.metaroute.solver.batch;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;

/** Small markets and intents for batch tests. */
public final class BatchFixtures {
    public static final ChainId A = ChainId.of(710001);
    public static final ChainId B = ChainId.of(710002);
    public static final Address USDC = addr(1), USDT = addr(2), WETH = addr(3), DAI = addr(4);
    public static final BigInteger E6 = BigInteger.TEN.pow(6), E18 = BigInteger.TEN.pow(18);
    public static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    public static final long DEADLINE = NOW.getEpochSecond() + 600;
    public static final CompletionModel COMPLETION = CompletionModel.uniform(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofMillis(300));

    private BatchFixtures() {
    }

    public static Address addr(int n) {
        return Address.of(String.format("0x%040x", n));
    }

    public static BigInteger usdc(long units) {
        return E6.multiply(BigInteger.valueOf(units));
    }

    public static BigInteger weth(double units) {
        return java.math.BigDecimal.valueOf(units).multiply(new java.math.BigDecimal(E18)).toBigInteger();
    }

    /** A pool of {@code a} and {@code b} with those reserves, ordered as a pair orders its tokens. */
    public static PoolState pool(ChainId chain, int id, Address a, Address b, BigInteger ra, BigInteger rb) {
        boolean aFirst = a.hex().compareTo(b.hex()) < 0;
        return new PoolState(chain, addr(0x1000 + id), aFirst ? a : b, aFirst ? b : a, aFirst ? ra : rb, aFirst ? rb : ra, 1);
    }

    public static MarketSnapshot snapshot(List<PoolState> pools) {
        var map = new HashMap<PoolKey, PoolState>();
        pools.forEach(p -> map.put(p.key(), p));
        return new MarketSnapshot(7, NOW, map);
    }

    public static MarketSnapshot snapshot(PoolState... pools) {
        return snapshot(List.of(pools));
    }

    public static SwapIntent intent(int nonce, ChainId from, Address tokenIn, BigInteger amountIn, ChainId to, Address tokenOut,
                                    BigInteger min, long deadline) {
        return new SwapIntent(addr(0x500 + nonce), addr(0x600 + nonce), BigInteger.valueOf(nonce), from, to, tokenIn, amountIn,
                tokenOut, min, deadline);
    }

    public static BatchIntent queued(long sequence, SwapIntent intent) {
        return new BatchIntent(sequence, intent, NOW);
    }

    /** Sell {@code amountIn} on rollup A for at least {@code min}, due in ten minutes. */
    public static BatchIntent swap(long sequence, Address tokenIn, BigInteger amountIn, Address tokenOut, BigInteger min) {
        return queued(sequence, intent((int) sequence, A, tokenIn, amountIn, A, tokenOut, min, DEADLINE));
    }
}
