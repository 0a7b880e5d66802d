package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.ValidatorSet;
import io.metaroute.settlement.metalayer.domain.CheckpointSignatureSource;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.IsmMetadata;
import io.metaroute.settlement.metalayer.domain.MetalayerBody;
import io.metaroute.settlement.metalayer.domain.ReadAttestation;
import io.metaroute.settlement.metalayer.domain.ReadProof;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshotSource;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * How one message is delivered: gathers the threshold of checkpoint signatures for the message's
 * finality in the ISM's validator order, builds the message-id multisig metadata, and builds (or
 * sends) {@code Mailbox.process} on the destination, confirmed with {@code Mailbox.delivered}. A
 * message with reads also gets, per read, the threshold of read validators' attestations at the
 * newest state snapshot of the read's rollup (in validator order), and goes through the router's
 * {@code deliverWithReads}, which verifies them and calls {@code Mailbox.process}. The loop that
 * finds messages and keeps their deliveries through restarts, fee bumps and reorgs is
 * {@link OutboxRelayer}.
 */
public final class Relayer {
    private static final Logger log = LoggerFactory.getLogger(Relayer.class);
    static final Event DISPATCH = new Event("Dispatch", List.of(new TypeReference<org.web3j.abi.datatypes.Address>(true) { },
            new TypeReference<org.web3j.abi.datatypes.generated.Uint32>(true) { }, new TypeReference<Bytes32>(true) { },
            new TypeReference<DynamicBytes>() { }));
    private static final String DISPATCH_TOPIC = EventEncoder.encode(DISPATCH);
    private static final Duration SIGNATURE_POLL = Duration.ofMillis(20);

    private final MetalayerNetwork network;
    private final CheckpointSignatureSource signatures;
    private final Credentials key;
    private final Duration signatureWait;
    private final StateSnapshotSource snapshots;
    private final ReadAttesters attesters;

    /** What one delivery did. */
    public record Delivery(HyperlaneMessage message, String transactionHash, BigInteger gasUsed, long block) {
    }

    /** A relayer for messages without reads (one with reads fails: nobody to attest them). */
    public Relayer(MetalayerNetwork network, CheckpointSignatureSource signatures, Credentials key, Duration signatureWait) {
        this(network, signatures, null, (v, id, read, at) -> Mono.empty(), key, signatureWait);
    }

    public Relayer(MetalayerNetwork network, CheckpointSignatureSource signatures, StateSnapshotSource snapshots, ReadAttesters attesters,
            Credentials key, Duration signatureWait) {
        this.network = network;
        this.signatures = signatures;
        this.snapshots = snapshots;
        this.attesters = attesters;
        this.key = key;
        this.signatureWait = signatureWait;
    }

    /** {@code ReadAttestation(uint256 blockNumber, bytes32 blockHash, bytes signatures)}. */
    public static final class ReadAttestationStruct extends DynamicStruct {
        public ReadAttestationStruct(Uint256 blockNumber, Bytes32 blockHash, DynamicBytes signatures) {
            super(blockNumber, blockHash, signatures);
        }
    }

    /** Gathers signatures (waiting up to the configured time), delivers and confirms. */
    public Mono<Delivery> deliver(HyperlaneMessage message) {
        return prepare(message).flatMap(p -> network.chain(message.destination()).rpc().send(key, p.to(), p.data(), BigInteger.ZERO)
                        .flatMap(r -> r.isStatusOK() ? Mono.just(new Delivery(message, r.getTransactionHash(), r.getGasUsed(),
                                r.getBlockNumber().longValueExact()))
                                : Mono.error(new MetalayerRpcException(p.method() + " reverted in " + r.getTransactionHash()))))
                .flatMap(d -> delivered(message).flatMap(ok -> ok ? Mono.just(d)
                        : Mono.error(new MetalayerRpcException("process mined but " + message.id() + " is not delivered"))));
    }

    /** A delivery ready to send: the contract on the destination, the call data, and which call it is. */
    public record Prepared(HyperlaneMessage message, Address to, String data, String method) {
    }

