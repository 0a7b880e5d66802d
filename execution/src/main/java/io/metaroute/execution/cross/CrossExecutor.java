package io.metaroute.execution.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.fill.SettlerErrors;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.execution.tx.ChainClient.BlockRef;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.execution.tx.RpcException;
import io.metaroute.execution.tx.RpcFailure;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The solver's side of one rollup's CrossSettler and Metalayer router, in steps a caller can persist
 * between: simulate, prepare (signed, not sent), broadcast, await. A settler's refusal is a
 * {@link FillRejected} naming the contract's error; a node that did not answer is an
 * {@link RpcException}, never a verdict.
 */
public final class CrossExecutor {
    /** Mailbox {@code Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)}. */
    private static final String DISPATCH_TOPIC = Hash.sha3String("Dispatch(address,uint32,bytes32,bytes)");

    /** A release reads a range of the fill log when it holds at most this many entries per order of the message. */
    public static final int MAX_RANGE_PER_ORDER = 2;

    private final ChainClient chain;
    private final MetalayerContracts contracts;
    private final Duration receiptTimeout;

    public CrossExecutor(ChainClient chain, MetalayerContracts contracts, Duration receiptTimeout) {
        this.chain = chain;
        this.contracts = contracts;
        this.receiptTimeout = receiptTimeout;
    }

    /** What a mined transaction did: whether it succeeded, its block, why it reverted, the Metalayer message it dispatched. */
    public record Mined(boolean ok, long block, String reason, Optional<String> messageId) {
    }

    public Mono<Void> simulateOpen(CrossOrder order, byte[] signature) {
        return verdict(chain.call(settler(), CrossSettlerAbi.openFor(order, signature))).then();
    }

    public Mono<PreparedTransaction> prepareOpen(CrossOrder order, byte[] signature) {
        return verdict(chain.prepare(settler(), CrossSettlerAbi.openFor(order, signature)));
    }

    public Mono<Void> simulateFill(CrossOrder order, Address repayTo, Address tokenSpent, BigInteger amountSpent,
                                   List<RouteReplay.Step> steps) {
        return verdict(chain.call(settler(), CrossSettlerAbi.fill(order, repayTo, tokenSpent, amountSpent, steps))).then();
    }

    public Mono<PreparedTransaction> prepareFill(CrossOrder order, Address repayTo, Address tokenSpent, BigInteger amountSpent,
                                                 List<RouteReplay.Step> steps) {
        return verdict(chain.prepare(settler(), CrossSettlerAbi.fill(order, repayTo, tokenSpent, amountSpent, steps)));
    }

    /**
     * A release or refund message of {@code orders} (all from one origin) from this rollup (their destination) to
     * {@code originSettler} on {@code originDomain}, reading this settler's fill records; its Metalayer fee quoted
     * now and paid as value, its gas on the origin {@code gasBase} and {@code gasPerEntry} for each entry its read
     * answers. A release reads the range of this rollup's fill log that holds its orders ({@link #settleRead}).
     */
    public Mono<PreparedTransaction> prepareSettle(long originDomain, Address originSettler, CrossSettlerAbi.Kind kind,
                                                   List<CrossOrder> orders, int finality, long gasBase, long gasPerEntry) {
        byte[] body = CrossSettlerAbi.message(kind);
        long here = contracts.domain().value();
        String router = contracts.router().hex();
        return settleRead(kind, orders).flatMap(read -> {
            long gasLimit = gasBase + gasPerEntry * read.entries();
            return quote(originDomain, originSettler, read.callData(), body, finality, gasLimit)
                    .flatMap(fee -> verdict(chain.prepare(router, CrossSettlerAbi.routerCall("dispatch", originDomain, originSettler,
                            here, contracts.crossSettler(), read.callData(), body, finality, gasLimit), fee)));
        });
    }

    /** A settlement message's read of this settler and how many entries its answer holds. */
    public record SettleRead(byte[] callData, long entries) {
    }

