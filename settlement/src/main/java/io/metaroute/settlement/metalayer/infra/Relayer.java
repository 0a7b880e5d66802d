package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.ValidatorSet;
import io.metaroute.settlement.metalayer.domain.CheckpointSignatures;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.IsmMetadata;
import io.metaroute.settlement.metalayer.domain.MetalayerBody;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Picks up every {@code Dispatch} of every rollup's Mailbox, gathers the threshold of checkpoint
 * signatures for the message's finality in the ISM's validator order, builds the message-id
 * multisig metadata, calls {@code Mailbox.process} on the destination and confirms with
 * {@code Mailbox.delivered}. Not yet: skipping unpaid messages, fee bumps, an outbox surviving restarts.
 */
public final class Relayer {
    private static final Logger log = LoggerFactory.getLogger(Relayer.class);
    static final Event DISPATCH = new Event("Dispatch", List.of(new TypeReference<org.web3j.abi.datatypes.Address>(true) { },
            new TypeReference<org.web3j.abi.datatypes.generated.Uint32>(true) { }, new TypeReference<Bytes32>(true) { },
            new TypeReference<DynamicBytes>() { }));
    private static final String DISPATCH_TOPIC = EventEncoder.encode(DISPATCH);
    private static final Duration SIGNATURE_POLL = Duration.ofMillis(20);

    private final MetalayerNetwork network;
    private final CheckpointSignatures signatures;
    private final Credentials key;
    private final Duration signatureWait;
    private final Map<Domain, Long> nextBlock = new ConcurrentHashMap<>();

    /** What one delivery did. */
    public record Delivery(HyperlaneMessage message, String transactionHash, BigInteger gasUsed, long block) {
    }

    public Relayer(MetalayerNetwork network, CheckpointSignatures signatures, Credentials key, Duration signatureWait) {
        this.network = network;
        this.signatures = signatures;
        this.key = key;
        this.signatureWait = signatureWait;
    }

    /** Starts following every rollup from block {@code fromBlock}. */
    public Flux<Delivery> run(Duration period, long fromBlock) {
        network.domains().forEach(d -> nextBlock.putIfAbsent(d, fromBlock));
        return Flux.interval(Duration.ZERO, period).onBackpressureDrop()
                .concatMap(t -> Flux.fromIterable(network.domains()).concatMap(this::newMessages)
                        .onErrorResume(e -> {
                            log.warn("relayer poll failed: {}", e.toString());
                            return Flux.empty();
                        }))
                .flatMap(m -> deliver(m).onErrorResume(e -> {
                    log.warn("relayer could not deliver {}: {}", m, e.getMessage());
                    return Mono.empty();
                }));
    }

    /** The messages dispatched on {@code origin} since the last look. */
    public Flux<HyperlaneMessage> newMessages(Domain origin) {
        var chain = network.chain(origin);
        return chain.rpc().blockNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST).flatMapMany(head -> {
            long from = nextBlock.getOrDefault(origin, 0L);
            if (head < from) {
                return Flux.empty();
            }
            return chain.rpc().logs(chain.contracts().mailbox(), DISPATCH_TOPIC, from, head)
                    .doOnNext(l -> nextBlock.put(origin, head + 1))
                    .flatMapMany(Flux::fromIterable)
                    .map(l -> HyperlaneMessage.of((byte[]) FunctionReturnDecoder
                            .decode(l.getData(), DISPATCH.getNonIndexedParameters()).get(0).getValue()));
        });
    }

    /** Gathers signatures (waiting up to the configured time), delivers and confirms. */
    public Mono<Delivery> deliver(HyperlaneMessage message) {
        return gather(message).flatMap(sigs -> process(message, IsmMetadata.messageIdMultisig(sigs.get(0).checkpoint(), sigs)))
                .flatMap(d -> delivered(message).flatMap(ok -> ok ? Mono.just(d)
                        : Mono.error(new MetalayerRpcException("process mined but " + message.id() + " is not delivered"))));
    }

    /** The threshold of signatures for the message's finality, in validator order, once published. */
    public Mono<List<SignedCheckpoint>> gather(HyperlaneMessage message) {
        FinalityState finality = MetalayerBody.parse(message.body()).finality();
        ValidatorSet set = network.network().metalayer().validators(finality);
        return Mono.fromCallable(() -> {
            var found = new ArrayList<SignedCheckpoint>();
            for (var v : set.validators()) {
                signatures.find(message.origin(), message.id(), finality, v).ifPresent(found::add);
                if (found.size() == set.threshold()) {
                    return List.copyOf(found);
                }
            }
            return null;
        }).repeatWhenEmpty((int) (signatureWait.toMillis() / SIGNATURE_POLL.toMillis()), f -> f.delayElements(SIGNATURE_POLL))
                .switchIfEmpty(Mono.error(new MetalayerRpcException("fewer than " + set.threshold() + " " + finality
                        + " signatures for " + message.id() + " after " + signatureWait)));
    }

    /** {@code Mailbox.process(metadata, message)} on the destination; a revert fails with the chain's reason. */
    public Mono<Delivery> process(HyperlaneMessage message, byte[] metadata) {
        var chain = network.chain(message.destination());
        String data = FunctionEncoder.encode(new Function("process",
                List.of(new DynamicBytes(metadata), new DynamicBytes(message.raw())), List.of()));
        return chain.rpc().send(key, chain.contracts().mailbox(), data, BigInteger.ZERO)
                .flatMap(r -> r.isStatusOK() ? Mono.just(new Delivery(message, r.getTransactionHash(), r.getGasUsed(),
                        r.getBlockNumber().longValueExact()))
                        : Mono.error(new MetalayerRpcException("process reverted in " + r.getTransactionHash())));
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
