package io.metaroute.execution.tx;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.publisher.Mono;

/**
 * Hands out transaction nonces for one (chain, account), without a round trip per transaction.
 * Initialised from the chain's pending count; {@link #resync()} starts over from the chain after
 * a send failed, so a gap left by an unsent transaction does not stall every later one.
 */
public final class NonceManager {
    private static final long UNSET = -1;
    private final Web3j web3j;
    private final String account;
    private final AtomicLong next = new AtomicLong(UNSET);
    private Mono<Long> initialising;

    public NonceManager(Web3j web3j, String account) {
        this.web3j = web3j;
        this.account = account;
    }

    public Mono<BigInteger> reserve() {
        return Mono.defer(() -> {
            if (next.get() != UNSET) {
                return Mono.just(BigInteger.valueOf(next.getAndIncrement()));
            }
            return init().map(ignored -> BigInteger.valueOf(next.getAndIncrement()));
        });
    }

    public synchronized void resync() {
        next.set(UNSET);
        initialising = null;
    }

    private synchronized Mono<Long> init() {
        if (initialising == null) {
            initialising = Mono.fromFuture(() -> web3j.ethGetTransactionCount(account, DefaultBlockParameterName.PENDING).sendAsync())
                    .map(r -> {
                        if (r.hasError()) {
                            throw new IllegalStateException("eth_getTransactionCount: " + r.getError().getMessage());
                        }
                        long count = r.getTransactionCount().longValueExact();
                        next.compareAndSet(UNSET, count);
                        return count;
                    })
                    .doOnError(e -> resync())
                    .cache();
        }
        return initialising;
    }
}
