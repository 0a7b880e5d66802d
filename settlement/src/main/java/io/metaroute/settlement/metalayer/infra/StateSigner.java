package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.ReadAttestation;
import io.metaroute.settlement.metalayer.domain.ReadAttestations;
import io.metaroute.settlement.metalayer.domain.SignedSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshots;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One guardian validator's state signing: every {@code period} it signs a {@link StateSnapshot} of
 * every rollup at its latest block (block number, hash, state root) into the snapshot store, and on
 * request it attests a message's read: it executes the {@code eth_call} at a snapshot block of the
 * read's rollup and signs the result bound to that block ({@link ReadAttestation}).
 * <p>
 * A read is attested only at a block that is on this validator's own view of the chain (same hash)
 * and no more than {@code maxBlocksBehind} blocks older than its own latest snapshot of that rollup:
 * the relayer asks every validator at the same snapshot (the newest any of them signed) so that their
 * signatures are over the same digest, and a validator never vouches for a state older than its
 * latest snapshot allows.
 */
public final class StateSigner {
    private static final Logger log = LoggerFactory.getLogger(StateSigner.class);

    private final MetalayerNetwork network;
    private final Credentials key;
    private final StateSnapshots out;
    private final long maxBlocksBehind;
    private final Clock clock;
    private final ReadAttestations attested;
    private final java.util.Map<Domain, SignedSnapshot> lastSigned = new java.util.concurrent.ConcurrentHashMap<>();

    public StateSigner(MetalayerNetwork network, Credentials key, StateSnapshots out, long maxBlocksBehind) {
        this(network, key, out, ReadAttestations.NONE, maxBlocksBehind, Clock.systemUTC());
    }

    /** A signer that also records every read attestation it gives in {@code attested}. */
    public StateSigner(MetalayerNetwork network, Credentials key, StateSnapshots out, ReadAttestations attested, long maxBlocksBehind) {
        this(network, key, out, attested, maxBlocksBehind, Clock.systemUTC());
    }

    StateSigner(MetalayerNetwork network, Credentials key, StateSnapshots out, ReadAttestations attested, long maxBlocksBehind,
            Clock clock) {
        if (maxBlocksBehind < 0) {
            throw new IllegalArgumentException("maxBlocksBehind must not be negative, got " + maxBlocksBehind);
        }
        this.network = network;
        this.key = key;
        this.out = out;
        this.maxBlocksBehind = maxBlocksBehind;
        this.clock = clock;
        this.attested = attested;
    }

    /** The last snapshot this signer signed of {@code domain} (its signing time gives the snapshot lag). */
    public java.util.Optional<SignedSnapshot> lastSigned(Domain domain) {
        return java.util.Optional.ofNullable(lastSigned.get(domain));
    }

    public Address validator() {
        return Address.of(key.getAddress());
    }

    /** Signs a snapshot of every rollup every {@code period} (at most 3 s for the brief's cadence), until cancelled. */
    public Flux<SignedSnapshot> run(Duration period) {
        return Flux.interval(Duration.ZERO, period).onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(network.domains()).flatMap(d -> snapshot(d).onErrorResume(e -> {
                    log.warn("validator {}: snapshot of {} failed: {}", validator(), d, e.toString());
                    return Mono.empty();
                })));
    }

    /** Signs and publishes a snapshot of {@code domain} at its latest block. */
    public Mono<SignedSnapshot> snapshot(Domain domain) {
        return network.chain(domain).rpc().block(DefaultBlockParameterName.LATEST).flatMap(b -> {
            var snapshot = new StateSnapshot(domain, b.number(), b.hash(), b.stateRoot());
            var signed = new SignedSnapshot(snapshot, validator(), sign(snapshot.digest()), clock.instant());
            return out.publish(signed).then(Mono.fromSupplier(() -> {
                lastSigned.put(domain, signed);
                return signed;
            }));
        });
    }

    /** Executes {@code read} at snapshot {@code at} and signs the result for message {@code messageId}. */
    public Mono<ReadAttestation> attest(String messageId, ReadOperation read, StateSnapshot at) {
        if (!at.domain().equals(read.domain())) {
            return Mono.error(new MetalayerRpcException("snapshot of " + at.domain() + " for a read on " + read.domain()));
        }
        var rpc = network.chain(read.domain()).rpc();
        return out.latest(read.domain(), validator())
                .switchIfEmpty(Mono.error(() -> new MetalayerRpcException("validator " + validator() + " has no snapshot of "
                        + read.domain() + " yet")))
                .flatMap(own -> {
                    long floor = own.snapshot().blockNumber() - maxBlocksBehind;
                    return at.blockNumber() < floor ? Mono.<Void>error(new MetalayerRpcException("validator " + validator()
                            + " will not attest block " + at.blockNumber() + " of " + read.domain()
                            + ": its latest snapshot is block " + own.snapshot().blockNumber())) : canonical(rpc, at);
                })
                .then(rpc.call(read.target(), read.callData(), at.blockNumber()))
                .flatMap(result -> canonical(rpc, at).thenReturn(result)) // not reorged away while calling
                .map(result -> {
                    byte[] digest = ReadAttestation.digest(messageId, read, at.blockNumber(), at.blockHash(), result);
                    return new ReadAttestation(messageId, read, at.blockNumber(), at.blockHash(), result, validator(), sign(digest));
                })
                .flatMap(a -> attested.publish(a).thenReturn(a));
    }

    private static Mono<Void> canonical(RollupRpc rpc, StateSnapshot at) {
        return rpc.block(DefaultBlockParameter.valueOf(BigInteger.valueOf(at.blockNumber()))).flatMap(b ->
                b.hash().equalsIgnoreCase(at.blockHash()) ? Mono.<Void>empty()
                        : Mono.error(new MetalayerRpcException("block " + at.blockNumber() + " of " + at.domain() + " is " + b.hash()
                                + " here, not " + at.blockHash())));
    }

    private String sign(byte[] digest) {
        var sig = Sign.signPrefixedMessage(digest, key.getEcKeyPair());
        byte[] rsv = new byte[65];
        System.arraycopy(sig.getR(), 0, rsv, 0, 32);
        System.arraycopy(sig.getS(), 0, rsv, 32, 32);
        rsv[64] = sig.getV()[0];
        return Numeric.toHexString(rsv);
    }
}
