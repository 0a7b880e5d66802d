package io.metaroute.execution.tx;

import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One rollup, one sending account: simulate, estimate, sign, broadcast and await receipts with
 * web3j, without ever blocking a thread. A failed estimate never consumes a nonce.
 *
 * <p>Every call goes through {@link #withRpcRetry}: it has a timeout, and a failure that
 * {@link RpcFailure} calls transient (transport errors, 5xx, rate limits, "header not found") is
 * retried with backoff; anything else reaches the caller as an {@link RpcException} that says
 * what it was. Nothing is swallowed: a send the node refuses is either followed (already known,
 * or our own transaction already mined) or handed back classified, so the caller can re-sign.
 */
public final class ChainClient {
    /** Replacing a pending transaction needs a higher fee; nodes ask for at least 10% more. */
    private static final BigInteger BUMP_NUMERATOR = BigInteger.valueOf(9);
    private static final BigInteger BUMP_DENOMINATOR = BigInteger.valueOf(8);

    private final ChainId chain;
    private final Web3j web3j;
    private final Credentials sender;
    private final NonceManager nonces;
    private final Duration receiptPoll;
    private final RpcPolicy policy;

    public ChainClient(ChainId chain, Web3j web3j, Credentials sender, Duration receiptPoll) {
        this(chain, web3j, sender, receiptPoll, RpcPolicy.defaults());
    }

    public ChainClient(ChainId chain, Web3j web3j, Credentials sender, Duration receiptPoll, RpcPolicy policy) {
        this.chain = chain;
        this.web3j = web3j;
        this.sender = sender;
        this.nonces = new NonceManager(web3j, sender.getAddress());
        this.receiptPoll = receiptPoll;
        this.policy = policy;
    }

    public ChainId chain() {
        return chain;
    }

    /** {@code eth_call} from the sender against the pending state; a revert is an {@link RpcFailure#REVERTED} carrying its data. */
    public Mono<String> call(String to, String data) {
        return call(to, data, DefaultBlockParameterName.PENDING);
    }

    /** {@code eth_call} at {@code at}: {@code LATEST} for what is mined, as a status read must be, or a block number. */
    public Mono<String> call(String to, String data, org.web3j.protocol.core.DefaultBlockParameter at) {
        var tx = Transaction.createEthCallTransaction(sender.getAddress(), to, data);
        return rpc("eth_call", () -> web3j.ethCall(tx, at))
                .map(r -> {
                    if (r.isReverted()) {
                        throw new RpcException("eth_call reverted: " + r.getRevertReason(), r.getValue(), RpcFailure.REVERTED);
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
        return rpc("eth_getTransactionByHash", () -> web3j.ethGetTransactionByHash(receipt.getTransactionHash()))
                .flatMap(r -> Mono.justOrEmpty(r.getTransaction()))
                .flatMap(tx -> {
                    var call = Transaction.createEthCallTransaction(tx.getFrom(), tx.getTo(), tx.getInput());
                    var parent = org.web3j.protocol.core.DefaultBlockParameter.valueOf(receipt.getBlockNumber().subtract(BigInteger.ONE));
                    return rpc("eth_call", () -> web3j.ethCall(call, parent))
                            .flatMap(r -> r.isReverted() ? Mono.just(String.valueOf(r.getValue())) : Mono.<String>empty())
                            .onErrorResume(RpcException.class, e -> e.failure() == RpcFailure.REVERTED
                                    ? Mono.just(String.valueOf(e.revertData())) : Mono.error(e));
                });
    }

    /** Estimates gas, takes a nonce, signs: nothing is sent yet. */
    public Mono<PreparedTransaction> prepare(String to, String data) {
        return prepare(to, data, BigInteger.ZERO);
    }

    /** As {@link #prepare(String, String)}, sending {@code value} wei with the call (a Metalayer dispatch pays its fee so). */
    public Mono<PreparedTransaction> prepare(String to, String data, BigInteger value) {
        var estimateTx = Transaction.createFunctionCallTransaction(sender.getAddress(), null, null, null, to, value, data);
        Mono<BigInteger> gas = rpc("eth_estimateGas", () -> web3j.ethEstimateGas(estimateTx)).map(r -> r.getAmountUsed());
        return Mono.zip(gas, gasPrice()).flatMap(gp -> nonces.reserve().map(nonce -> {
            // Headroom over the estimate: pools can move between estimate and inclusion, and a Uniswap
            // V2 pair updates its price accumulators only in a block later than its last trade, which
            // the estimate (run at the latest block's time) may not see: two storage writes per pair,
            // 40k gas for a pair's first ever. Unused gas is not charged.
            BigInteger gasLimit = gp.getT1().multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO).add(BigInteger.valueOf(50_000));
            return sign(RawTransaction.createTransaction(nonce, gp.getT2(), gasLimit, to, value, data));
        }));
    }

    /**
     * Sends signed bytes and answers the hash to follow. Sending the same bytes again (after a
     * restart) is not an error: "already known" follows the hash, and "nonce too low" follows it
     * too when the receipt shows this very transaction mined. Otherwise the error is handed back
     * classified: {@link RpcFailure#NONCE_TOO_LOW} (another transaction took the nonce; the nonce
     * counter is resynchronised), {@link RpcFailure#UNDERPRICED} (re-sign with
     * {@link #withBumpedFee}), or a transient failure that outlived its retries, or a fatal one.
     */
    public Mono<String> broadcast(PreparedTransaction tx) {
        return rpc("eth_sendRawTransaction", () -> web3j.ethSendRawTransaction(tx.raw()))
                .map(r -> r.getTransactionHash() != null ? r.getTransactionHash() : tx.hash())
                .onErrorResume(RpcException.class, e -> switch (e.failure()) {
                    case ALREADY_KNOWN -> Mono.just(tx.hash());
                    case NONCE_TOO_LOW -> receipt(tx.hash()).map(TransactionReceipt::getTransactionHash)
                            .switchIfEmpty(Mono.defer(() -> {
                                nonces.resync();
                                return Mono.error(e);
                            }));
                    case UNDERPRICED -> Mono.error(e);
                    default -> {
                        // not accepted (or not known to be): a nonce handed out after it would leave a gap
                        nonces.resync();
                        yield Mono.error(e);
                    }
                });
    }

    /**
     * The same transaction (same nonce, same call, same gas limit) signed again with a gas price
     * at least 12.5% above its own and at least the node's current one, so that it replaces the
     * pending one. Nothing is sent.
     */
    public Mono<PreparedTransaction> withBumpedFee(PreparedTransaction tx) {
        RawTransaction old = TransactionDecoder.decode(tx.raw());
        return gasPrice().map(now -> {
            BigInteger bumped = old.getGasPrice().multiply(BUMP_NUMERATOR).divide(BUMP_DENOMINATOR).add(BigInteger.ONE);
            return sign(RawTransaction.createTransaction(old.getNonce(), bumped.max(now), old.getGasLimit(), old.getTo(),
                    old.getValue(), old.getData()));
        });
    }

    /** The same call signed with a newly reserved nonce, for a transaction whose nonce another one took. Nothing is sent. */
    public Mono<PreparedTransaction> withFreshNonce(PreparedTransaction tx) {
        RawTransaction old = TransactionDecoder.decode(tx.raw());
        return Mono.zip(gasPrice(), nonces.reserve()).map(pn -> sign(RawTransaction.createTransaction(pn.getT2(),
                old.getGasPrice().max(pn.getT1()), old.getGasLimit(), old.getTo(), old.getValue(), old.getData())));
    }

    /** The block numbers of {@code address}'s logs with {@code topics} (null: any) from {@code fromBlock} to the latest. */
    public Mono<java.util.List<Long>> logBlocks(String address, java.util.List<String> topics, long fromBlock) {
        var filter = new org.web3j.protocol.core.methods.request.EthFilter(
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)), DefaultBlockParameterName.LATEST,
                address);
        topics.forEach(filter::addSingleTopic);
        return rpc("eth_getLogs", () -> web3j.ethGetLogs(filter)).map(r -> r.getLogs().stream()
                .map(l -> ((org.web3j.protocol.core.methods.response.Log) l.get()).getBlockNumber().longValueExact()).toList());
    }

    /**
     * What replaces a sent transaction that is not being mined: the same one at a higher fee when its nonce
     * is the next the chain will take (it is priced too low); otherwise (its nonce is above the chain's count,
     * a gap a reorganisation left, or below it, taken by another transaction) the same call at a fresh nonce,
     * read again from the chain. Nothing is sent.
     */
    public Mono<PreparedTransaction> replacement(PreparedTransaction tx) {
        BigInteger nonce = nonceOf(tx);
        return rpc("eth_getTransactionCount", () -> web3j.ethGetTransactionCount(sender.getAddress(), DefaultBlockParameterName.LATEST))
                .flatMap(r -> {
                    if (nonce.equals(r.getTransactionCount())) {
                        return withBumpedFee(tx);
                    }
                    nonces.resync();
                    return withFreshNonce(tx);
                });
    }

    /**
     * Forgets the nonces handed out: the next one is read from the chain again. For a chain that was
     * reorganised, whose count of the sender's transactions may have gone back.
     */
    public void resyncNonces() {
        nonces.resync();
    }

    /** The nonce a signed transaction carries. */
    public static BigInteger nonceOf(PreparedTransaction tx) {
        return TransactionDecoder.decode(tx.raw()).getNonce();
    }

    /** The call data a signed transaction carries (0x-prefixed). */
    public static String callData(PreparedTransaction tx) {
        return Numeric.prependHexPrefix(TransactionDecoder.decode(tx.raw()).getData());
    }

    /** A block's number and timestamp (unix seconds). */
    public record BlockRef(long number, long timestamp) {
    }

    /** The block {@code tag} names now: {@code LATEST} for the head, {@code FINALIZED} for what is final. */
    public Mono<BlockRef> block(DefaultBlockParameterName tag) {
        return rpc("eth_getBlockByNumber", () -> web3j.ethGetBlockByNumber(tag, false))
                .flatMap(r -> Mono.justOrEmpty(r.getBlock()))
                .map(b -> new BlockRef(b.getNumber().longValueExact(), b.getTimestamp().longValueExact()));
    }

    /** Polls for the receipt every {@code receiptPoll} until it appears or {@code timeout} passes. */
    public Mono<TransactionReceipt> awaitReceipt(String txHash, Duration timeout) {
        return receipt(txHash)
                .repeatWhenEmpty(Integer.MAX_VALUE, ticks -> ticks.delayElements(receiptPoll))
                .timeout(timeout, Mono.error(() -> new RpcException("no receipt for " + txHash + " within " + timeout, null,
                        RpcFailure.TRANSIENT)));
    }

    public Mono<TransactionReceipt> receipt(String txHash) {
        return rpc("eth_getTransactionReceipt", () -> web3j.ethGetTransactionReceipt(txHash))
                .flatMap(r -> Mono.justOrEmpty(r.getTransactionReceipt()));
    }

    private Mono<BigInteger> gasPrice() {
        return rpc("eth_gasPrice", web3j::ethGasPrice).map(r -> r.getGasPrice());
    }

    private PreparedTransaction sign(RawTransaction raw) {
        byte[] signed = TransactionEncoder.signMessage(raw, chain.value(), sender);
        return new PreparedTransaction(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), raw.getNonce());
    }

    /** One JSON-RPC call: sent when subscribed, its error answer turned into a classified {@link RpcException}, retried if transient. */
    private <R extends Response<?>> Mono<R> rpc(String method, Supplier<Request<?, R>> request) {
        return Mono.fromFuture(() -> request.get().sendAsync())
                .timeout(policy.callTimeout())
                .onErrorMap(e -> !(e instanceof RpcException), e -> new RpcException(method + ": " + e, null, RpcFailure.of(e), e))
                .map(r -> checked(r, method))
                .transform(this::withRpcRetry);
    }

    /** Transient failures (see {@link RpcFailure#TRANSIENT}) are retried with backoff; every other failure is an answer. */
    private <T> Mono<T> withRpcRetry(Mono<T> call) {
        return call.retryWhen(Retry.backoff(policy.retries(), policy.firstBackoff()).maxBackoff(policy.maxBackoff())
                .filter(e -> RpcFailure.of(e).retryable())
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private static <R extends Response<?>> R checked(R response, String method) {
        if (response.hasError()) {
            Response.Error error = response.getError();
            Object data = error.getData();
            throw new RpcException(method + ": " + error.getMessage() + " (code " + error.getCode() + ")",
                    Optional.ofNullable(data).map(Object::toString).orElse(null), RpcFailure.of(error.getCode(), error.getMessage()));
        }
        return response;
    }
}