    /**
     * What a settlement message of {@code orders} reads. A release whose orders are all filled here reads
     * {@code fillRange} over the entries of the origin's fill log from the first of them to the last, whatever
     * their number: the message stays one size (the entries between, other fills from that origin, are released
     * too or skipped). When those entries would be more than {@link #MAX_RANGE_PER_ORDER} per order, when an
     * order shows no fill (the origin refuses it by name) and for a refund (which must show each order unfilled),
     * the read is {@code fillStatus} of the orders.
     */
    public Mono<SettleRead> settleRead(CrossSettlerAbi.Kind kind, List<CrossOrder> orders) {
        var byIds = new SettleRead(CrossSettlerAbi.fillStatus(orders.stream().map(CrossOrder::orderId).toList()), orders.size());
        if (kind != CrossSettlerAbi.Kind.RELEASE || orders.isEmpty()) {
            return Mono.just(byIds);
        }
        long origin = orders.get(0).originChainId().value();
        return Flux.fromIterable(orders).concatMap(this::fillRecord).collectList().map(records -> {
            if (records.stream().anyMatch(r -> !r.filled())
                    || orders.stream().anyMatch(o -> o.originChainId().value() != origin)) {
                return byIds;
            }
            long from = records.stream().mapToLong(CrossSettlerAbi.FillRecord::logIndex).min().orElseThrow();
            long span = records.stream().mapToLong(CrossSettlerAbi.FillRecord::logIndex).max().orElseThrow() - from + 1;
            return span > MAX_RANGE_PER_ORDER * orders.size() ? byIds
                    : new SettleRead(CrossSettlerAbi.fillRange(origin, from, span), span);
        });
    }

    /**
     * The Metalayer fee, in wei, of a release message of one order from {@code originChainId} to {@code originSettler}
     * on {@code originDomain}: a range read of one entry, as {@link #prepareSettle} sends it.
     */
    public Mono<BigInteger> quoteSettle(long originDomain, Address originSettler, long originChainId, int finality, long gasLimit) {
        return quote(originDomain, originSettler, CrossSettlerAbi.fillRange(originChainId, 0, 1),
                CrossSettlerAbi.message(CrossSettlerAbi.Kind.RELEASE), finality, gasLimit);
    }

    private Mono<BigInteger> quote(long originDomain, Address originSettler, byte[] read, byte[] body, int finality, long gasLimit) {
        return chain.call(contracts.router().hex(), CrossSettlerAbi.routerCall("quoteDispatch", originDomain, originSettler,
                        contracts.domain().value(), contracts.crossSettler(), read, body, finality, gasLimit))
                .map(CrossSettlerAbi::decodeUint);
    }

    public Mono<String> broadcast(PreparedTransaction tx) {
        return chain.broadcast(tx);
    }

    public Mono<Mined> await(String txHash) {
        return chain.awaitReceipt(txHash, receiptTimeout).flatMap(r -> {
            long block = r.getBlockNumber().longValueExact();
            if (r.isStatusOK()) {
                return Mono.just(new Mined(true, block, null, dispatched(r)));
            }
            return chain.revertData(r).map(d -> SettlerErrors.name(d).orElse("revert data " + d))
                    .defaultIfEmpty("reverted (gas used " + r.getGasUsed() + ")")
                    .onErrorReturn("reverted, reason unknown")
                    .map(why -> new Mined(false, block, why, Optional.empty()));
        });
    }

    /** The id (keccak-256 of the Hyperlane message) of the message this rollup's Mailbox dispatched in {@code receipt}. */
    private Optional<String> dispatched(TransactionReceipt receipt) {
        for (Log l : receipt.getLogs()) {
            if (l.getTopics().size() == 4 && DISPATCH_TOPIC.equalsIgnoreCase(l.getTopics().get(0))
                    && contracts.mailbox().hex().equalsIgnoreCase(l.getAddress())) {
                // data: offset, length, the message bytes
                String d = Numeric.cleanHexPrefix(l.getData());
                int length = new BigInteger(d.substring(64, 128), 16).intValueExact();
                byte[] message = Numeric.hexStringToByteArray(d.substring(128, 128 + 2 * length));
                return Optional.of(Numeric.toHexString(Hash.sha3(message)));
            }
        }
        return Optional.empty();
    }

