package io.metaroute.quotefeeds;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.devnet.Devnet;
import io.metaroute.quotefeeds.pools.PoolReader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;

/** What the live tests do to a real chain, and how they read it back. */
final class ChainPokes {
    private ChainPokes() {
    }

    /**
     * Donates {@code amount} of token0 to the pair and calls {@code sync()}: the pair's reserves change and
     * it emits a Sync. Both are sent before either is mined, so on an interval-mined rollup they share a
     * block. Returns the sync's receipt.
     */
    static TransactionReceipt donateAndSync(Devnet devnet, Rollup rollup, PoolRef pool, BigInteger amount) throws Exception {
        var web3j = devnet.web3j(rollup.chainId());
        var tm = new RawTransactionManager(web3j, devnet.wallets().getFirst().credentials(), rollup.chainId().value());
        BigInteger gasPrice = BigInteger.valueOf(5_000_000_000L);
        String transfer = FunctionEncoder.encode(new Function("transfer",
                List.of(new org.web3j.abi.datatypes.Address(pool.address().hex()), new Uint256(amount)), List.of()));
        String sync = FunctionEncoder.encode(new Function("sync", List.of(), List.of()));
        var t = tm.sendTransaction(gasPrice, BigInteger.valueOf(100_000), pool.token0().hex(), transfer, BigInteger.ZERO);
        var s = tm.sendTransaction(gasPrice, BigInteger.valueOf(100_000), pool.address().hex(), sync, BigInteger.ZERO);
        if (t.hasError() || s.hasError()) {
            throw new IllegalStateException("send failed: " + (t.hasError() ? t.getError().getMessage() : s.getError().getMessage()));
        }
        var receipts = devnet.receiptProcessor(rollup.chainId());
        TransactionReceipt donated = receipts.waitForTransactionReceipt(t.getTransactionHash());
        TransactionReceipt synced = receipts.waitForTransactionReceipt(s.getTransactionHash());
        if (!donated.isStatusOK() || !synced.isStatusOK()) {
            throw new IllegalStateException("donation or sync reverted: " + donated.getStatus() + " / " + synced.getStatus());
        }
        return synced;
    }

    /** Every pool of the rollup as a fresh full read of the chain at its latest block gives it, by key. */
    static Map<PoolKey, PoolState> fullRead(Devnet devnet, Rollup rollup) {
        var reader = new PoolReader(rollup, devnet.web3j(rollup.chainId()));
        List<PoolState> states = reader.latestBlock().flatMap(reader::readAll).block(Duration.ofSeconds(10));
        return states.stream().collect(Collectors.toMap(PoolState::key, s -> s));
    }

    /** Whether the market holds exactly the chain's reserves (to the wei) for every pool of the rollup. */
    static boolean sameReserves(MarketSnapshot market, Map<PoolKey, PoolState> chain) {
        return chain.values().stream().allMatch(c -> market.pool(c.key())
                .map(m -> m.reserve0().equals(c.reserve0()) && m.reserve1().equals(c.reserve1())).orElse(false));
    }

    static long blockNumber(Devnet devnet, Rollup rollup) throws Exception {
        return devnet.web3j(rollup.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    /** {@code anvil_reorg}: the last {@code depth} blocks replaced by as many new, empty ones. */
    static void reorg(Rollup rollup, int depth) throws Exception {
        var answer = new Request<>("anvil_reorg", List.of(depth, List.of()), new HttpService(rollup.rpcUrl().toString()),
                VoidResponse.class).send();
        if (answer.hasError()) {
            throw new IllegalStateException("anvil_reorg: " + answer.getError().getMessage());
        }
    }

    /** Waits until {@code condition} holds, or fails with {@code what} after {@code limit}. */
    static void await(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }
}
