package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Mono;

/** One rollup's JSON-RPC, reactive: every call is web3j {@code sendAsync} wrapped in a {@link Mono}. */
final class RollupRpc {
    private static final Duration RECEIPT_POLL = Duration.ofMillis(20);
    private static final int RECEIPT_POLLS = 1_500;

    private final Web3j web3j;
    private final long chainId;
    private final Object nonceLock = new Object();
    private final java.util.Map<String, BigInteger> nextNonce = new java.util.HashMap<>(); // per account

    RollupRpc(Web3j web3j, long chainId) {
        this.web3j = web3j;
        this.chainId = chainId;
    }

    private static <T extends Response<?>> Mono<T> checked(T r, String what) {
        return r.hasError() ? Mono.error(new MetalayerRpcException(what + ": " + r.getError().getMessage())) : Mono.just(r);
    }

    Mono<Long> blockNumber(DefaultBlockParameterName tag) {
        if (tag == DefaultBlockParameterName.LATEST) {
            return Mono.fromFuture(() -> web3j.ethBlockNumber().sendAsync()).flatMap(r -> checked(r, "eth_blockNumber"))
                    .map(r -> r.getBlockNumber().longValueExact());
        }
        return Mono.fromFuture(() -> web3j.ethGetBlockByNumber(tag, false).sendAsync())
                .flatMap(r -> checked(r, "eth_getBlockByNumber " + tag))
                .map(r -> r.getBlock().getNumber().longValueExact());
    }

    /** A block's number, hash and state root. */
    record Block(long number, String hash, String stateRoot) {
    }

    /** The block at {@code at} (a tag or a number); fails if the node has none there. */
    Mono<Block> block(DefaultBlockParameter at) {
        return Mono.fromFuture(() -> web3j.ethGetBlockByNumber(at, false).sendAsync())
                .flatMap(r -> checked(r, "eth_getBlockByNumber " + at.getValue()))
                .flatMap(r -> r.getBlock() == null ? Mono.error(new MetalayerRpcException("no block " + at.getValue()))
                        : Mono.just(new Block(r.getBlock().getNumber().longValueExact(), r.getBlock().getHash(),
                                r.getBlock().getStateRoot())));
    }

    /** {@code eth_call} of raw call data at {@code block}; a revert fails. */
    Mono<byte[]> call(Address contract, byte[] data, long block) {
        var tx = Transaction.createEthCallTransaction(null, contract.hex(), Numeric.toHexString(data));
        return Mono.fromFuture(() -> web3j.ethCall(tx, DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).sendAsync())
                .flatMap(r -> checked(r, "eth_call " + contract))
                .flatMap(r -> r.isReverted()
                        ? Mono.error(new MetalayerRpcException("eth_call " + contract + " reverted: " + r.getRevertReason()))
                        : Mono.just(Numeric.hexStringToByteArray(r.getValue())));
    }

