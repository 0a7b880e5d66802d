package io.metaroute.settlement.metalayer.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.settlement.metalayer.domain.CheckpointSignatureSource;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.ReadAttestation;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;
import io.metaroute.settlement.metalayer.domain.SignedSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshotSource;
import io.metaroute.settlement.metalayer.wire.CheckpointSignatureJson;
import io.metaroute.settlement.metalayer.wire.ReadAttestationJson;
import io.metaroute.settlement.metalayer.wire.ReadRequestJson;
import io.metaroute.settlement.metalayer.wire.SnapshotJson;
import io.metaroute.settlement.metalayer.wire.ValidatorsJson;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A relayer's view of validators that run in other processes, over their HTTP endpoints
 * ({@code /v1/metalayer/...}, served by the service's validator role): checkpoint signatures, state
 * snapshots and read attestations. Each validator is asked at the base URL that lists it under
 * {@code GET /v1/metalayer/validators} (looked up again when a validator is not found). What comes
 * back is checked before use: a signature must recover to the validator it is said to be from.
 */
public final class ValidatorHttpClient implements CheckpointSignatureSource, StateSnapshotSource, ReadAttesters {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final List<URI> baseUrls;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<Address, URI> directory = new ConcurrentHashMap<>();

    public ValidatorHttpClient(List<URI> baseUrls, Duration timeout) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("no validator base URLs");
        }
        this.baseUrls = List.copyOf(baseUrls);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Mono<SignedCheckpoint> find(Domain origin, String messageId, FinalityState finality, Address validator) {
        return at(validator).flatMap(base -> get(base, "/v1/metalayer/checkpoints/" + origin.value() + "/" + messageId + "?finality="
                + finality.name() + "&validator=" + validator.hex(), new TypeReference<List<CheckpointSignatureJson>>() { }))
                .flatMapMany(Flux::fromIterable).map(CheckpointSignatureJson::toDomain)
                .filter(s -> s.validator().equals(validator) && s.finality() == finality && s.checkpoint().messageId()
                        .equalsIgnoreCase(messageId) && signer(s.checkpoint().digest(), s.signature()).equals(validator))
                .next();
    }

    @Override
    public Mono<SignedSnapshot> latest(Domain domain, Address validator) {
        return at(validator).flatMap(base -> snapshots(base, domain)).flatMapMany(Flux::fromIterable)
                .filter(s -> s.validator().equals(validator)).next();
    }

    @Override
    public Mono<SignedSnapshot> latest(Domain domain) {
        return Flux.fromIterable(baseUrls).flatMap(base -> snapshots(base, domain).onErrorResume(e -> Mono.empty()))
                .flatMapIterable(l -> l).reduce((a, b) -> Comparator.<SignedSnapshot>comparingLong(s -> s.snapshot().blockNumber())
                        .compare(a, b) >= 0 ? a : b);
    }

    private Mono<List<SignedSnapshot>> snapshots(URI base, Domain domain) {
        return get(base, "/v1/metalayer/snapshots/" + domain.value(), new TypeReference<List<SnapshotJson>>() { })
                .map(l -> l.stream().map(SnapshotJson::toDomain).filter(s -> s.snapshot().domain().equals(domain)
                        && signer(s.snapshot().digest(), s.signature()).equals(s.validator())).toList());
    }

    @Override
    public Mono<ReadAttestation> attest(Address validator, String messageId, ReadOperation read, StateSnapshot at) {
        return at(validator).flatMap(base -> post(base, "/v1/metalayer/reads", ReadRequestJson.of(validator, messageId, read, at),
                ReadAttestationJson.class)).map(ReadAttestationJson::toDomain)
                .filter(a -> a.validator().equals(validator) && a.blockNumber() == at.blockNumber()
                        && a.blockHash().equalsIgnoreCase(at.blockHash()) && a.read().domain().equals(read.domain())
                        && a.read().target().equals(read.target()) && Arrays.equals(a.read().callData(), read.callData())
                        && signer(a.digest(), a.signature()).equals(validator))
                .switchIfEmpty(Mono.error(() -> new MetalayerRpcException("validator " + validator
                        + " answered a read attestation that is not for the read asked or not signed by it")));
    }

    /** The base URL that serves {@code validator}; empty if none of them lists it. */
    Mono<URI> at(Address validator) {
        URI known = directory.get(validator);
        if (known != null) {
            return Mono.just(known);
        }
        return Flux.fromIterable(baseUrls).concatMap(base -> get(base, "/v1/metalayer/validators", new TypeReference<ValidatorsJson>() { })
                        .doOnNext(v -> {
                            for (var list : List.of(v.instant(), v.finalized(), v.state())) {
                                list.forEach(a -> directory.putIfAbsent(Address.of(a), base));
                            }
                        }).onErrorResume(e -> Mono.empty()))
                .then(Mono.fromSupplier(() -> directory.get(validator)));
    }

    private <T> Mono<T> get(URI base, String path, TypeReference<T> type) {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json").GET().build();
        return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).flatMap(r -> switch (r.statusCode()) {
            case 200 -> Mono.fromCallable(() -> JSON.readValue(r.body(), type));
            case 404 -> Mono.empty();
            default -> Mono.error(new MetalayerRpcException("GET " + request.uri() + " answered " + r.statusCode() + ": " + r.body()));
        });
    }

    private <T> Mono<T> post(URI base, String path, Object body, Class<T> type) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(body)).flatMap(json -> {
            var request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Content-Type", "application/json")
                    .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
            return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).flatMap(r -> r.statusCode() == 200
                    ? Mono.fromCallable(() -> JSON.readValue(r.body(), type))
                    : Mono.error(new MetalayerRpcException("POST " + request.uri() + " answered " + r.statusCode() + ": " + r.body())));
        });
    }

    /** Who made the EIP-191 signature {@code signature} (65 bytes r ‖ s ‖ v, hex) over {@code digest}; ZERO if it does not recover. */
    static Address signer(byte[] digest, String signature) {
        try {
            byte[] sig = Numeric.hexStringToByteArray(signature);
            if (sig.length != 65) {
                return Address.ZERO;
            }
            byte v = sig[64] < 27 ? (byte) (sig[64] + 27) : sig[64];
            var data = new Sign.SignatureData(v, Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64));
            BigInteger key = Sign.signedPrefixedMessageToKey(digest, data);
            return Address.of("0x" + Keys.getAddress(key));
        } catch (java.security.SignatureException | RuntimeException e) {
            return Address.ZERO;
        }
    }

    Optional<URI> known(Address validator) {
        return Optional.ofNullable(directory.get(validator));
    }
}
