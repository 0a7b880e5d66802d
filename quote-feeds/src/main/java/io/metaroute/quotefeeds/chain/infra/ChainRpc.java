package io.metaroute.quotefeeds.chain.infra;

import io.metaroute.core.network.Rollup;
import io.metaroute.quotefeeds.chain.domain.BlockHead;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.websocket.events.NewHead;
import reactor.core.publisher.Mono;

/** Block headers of one rollup over JSON-RPC (HTTP), every call timed out and checked for an error answer. */
public final class ChainRpc {
    private final Rollup rollup;
    private final Web3j http;
    private final Duration timeout;

    public ChainRpc(Rollup rollup, Web3j http, Duration timeout) {
        this.rollup = rollup;
        this.http = http;
        this.timeout = timeout;
    }

    public Web3j http() {
        return http;
    }

    public Mono<BlockHead> latest() {
        return block(DefaultBlockParameterName.LATEST);
    }

    public Mono<BlockHead> block(long number) {
        return block(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)));
    }

    private Mono<BlockHead> block(DefaultBlockParameter at) {
        return call(http.ethGetBlockByNumber(at, false)).map(r -> {
            EthBlock.Block b = r.getBlock();
            if (b == null) {
                throw new IllegalStateException("chain " + rollup.chainId() + " has no block " + at.getValue());
            }
            return new BlockHead(b.getNumber().longValueExact(), b.getHash(), b.getParentHash(),
                    Instant.ofEpochSecond(b.getTimestamp().longValueExact()));
        });
    }

    /** A {@code newHeads} notification's header. */
    public static BlockHead head(NewHead h) {
        return new BlockHead(quantity(h.getNumber()), h.getHash(), h.getParentHash(), Instant.ofEpochSecond(quantity(h.getTimestamp())));
    }

    private static long quantity(String hex) {
        return new BigInteger(hex.startsWith("0x") ? hex.substring(2) : hex, 16).longValueExact();
    }

    /** Sends {@code request}, failing on a timeout or an error answer. */
    public <T extends Response<?>> Mono<T> call(Request<?, T> request) {
        return Mono.fromFuture(request::sendAsync)
                .timeout(timeout)
                .flatMap(r -> r.hasError()
                        ? Mono.error(new IllegalStateException(request.getMethod() + " on chain " + rollup.chainId()
                                + " failed: " + r.getError().getMessage()))
                        : Mono.just(r));
    }
}
