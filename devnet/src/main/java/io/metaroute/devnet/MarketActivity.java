package io.metaroute.devnet;

import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * A moving market on the devnet: a trader of its own (a fixed test key, given gas and minted every
 * pool's tokens by their owner at start) swaps against the pools of every rollup at a set rate, a random pool in
 * a random direction, each trade a random fraction (up to {@code maxFraction}) of the input side's
 * reserve, straight against the pair ({@code transfer} then {@code swap}), so that quotes, streams
 * and benchmarks see prices move. Deterministic for a seed; stops on {@link #close()}.
 */
public final class MarketActivity implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MarketActivity.class);
    private static final long GAS_TRANSFER = 80_000;
    private static final long GAS_SWAP = 150_000;
    private static final BigInteger PLENTY = BigInteger.TEN.pow(36);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "devnet-market-activity");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong swaps = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private MarketActivity() {
    }

    /** The trader's key: keccak-256 of a label, so that an operator can find its account. */
    public static Credentials trader() {
        byte[] seed = Hash.sha3("metaroute devnet market activity".getBytes(StandardCharsets.UTF_8));
        return Credentials.create(Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(seed), 64));
    }

    /** Starts trading on every rollup of {@code devnet}, {@code swapsPerSecond} in all. */
    public static MarketActivity start(Devnet devnet, double swapsPerSecond, double maxFraction, long seed) {
        if (swapsPerSecond <= 0 || maxFraction <= 0 || maxFraction >= 0.5) {
            throw new IllegalArgumentException("swapsPerSecond must be positive and maxFraction in (0, 0.5)");
        }
        var activity = new MarketActivity();
        Credentials trader = trader();
        List<Rollup> rollups = devnet.network().rollups().stream().filter(r -> !r.pools().isEmpty()).toList();
        var writers = rollups.stream().map(r -> fund(devnet, r, trader)).toList();
        Random random = new Random(seed);
        long periodMicros = Math.max(1, (long) (1_000_000 / swapsPerSecond));
        activity.timer.scheduleAtFixedRate(() -> {
            int i = random.nextInt(rollups.size());
            Rollup r = rollups.get(i);
            PoolRef pool = r.pools().get(random.nextInt(r.pools().size()));
            try {
                activity.swap(devnet.web3j(r.chainId()), writers.get(i), trader, pool, random.nextBoolean(),
                        random.nextDouble() * maxFraction);
                activity.swaps.incrementAndGet();
            } catch (RuntimeException e) {
                activity.failures.incrementAndGet();
                log.debug("market activity: a swap on {} failed: {}", r.name(), e.toString());
            }
        }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        log.info("market activity: {} swaps/s over {} rollups, each up to {}% of a reserve, trader {}", swapsPerSecond,
                rollups.size(), maxFraction * 100, trader.getAddress());
        return activity;
    }

    public long swaps() {
        return swaps.get();
    }

    public long failures() {
        return failures.get();
    }

    private static ChainWriter fund(Devnet devnet, Rollup r, Credentials trader) {
        Web3j web3j = devnet.web3j(r.chainId());
        try {
            new org.web3j.protocol.core.Request<>("anvil_setBalance", List.of(trader.getAddress(), "0x" + PLENTY.toString(16)),
                    new org.web3j.protocol.http.HttpService(r.rpcUrl().toString()),
                    org.web3j.protocol.core.methods.response.VoidResponse.class).send();
            // the node's own price, as an ordinary trader pays: higher tips would move the fee market the router prices gas from
            BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4));
            var writer = new ChainWriter(web3j, r.chainId().value(), price);
            var tokens = r.pools().stream().flatMap(p -> java.util.stream.Stream.of(p.token0(), p.token1())).distinct().toList();
            var hashes = tokens.stream().map(t -> writer.call(devnet.tokenOwner(), t.hex(), new Function("mint",
                    List.of(new Address(trader.getAddress()), new Uint256(PLENTY)), List.of()), GAS_TRANSFER)).toList();
            writer.awaitAll(hashes, "market activity funding on " + r.name());
            return writer;
        } catch (java.io.IOException e) {
            throw new DevnetException("market activity: could not fund the trader on " + r.name(), e);
        }
    }

    /** One swap of {@code fraction} of the input reserve through {@code pool}, token0 in when {@code zeroIn}. */
    @SuppressWarnings("rawtypes")
    private void swap(Web3j web3j, ChainWriter writer, Credentials trader, PoolRef pool, boolean zeroIn, double fraction) {
        List<org.web3j.abi.datatypes.Type> reserves = ChainWriter.read(web3j, pool.address().hex(), new Function("getReserves",
                List.of(), List.of(new TypeReference<Uint112>() { }, new TypeReference<Uint112>() { }, new TypeReference<Uint32>() { })));
        BigInteger r0 = (BigInteger) reserves.get(0).getValue();
        BigInteger r1 = (BigInteger) reserves.get(1).getValue();
        BigInteger reserveIn = zeroIn ? r0 : r1;
        BigInteger reserveOut = zeroIn ? r1 : r0;
        BigInteger amountIn = new java.math.BigDecimal(reserveIn).multiply(java.math.BigDecimal.valueOf(fraction)).toBigInteger();
        if (amountIn.signum() <= 0) {
            return;
        }
        // UniswapV2's price with its 0.3% fee, less 1% for trades ahead of this one in the same block
        BigInteger withFee = amountIn.multiply(BigInteger.valueOf(997));
        BigInteger out = withFee.multiply(reserveOut).divide(reserveIn.multiply(BigInteger.valueOf(1000)).add(withFee))
                .multiply(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100));
        if (out.signum() <= 0) {
            return;
        }
        String tokenIn = (zeroIn ? pool.token0() : pool.token1()).hex();
        writer.call(trader, tokenIn, new Function("transfer", List.of(new Address(pool.address().hex()), new Uint256(amountIn)),
                List.of()), GAS_TRANSFER);
        writer.call(trader, pool.address().hex(), new Function("swap", List.of(new Uint256(zeroIn ? BigInteger.ZERO : out),
                new Uint256(zeroIn ? out : BigInteger.ZERO), new Address(trader.getAddress()), new DynamicBytes(new byte[0])),
                List.of()), GAS_SWAP);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
