package io.metaroute.execution.tx;

import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One rollup, one sending account: simulate, estimate, sign, broadcast and await receipts with
 * web3j, without ever blocking a thread. A failed estimate never consumes a nonce.
 */
public final class ChainClient {
    private final ChainId chain;
    private final Web3j web3j;
    private final Credentials sender;
    private final NonceManager nonces;
    private final Duration receiptPoll;

    public ChainClient(ChainId chain, Web3j web3j, Credentials sender, Duration receiptPoll) {
        this.chain = chain;
        this.web3j = web3j;
        this.sender = sender;
        this.nonces = new NonceManager(web3j, sender.getAddress());
        this.receiptPoll = receiptPoll;
    }

    public ChainId chain() {
        return chain;
    }

    /** {@code eth_call} from the sender against the pending state; errors carry the revert data. */
    public Mono<String> call(String to, String data) {
        var tx = Transaction.createEthCallTransaction(sender.getAddress(), to, data);
        return Mono.fromFuture(() -> web3j.ethCall(tx, DefaultBlockParameterName.PENDING).sendAsync())
                .transform(this::withRpcRetry)
                .map(r -> {
                    checked(r, "eth_call");
                    if (r.isReverted()) {
                        throw new RpcException("eth_call reverted: " + r.getRevertReason(), r.getValue());
                    }
                    return r.getValue();
                });
    }

    /**
     * Why a mined transaction reverted, as far as replaying its call on the state before its block
     * shows: the revert data, or empty when the replay succeeds (the cause was in the same block,
     * or was gas).
     */
    public Mono<String> revertData(TransactionReceipt receipt) {
        return Mono.fromFuture(() -> web3j.ethGetTransactionByHash(receipt.getTransactionHash()).sendAsync())
                .transform(this::withRpcRetry)
                .flatMap(r -> Mono.justOrEmpty(checked(r, "eth_getTransactionByHash").getTransaction()))
                .flatMap(tx -> {
                    var call = Transaction.createEthCallTransaction(tx.getFrom(), tx.getTo(), tx.getInput());
                    var parent = org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                            receipt.getBlockNumber().subtract(java.math.BigInteger.ONE));
                    return Mono.fromFuture(() -> web3j.ethCall(call, parent).sendAsync()).transform(this::withRpcRetry);
                })
                .flatMap(r -> r.isReverted() || r.hasError()
                        ? Mono.just(r.hasError() && r.getError().getData() != null ? r.getError().getData().toString()
                                : String.valueOf(r.getValue()))
                        : Mono.empty());
    }

    /** Estimates gas, takes a nonce, signs: nothing is sent yet. */
    public Mono<PreparedTransaction> prepare(String to, String data) {
        var estimateTx = Transaction.createFunctionCallTransaction(sender.getAddress(), null, null, null, to, data);
        Mono<BigInteger> gas = Mono.fromFuture(() -> web3j.ethEstimateGas(estimateTx).sendAsync())
                .transform(this::withRpcRetry)
                .map(r -> checked(r, "eth_estimateGas").getAmountUsed());
        Mono<BigInteger> price = Mono.fromFuture(() -> web3j.ethGasPrice().sendAsync())
                .transform(this::withRpcRetry)
                .map(r -> checked(r, "eth_gasPrice").getGasPrice());
        return Mono.zip(gas, price).flatMap(gp -> nonces.reserve().map(nonce -> {
            // Headroom over the estimate: pools can move between estimate and inclusion, and a Uniswap
            // V2 pair updates its price accumulators only in a block later than its last trade, which
            // the estimate (run at the latest block's time) may not see: two storage writes per pair,
            // 40k gas for a pair's first ever. Unused gas is not charged.
            BigInteger gasLimit = gp.getT1().multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO).add(BigInteger.valueOf(50_000));
            var raw = RawTransaction.createTransaction(nonce, gp.getT2(), gasLimit, to, BigInteger.ZERO, data);
            byte[] signed = TransactionEncoder.signMessage(raw, chain.value(), sender);
            return new PreparedTransaction(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), nonce);
        }));
    }

    /** Sends signed bytes. Sending the same bytes again (after a restart) is not an error. */
    public Mono<String> broadcast(PreparedTransaction tx) {
        return Mono.fromFuture(() -> web3j.ethSendRawTransaction(tx.raw()).sendAsync())
                .transform(this::withRpcRetry)
                .flatMap(r -> {
                    if (r.hasError()) {
                        String msg = r.getError().getMessage().toLowerCase(Locale.ROOT);
                        if (msg.contains("already known") || msg.contains("already imported")) {
                            return Mono.just(tx.hash());
                        }
                        nonces.resync();
                        return Mono.error(new RpcException("eth_sendRawTransaction: " + r.getError().getMessage(), r.getError().getData()));
                    }
                    return Mono.just(r.getTransactionHash());
                });
    }

    /** Polls for the receipt every {@code receiptPoll} until it appears or {@code timeout} passes. */
    public Mono<TransactionReceipt> awaitReceipt(String txHash, Duration timeout) {
        return receipt(txHash)
                .repeatWhenEmpty(Integer.MAX_VALUE, ticks -> ticks.delayElements(receiptPoll))
                .timeout(timeout, Mono.error(() -> new RpcException("no receipt for " + txHash + " within " + timeout, null)));
    }

    public Mono<TransactionReceipt> receipt(String txHash) {
        return Mono.fromFuture(() -> web3j.ethGetTransactionReceipt(txHash).sendAsync())
                .transform(this::withRpcRetry)
                .flatMap(r -> Mono.justOrEmpty(checked(r, "eth_getTransactionReceipt").getTransactionReceipt()));
    }

    /** Transport failures (connection reset, timeouts) are retried; JSON-RPC errors are answers, not retried. */
    private <T> Mono<T> withRpcRetry(Mono<T> call) {
        return call.retryWhen(Retry.backoff(3, Duration.ofMillis(50))
                .filter(e -> e instanceof java.io.IOException || e.getCause() instanceof java.io.IOException));
    }

    private static <R extends Response<?>> R checked(R response, String method) {
        if (response.hasError()) {
            Object data = response.getError().getData();
            throw new RpcException(method + ": " + response.getError().getMessage(),
                    Optional.ofNullable(data).map(Object::toString).orElse(null));
        }
        return response;
    }
}
