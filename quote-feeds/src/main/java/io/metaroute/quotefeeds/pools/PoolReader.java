package io.metaroute.quotefeeds.pools;

import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads Uniswap V2 pair reserves over JSON-RPC, all pools of a rollup at one block. */
public final class PoolReader {
    /** {@code getReserves()} selector. */
    private static final String GET_RESERVES = "0x0902f1ac";

    private final Rollup rollup;
    private final Web3j web3j;

    public PoolReader(Rollup rollup, Web3j web3j) {
        this.rollup = rollup;
        this.web3j = web3j;
    }

    public Mono<Long> latestBlock() {
        return Mono.fromFuture(() -> web3j.ethBlockNumber().sendAsync())
                .map(r -> {
                    if (r.hasError()) {
                        throw new IllegalStateException("eth_blockNumber: " + r.getError().getMessage());
                    }
                    return r.getBlockNumber().longValueExact();
                });
    }

    /** Every pool of the rollup, read at {@code block} so that the states are mutually consistent. */
    public Mono<List<PoolState>> readAll(long block) {
        return Flux.fromIterable(rollup.pools())
                .flatMapSequential(p -> read(p, block), 16)
                .collectList();
    }

    public Mono<PoolState> read(PoolRef pool, long block) {
        var call = Transaction.createEthCallTransaction(null, pool.address().hex(), GET_RESERVES);
        return Mono.fromFuture(() -> sendCall(call, block))
                .map(r -> {
                    if (r.hasError() || r.isReverted()) {
                        throw new IllegalStateException("getReserves on " + pool.address() + ": "
                                + (r.hasError() ? r.getError().getMessage() : r.getRevertReason()));
                    }
                    String hex = r.getValue().substring(2);
                    if (hex.length() < 128) {
                        throw new IllegalStateException("getReserves on " + pool.address() + " returned " + r.getValue());
                    }
                    return new PoolState(rollup.chainId(), pool.address(), pool.token0(), pool.token1(),
                            new BigInteger(hex.substring(0, 64), 16), new BigInteger(hex.substring(64, 128), 16), block);
                });
    }

    private CompletableFuture<EthCall> sendCall(Transaction call, long block) {
        return web3j.ethCall(call, DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).sendAsync();
    }
}