    /**
     * Gathers what the message's delivery needs (checkpoint signatures, and read attestations if it
     * has reads) and builds the call: {@code Mailbox.process} or the router's {@code deliverWithReads}.
     */
    public Mono<Prepared> prepare(HyperlaneMessage message) {
        var chain = network.chain(message.destination());
        return Mono.fromCallable(() -> reads(message)).flatMap(reads -> reads.isEmpty()
                ? gather(message).map(sigs -> new Prepared(message, chain.contracts().mailbox(),
                        processData(message, metadata(sigs)), "process"))
                : Mono.zip(gather(message), gatherReads(message)).map(t -> new Prepared(message, chain.contracts().router(),
                        deliverWithReadsData(message, metadata(t.getT1()), t.getT2().stream().map(a -> a.get(0).result()).toList(),
                                t.getT2().stream().map(ReadProof::of).toList()), "deliverWithReads")));
    }

    private static byte[] metadata(List<SignedCheckpoint> sigs) {
        return IsmMetadata.messageIdMultisig(sigs.get(0).checkpoint(), sigs);
    }

    /**
     * Per read of the message, the read validators' threshold of attestations at the newest snapshot
     * of the read's rollup, in validator order; retried (a snapshot may not be out yet) up to the
     * configured wait.
     */
    public Mono<List<List<ReadAttestation>>> gatherReads(HyperlaneMessage message) {
        ValidatorSet set = network.network().metalayer().readValidators();
        return Mono.fromCallable(() -> reads(message)).flatMapMany(Flux::fromIterable)
                .concatMap(read -> gatherRead(message.id(), read, set)).collectList();
    }

