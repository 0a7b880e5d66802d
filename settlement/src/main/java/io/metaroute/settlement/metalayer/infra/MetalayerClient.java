package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import reactor.core.publisher.Mono;

/**
 * An application's side of Metalayer on one rollup: quote and dispatch through the MetalayerRouter,
 * with or without reads (static calls on any rollup, whose attested results arrive with the message).
 */
public final class MetalayerClient {
    private final MetalayerNetwork network;

    public MetalayerClient(MetalayerNetwork network) {
        this.network = network;
    }

    /** What was dispatched: the Hyperlane message the relayer will deliver and the fee paid. */
    public record Dispatched(HyperlaneMessage message, BigInteger fee, BigInteger gasUsed) {
    }

    /** {@code ReadOperation(uint32 domain, address target, bytes callData)}. */
    public static final class ReadOperationStruct extends DynamicStruct {
        public ReadOperationStruct(Uint32 domain, org.web3j.abi.datatypes.Address target, DynamicBytes callData) {
            super(domain, target, callData);
        }
    }

    public Mono<BigInteger> quote(Domain origin, Domain destination, Address recipient, byte[] write, FinalityState finality,
            long gasLimit, Address from) {
        return quote(origin, destination, recipient, List.of(), write, finality, gasLimit, from);
    }

    public Mono<BigInteger> quote(Domain origin, Domain destination, Address recipient, List<ReadOperation> reads, byte[] write,
            FinalityState finality, long gasLimit, Address from) {
        var chain = network.chain(origin);
        var f = new Function("quoteDispatch", args(destination, recipient, reads, write, finality, gasLimit),
                List.of(new TypeReference<Uint256>() { }));
        var tx = org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(from.hex(),
                chain.contracts().router().hex(), FunctionEncoder.encode(f));
        return Mono.fromFuture(() -> chain.web3j().ethCall(tx, org.web3j.protocol.core.DefaultBlockParameterName.LATEST).sendAsync())
                .flatMap(r -> r.hasError() || r.isReverted()
                        ? Mono.error(new MetalayerRpcException("quoteDispatch failed: "
                                + (r.hasError() ? r.getError().getMessage() : r.getRevertReason())))
                        : Mono.just((BigInteger) FunctionReturnDecoder.decode(r.getValue(), f.getOutputParameters()).get(0).getValue()));
    }

    /** Quotes, then dispatches paying exactly the quote. */
    public Mono<Dispatched> dispatch(Domain origin, Domain destination, Address recipient, byte[] write, FinalityState finality,
            long gasLimit, Credentials from) {
        return dispatch(origin, destination, recipient, List.of(), write, finality, gasLimit, from);
    }

    /** Quotes, then dispatches a message with {@code reads} paying exactly the quote. */
    public Mono<Dispatched> dispatch(Domain origin, Domain destination, Address recipient, List<ReadOperation> reads, byte[] write,
            FinalityState finality, long gasLimit, Credentials from) {
        var chain = network.chain(origin);
        return quote(origin, destination, recipient, reads, write, finality, gasLimit, Address.of(from.getAddress()))
                .flatMap(fee -> chain.rpc().send(from, chain.contracts().router(),
                        FunctionEncoder.encode(new Function("dispatch", args(destination, recipient, reads, write, finality, gasLimit),
                                List.of())), fee)
                        .flatMap(receipt -> receipt.isStatusOK()
                                ? Mono.just(new Dispatched(dispatchedMessage(chain, receipt), fee, receipt.getGasUsed()))
                                : Mono.error(new MetalayerRpcException("dispatch reverted in " + receipt.getTransactionHash()
                                        + " (gas used " + receipt.getGasUsed() + ")"))));
    }

    private static HyperlaneMessage dispatchedMessage(MetalayerNetwork.Chain chain,
            org.web3j.protocol.core.methods.response.TransactionReceipt receipt) {
        String topic = EventEncoder.encode(Relayer.DISPATCH);
        return receipt.getLogs().stream()
                .filter(l -> Address.of(l.getAddress()).equals(chain.contracts().mailbox()) && l.getTopics().get(0).equals(topic))
                .findFirst()
                .map(l -> HyperlaneMessage.of((byte[]) FunctionReturnDecoder
                        .decode(l.getData(), Relayer.DISPATCH.getNonIndexedParameters()).get(0).getValue()))
                .orElseThrow(() -> new MetalayerRpcException("no Dispatch in " + receipt.getTransactionHash()));
    }

    @SuppressWarnings("rawtypes")
    private static List<Type> args(Domain destination, Address recipient, List<ReadOperation> reads, byte[] write,
            FinalityState finality, long gasLimit) {
        var structs = reads.stream().map(r -> new ReadOperationStruct(new Uint32(r.domain().value()),
                new org.web3j.abi.datatypes.Address(r.target().hex()), new DynamicBytes(r.callData()))).toList();
        return List.of(new Uint32(destination.value()), new org.web3j.abi.datatypes.Address(recipient.hex()),
                new DynamicArray<>(ReadOperationStruct.class, structs), new DynamicBytes(write),
                new Uint8(finality.code()), new Uint256(gasLimit));
    }
}