    /** The escrow as mined (latest block): a saga step never counts on a transaction still pending. */
    public Mono<CrossSettlerAbi.Escrow> escrow(CrossOrder order) {
        return chain.call(settler(), CrossSettlerAbi.escrowOf(order.orderId()), DefaultBlockParameterName.LATEST)
                .map(CrossSettlerAbi::decodeEscrow);
    }

    /** Whether this rollup's Mailbox processed the message {@code messageId} (latest block). */
    public Mono<Boolean> delivered(String messageId) {
        return chain.call(contracts.mailbox().hex(), CrossSettlerAbi.delivered(messageId), DefaultBlockParameterName.LATEST)
                .map(v -> CrossSettlerAbi.decodeUint(v).signum() != 0);
    }

    /** The fill record as mined (latest block). */
    public Mono<CrossSettlerAbi.FillRecord> fillRecord(CrossOrder order) {
        return chain.call(settler(), CrossSettlerAbi.fills(order.orderId()), DefaultBlockParameterName.LATEST)
                .map(CrossSettlerAbi::decodeFillRecord);
    }

    /** The escrow at block {@code block}: what the reconciliation compares balances of that block with. */
    public Mono<CrossSettlerAbi.Escrow> escrowAt(CrossOrder order, long block) {
        return chain.call(settler(), CrossSettlerAbi.escrowOf(order.orderId()), at(block)).map(CrossSettlerAbi::decodeEscrow);
    }

    /** ERC-20 {@code balanceOf(holder)} at block {@code block}. */
    public Mono<BigInteger> balanceAt(Address token, Address holder, long block) {
        return chain.call(token.hex(), CrossSettlerAbi.balanceOf(holder), at(block)).map(CrossSettlerAbi::decodeUint);
    }

    /** This settler's fee accounts for messages from {@code destinationChainId}: this rollup's, that rollup's, the validators'. */
    public Mono<List<Address>> feeAccounts(long destinationChainId) {
        var latest = DefaultBlockParameterName.LATEST;
        return Mono.zip(chain.call(settler(), CrossSettlerAbi.feeRecipient(), latest),
                        chain.call(settler(), CrossSettlerAbi.remotes(destinationChainId), latest),
                        chain.call(settler(), CrossSettlerAbi.validatorFeeRecipient(), latest))
                .map(t -> List.of(CrossSettlerAbi.decodeAddress(t.getT1(), 0), CrossSettlerAbi.decodeAddress(t.getT2(), 2),
                        CrossSettlerAbi.decodeAddress(t.getT3(), 0)));
    }

    private static org.web3j.protocol.core.DefaultBlockParameter at(long block) {
        return org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
    }

    /** What replaces a sent transaction not being mined (see {@link ChainClient#replacement}); signed, not sent. */
    public Mono<PreparedTransaction> replacement(PreparedTransaction stuck) {
        return chain.replacement(stuck);
    }

    /** The block of the order's {@code Escrowed} event on this (its origin) settler, looked for from {@code fromBlock}. */
    public Mono<Long> openBlock(CrossOrder order, long fromBlock) {
        return chain.logBlocks(settler(), List.of(CrossSettlerAbi.ESCROWED_TOPIC, Numeric.toHexString(order.orderId())), fromBlock)
                .flatMap(blocks -> Mono.justOrEmpty(blocks.stream().findFirst()));
    }

    /** This rollup was reorganised: the solver's next nonce here is read from the chain again. */
    public void reorganised() {
        chain.resyncNonces();
    }

    public Mono<BlockRef> head() {
        return chain.block(DefaultBlockParameterName.LATEST);
    }

    public Mono<BlockRef> finalized() {
        return chain.block(DefaultBlockParameterName.FINALIZED);
    }

    private String settler() {
        return contracts.crossSettler().hex();
    }

    /** A revert is the settler's verdict, named by its error; anything else is the node's trouble, to retry. */
    private static <T> Mono<T> verdict(Mono<T> call) {
        return call.onErrorMap(e -> e instanceof RpcException rpc && rpc.failure() == RpcFailure.REVERTED, e -> {
            String reason = SettlerErrors.name(((RpcException) e).revertData()).orElse("SimulationFailed");
            return new FillRejected(reason, "cross settler refused: " + reason + " (" + SettlerErrors.describe(e.getMessage()) + ")");
        });
    }
}