    Mono<List<Log>> logs(Address contract, String topic0, long from, long to) {
        var filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), contract.hex());
        filter.addSingleTopic(topic0);
        return Mono.fromFuture(() -> web3j.ethGetLogs(filter).sendAsync()).flatMap(r -> checked(r, "eth_getLogs"))
                .map(r -> r.getLogs().stream().map(l -> (Log) l.get()).toList());
    }

    @SuppressWarnings("rawtypes")
    Mono<List<Type>> call(Address contract, Function function, long block) {
        var tx = Transaction.createEthCallTransaction(null, contract.hex(), FunctionEncoder.encode(function));
        return Mono.fromFuture(() -> web3j.ethCall(tx, DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).sendAsync())
                .flatMap(r -> checked(r, "eth_call " + function.getName()))
                .flatMap(r -> r.isReverted()
                        ? Mono.error(new MetalayerRpcException(function.getName() + " reverted: " + r.getRevertReason()))
                        : Mono.just(FunctionReturnDecoder.decode(r.getValue(), function.getOutputParameters())));
    }

    /**
     * Estimates (a revert is returned as {@link Rejected}, and burns no nonce), then signs with the
     * next nonce of {@code from} on this rollup and sends; completes with the mined receipt.
     */
    Mono<TransactionReceipt> send(Credentials from, Address to, String data, BigInteger value) {
        var estimate = Transaction.createFunctionCallTransaction(from.getAddress(), null, null, null, to.hex(), value, data);
        return Mono.fromFuture(() -> web3j.ethEstimateGas(estimate).sendAsync())
                .flatMap(r -> r.hasError() ? Mono.error(Rejected.of(r.getError())) : Mono.just(r.getAmountUsed()))
                .zipWith(price())
                .flatMap(t -> nonce(from).flatMap(nonce -> {
                    // half again the estimate: a dispatch estimated against the tree before others in the same block
                    // costs more once they are in (seen in a burst: 170,509 gas ran out at 1.2x its estimate)
                    BigInteger gas = t.getT1().multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO);
                    BigInteger price = t.getT2();
                    var raw = RawTransaction.createTransaction(nonce, price, gas, to.hex(), value, data);
                    String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, from));
                    return Mono.fromFuture(() -> web3j.ethSendRawTransaction(signed).sendAsync())
                            .flatMap(r -> checked(r, "eth_sendRawTransaction"))
                            .doOnError(e -> {
                                synchronized (nonceLock) {
                                    nextNonce.remove(account(from)); // unknown whether it arrived: re-read next time
                                }
                            });
                }))
                .flatMap(sent -> receipt(sent.getTransactionHash()));
    }

    /** {@code eth_getLogs} of {@code contract} with {@code topic0} and a first indexed topic {@code topic1}. */
    Mono<List<Log>> logs(Address contract, String topic0, String topic1, long from, long to) {
        var filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), contract.hex());
        filter.addSingleTopic(topic0);
        filter.addSingleTopic(topic1);
        return Mono.fromFuture(() -> web3j.ethGetLogs(filter).sendAsync()).flatMap(r -> checked(r, "eth_getLogs"))
                .map(r -> r.getLogs().stream().map(l -> (Log) l.get()).toList());
    }

    /** The gas {@code from} would need to send {@code data} to {@code to}; a revert fails as {@link Rejected}. */
    Mono<BigInteger> estimate(Credentials from, Address to, String data) {
        var estimate = Transaction.createFunctionCallTransaction(from.getAddress(), null, null, null, to.hex(), BigInteger.ZERO, data);
        return Mono.fromFuture(() -> web3j.ethEstimateGas(estimate).sendAsync())
                .flatMap(r -> r.hasError() ? Mono.error(Rejected.of(r.getError())) : Mono.just(r.getAmountUsed()));
    }

    /** What a transaction here is priced at: the node's gas price plus the latest base fee (see {@link #price()}). */
    Mono<BigInteger> gasPrice() {
        return price();
    }

    /** The next nonce of {@code from} here (tracked in memory after the first read from the node). */
    Mono<BigInteger> allocateNonce(Credentials from) {
        return nonce(from);
    }

    /** Forgets the tracked nonce of {@code from}: the next one is read from the node. */
    void forgetNonce(Credentials from) {
        synchronized (nonceLock) {
            nextNonce.remove(account(from));
        }
    }

    /** A signed legacy transaction, hex, for this rollup's chain id. */
    String sign(Credentials from, BigInteger nonce, BigInteger gasPrice, BigInteger gas, Address to, String data) {
        var raw = RawTransaction.createTransaction(nonce, gasPrice, gas, to.hex(), BigInteger.ZERO, data);
        return Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, from));
    }

    /** {@code eth_sendRawTransaction}; the node's refusal fails with its message (e.g. "nonce too low", "already known"). */
    Mono<String> broadcast(String signedHex) {
        return Mono.fromFuture(() -> web3j.ethSendRawTransaction(signedHex).sendAsync())
                .flatMap(r -> checked(r, "eth_sendRawTransaction")).map(r -> r.getTransactionHash());
    }

    /** The receipt of {@code hash} if it is mined now. */
    Mono<TransactionReceipt> receiptNow(String hash) {
        return Mono.fromFuture(() -> web3j.ethGetTransactionReceipt(hash).sendAsync())
                .flatMap(r -> checked(r, "eth_getTransactionReceipt"))
                .flatMap(r -> Mono.justOrEmpty(r.getTransactionReceipt()));
    }

    /** Whether the node knows {@code hash} (in its pool or mined). */
    Mono<Boolean> known(String hash) {
        return Mono.fromFuture(() -> web3j.ethGetTransactionByHash(hash).sendAsync())
                .flatMap(r -> checked(r, "eth_getTransactionByHash")).map(r -> r.getTransaction().isPresent());
    }

    /**
     * The node's gas price plus the latest base fee again: headroom for the base fee to double before
     * inclusion, while the tip stays the node's suggestion. (Doubling the whole price instead doubles the
     * tip, which the node's suggestion then follows: on a busy devnet the price grew 2^25-fold.)
     */
    private Mono<BigInteger> price() {
        return Mono.fromFuture(() -> web3j.ethGasPrice().sendAsync()).flatMap(r -> checked(r, "eth_gasPrice"))
                .zipWith(Mono.fromFuture(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).sendAsync())
                        .flatMap(r -> checked(r, "eth_getBlockByNumber")))
                .map(t -> {
                    var block = t.getT2().getBlock();
                    BigInteger base = block == null || block.getBaseFeePerGasRaw() == null ? BigInteger.ZERO : block.getBaseFeePerGas();
                    return t.getT1().getGasPrice().add(base);
                });
    }

    private Mono<BigInteger> nonce(Credentials from) {
        return Mono.defer(() -> {
            synchronized (nonceLock) {
                BigInteger n = nextNonce.get(account(from));
                if (n != null) {
                    nextNonce.put(account(from), n.add(BigInteger.ONE));
                    return Mono.just(n);
                }
            }
            return Mono.fromFuture(() -> web3j.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING)
                    .sendAsync()).flatMap(r -> checked(r, "eth_getTransactionCount")).map(r -> {
                        synchronized (nonceLock) {
                            BigInteger n = nextNonce.get(account(from));
                            BigInteger use = n != null && n.compareTo(r.getTransactionCount()) > 0 ? n : r.getTransactionCount();
                            nextNonce.put(account(from), use.add(BigInteger.ONE));
                            return use;
                        }
                    });
        });
    }

    private static String account(Credentials c) {
        return c.getAddress().toLowerCase(java.util.Locale.ROOT);
    }

    Mono<TransactionReceipt> receipt(String hash) {
        return Mono.defer(() -> Mono.fromFuture(() -> web3j.ethGetTransactionReceipt(hash).sendAsync()))
                .flatMap(r -> checked(r, "eth_getTransactionReceipt"))
                .flatMap(r -> Mono.justOrEmpty(r.getTransactionReceipt()))
                .repeatWhenEmpty(RECEIPT_POLLS, f -> f.delayElements(RECEIPT_POLL))
                .switchIfEmpty(Mono.error(new MetalayerRpcException("no receipt for " + hash)));
    }

    /** A transaction the chain would revert (seen in its gas estimate). */
    static final class Rejected extends MetalayerRpcException {
        Rejected(String reason) {
            super(reason);
        }

        /** With the revert data decoded: a bare "execution reverted" says nothing of why. */
        static Rejected of(Response.Error error) {
            return new Rejected(RevertReason.of(error.getMessage(), error.getData()));
        }
    }
}