    private Mono<List<ReadAttestation>> gatherRead(String messageId, MetalayerBody.ReadOperation read, ValidatorSet set) {
        Duration pause = SIGNATURE_POLL.multipliedBy(5);
        return Mono.defer(() -> {
            var latest = snapshots == null ? Mono.<io.metaroute.settlement.metalayer.domain.SignedSnapshot>empty()
                    : snapshots.latest(read.domain());
            return latest.switchIfEmpty(Mono.error(() -> new SignaturesMissing("no state snapshot of " + read.domain() + " yet")))
                    .flatMap(s -> attestAll(messageId, read, set, s.snapshot()));
        }).retryWhen(Retry.fixedDelay(Math.max(1, signatureWait.toMillis() / pause.toMillis()), pause)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private Mono<List<ReadAttestation>> attestAll(String messageId, MetalayerBody.ReadOperation read, ValidatorSet set, StateSnapshot at) {
        return Flux.fromIterable(set.validators())
                .concatMap(v -> attesters.attest(v, messageId, read, at).onErrorResume(e -> {
                    log.debug("validator {} did not attest a read of {}: {}", v, messageId, e.getMessage());
                    return Mono.empty();
                }))
                .take(set.threshold()).collectList()
                .flatMap(found -> found.size() == set.threshold() && found.stream().allMatch(a -> a.sameAs(found.get(0)))
                        ? Mono.just(found)
                        : Mono.error(new SignaturesMissing("only " + found.size() + " of " + set.threshold()
                                + " read attestations for " + messageId + " at block " + at.blockNumber() + " of " + read.domain())));
    }

    /** Call data of {@code router.deliverWithReads(metadata, message, readResults, attestations)}. */
    public static String deliverWithReadsData(HyperlaneMessage message, byte[] metadata, List<byte[]> results, List<ReadProof> proofs) {
        var structs = proofs.stream().map(p -> new ReadAttestationStruct(new Uint256(p.blockNumber()),
                new Bytes32(Numeric.hexStringToByteArray(p.blockHash())), new DynamicBytes(p.signatures()))).toList();
        return FunctionEncoder.encode(new Function("deliverWithReads", List.of(new DynamicBytes(metadata),
                new DynamicBytes(message.raw()), new DynamicArray<>(DynamicBytes.class, results.stream().map(DynamicBytes::new).toList()),
                new DynamicArray<>(ReadAttestationStruct.class, structs)), List.of()));
    }

    /**
     * {@code router.deliverWithReads(metadata, message, readResults, attestations)} on the destination;
     * a revert fails with the chain's reason.
     */
    public Mono<Delivery> deliverWithReads(HyperlaneMessage message, byte[] metadata, List<byte[]> results, List<ReadProof> proofs) {
        var chain = network.chain(message.destination());
        return send(message, chain.contracts().router(), deliverWithReadsData(message, metadata, results, proofs), "deliverWithReads");
    }

    private Mono<Delivery> send(HyperlaneMessage message, Address to, String data, String method) {
        return network.chain(message.destination()).rpc().send(key, to, data, BigInteger.ZERO)
                .flatMap(r -> r.isStatusOK() ? Mono.just(new Delivery(message, r.getTransactionHash(), r.getGasUsed(),
                        r.getBlockNumber().longValueExact()))
                        : Mono.error(new MetalayerRpcException(method + " reverted in " + r.getTransactionHash())));
    }

    /**
     * Whether our {@code MetalayerRouter} on the message's origin sent it, so that its body is a {@link MetalayerBody};
     * any other sender's (a warp route's transfer) is a plain Hyperlane message, without reads, which the
     * recipient's ISM checks: the Mailbox's default, the INSTANT multisig.
     */
    boolean routed(HyperlaneMessage message) {
        byte[] sender = message.sender();
        return Address.of(Numeric.toHexString(java.util.Arrays.copyOfRange(sender, 12, 32)))
                .equals(network.chain(message.origin()).contracts().router());
    }

    private FinalityState finality(HyperlaneMessage message) {
        return routed(message) ? MetalayerBody.parse(message.body()).finality() : FinalityState.INSTANT;
    }

    private List<MetalayerBody.ReadOperation> reads(HyperlaneMessage message) {
        return routed(message) ? MetalayerBody.parse(message.body()).reads() : List.of();
    }

    /** The threshold of signatures for the message's finality, in validator order, once published. */
    public Mono<List<SignedCheckpoint>> gather(HyperlaneMessage message) {
        FinalityState finality = finality(message);
        ValidatorSet set = network.network().metalayer().validators(finality);
        return Flux.fromIterable(set.validators())
                .concatMap(v -> signatures.find(message.origin(), message.id(), finality, v).onErrorResume(e -> {
                    log.debug("no {} signature of {} from {}: {}", finality, message.id(), v, e.toString());
                    return Mono.empty();
                }))
                .take(set.threshold()).collectList()
                .filter(found -> found.size() == set.threshold()).map(List::copyOf)
                .switchIfEmpty(Mono.error(() -> new SignaturesMissing("fewer than " + set.threshold() + " " + finality
                        + " signatures for " + message.id() + " after " + signatureWait)))
                .retryWhen(Retry.fixedDelay(signatureWait.toMillis() / SIGNATURE_POLL.toMillis(), SIGNATURE_POLL)
                        .filter(SignaturesMissing.class::isInstance).onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /** {@code Mailbox.process(metadata, message)} on the destination; a revert fails with the chain's reason. */
    public Mono<Delivery> process(HyperlaneMessage message, byte[] metadata) {
        return send(message, network.chain(message.destination()).contracts().mailbox(), processData(message, metadata), "process");
    }

    /** Call data of {@code Mailbox.process(metadata, message)}. */
    public static String processData(HyperlaneMessage message, byte[] metadata) {
        return FunctionEncoder.encode(new Function("process",
                List.of(new DynamicBytes(metadata), new DynamicBytes(message.raw())), List.of()));
    }

    public Mono<Boolean> delivered(HyperlaneMessage message) {
        var chain = network.chain(message.destination());
        var f = new Function("delivered", List.of(new Bytes32(Numeric.hexStringToByteArray(message.id()))),
                List.of(new TypeReference<Bool>() { }));
        return chain.rpc().blockNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                .flatMap(b -> chain.rpc().call(chain.contracts().mailbox(), f, b))
                .map(v -> (Boolean) v.get(0).getValue());
    }

}
