package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.settlement.metalayer.domain.Checkpoint;
import io.metaroute.settlement.metalayer.domain.CheckpointSignatures;
import io.metaroute.settlement.metalayer.domain.MerkleTree;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One guardian validator key: follows every rollup's MerkleTreeHook, rebuilds its tree from the
 * {@code InsertedIntoTree} events up to the head (INSTANT) or the {@code finalized} block
 * (FINALIZED), checks the rebuilt root against the hook's {@code latestCheckpoint()} at that block,
 * and signs each leaf's checkpoint (the real root at that index). If the chain contradicts the tree,
 * it stops signing that origin and says so.
 */
public final class CheckpointSigner {
    private static final Logger log = LoggerFactory.getLogger(CheckpointSigner.class);
    static final Event INSERTED_INTO_TREE = new Event("InsertedIntoTree",
            List.of(new TypeReference<Bytes32>() { }, new TypeReference<Uint32>() { }));
    private static final String INSERTED_TOPIC = EventEncoder.encode(INSERTED_INTO_TREE);

    private final MetalayerNetwork network;
    private final Credentials key;
    private final FinalityState finality;
    private final CheckpointSignatures out;
    private final Map<Domain, Origin> origins = new ConcurrentHashMap<>();

    private static final class Origin {
        final MerkleTree tree = new MerkleTree();
        long nextBlock;
        volatile String halted;
    }

    public CheckpointSigner(MetalayerNetwork network, Credentials key, FinalityState finality, CheckpointSignatures out) {
        this.network = network;
        this.key = key;
        this.finality = finality;
        this.out = out;
        network.domains().forEach(d -> origins.put(d, new Origin()));
    }

    public Address validator() {
        return Address.of(key.getAddress());
    }

    /** Why this signer stopped signing an origin, if it did. */
    public java.util.Optional<String> halted(Domain origin) {
        return java.util.Optional.ofNullable(origins.get(origin).halted);
    }

    /** Signs what is new on every origin every {@code period}, until cancelled. */
    public Flux<SignedCheckpoint> run(Duration period) {
        return Flux.interval(Duration.ZERO, period).onBackpressureDrop().concatMap(tick -> poll()
                .onErrorResume(e -> {
                    log.warn("validator {} ({}): poll failed: {}", validator(), finality, e.toString());
                    return Flux.empty();
                }));
    }

    /** One round over every origin. */
    public Flux<SignedCheckpoint> poll() {
        return Flux.fromIterable(network.domains()).concatMap(this::poll);
    }

    private Flux<SignedCheckpoint> poll(Domain domain) {
        Origin o = origins.get(domain);
        if (o.halted != null) {
            return Flux.empty();
        }
        var chain = network.chain(domain);
        var tag = finality == FinalityState.INSTANT ? DefaultBlockParameterName.LATEST : DefaultBlockParameterName.FINALIZED;
        return chain.rpc().blockNumber(tag).flatMapMany(head -> {
            long from;
            synchronized (o) {
                from = o.nextBlock;
            }
            if (head < from) {
                return Flux.empty();
            }
            Address hook = chain.contracts().merkleTreeHook();
            return chain.rpc().logs(hook, INSERTED_TOPIC, from, head).flatMapMany(logs -> {
                if (logs.isEmpty()) {
                    synchronized (o) {
                        o.nextBlock = head + 1;
                    }
                    return Flux.empty();
                }
                return latestCheckpoint(chain, head).flatMapMany(onChain -> Flux.fromIterable(sign(domain, o, hook, logs,
                        onChain, head)));
            });
        });
    }

    private List<SignedCheckpoint> sign(Domain domain, Origin o, Address hook, List<org.web3j.protocol.core.methods.response.Log> logs,
            Checkpoint onChain, long head) {
        synchronized (o) {
            var signed = new java.util.ArrayList<SignedCheckpoint>();
            var pending = new java.util.ArrayList<Checkpoint>();
            for (var l : logs) {
                var values = FunctionReturnDecoder.decode(l.getData(), INSERTED_INTO_TREE.getNonIndexedParameters());
                String id = Numeric.toHexString((byte[]) values.get(0).getValue());
                long index = ((BigInteger) values.get(1).getValue()).longValueExact();
                if (index != o.tree.count()) {
                    return halt(o, domain, "leaf " + index + " arrived while the tree holds " + o.tree.count());
                }
                o.tree.insert(id);
                pending.add(new Checkpoint(domain, hook, o.tree.root(), index, id));
            }
            if (!o.tree.root().equals(onChain.root()) || o.tree.count() - 1 != onChain.index()) {
                return halt(o, domain, "the hook's checkpoint at block " + head + " is " + onChain.root() + "@" + onChain.index()
                        + ", the tree from its events gives " + o.tree.root() + "@" + (o.tree.count() - 1));
            }
            for (Checkpoint c : pending) {
                var sig = Sign.signPrefixedMessage(c.digest(), key.getEcKeyPair());
                byte[] rsv = new byte[65];
                System.arraycopy(sig.getR(), 0, rsv, 0, 32);
                System.arraycopy(sig.getS(), 0, rsv, 32, 32);
                rsv[64] = sig.getV()[0];
                var s = new SignedCheckpoint(c, finality, validator(), Numeric.toHexString(rsv));
                out.publish(s);
                signed.add(s);
            }
            o.nextBlock = head + 1;
            return signed;
        }
    }

    private List<SignedCheckpoint> halt(Origin o, Domain domain, String why) {
        o.halted = why;
        log.error("validator {} ({}) STOPS signing origin {}: {}", validator(), finality, domain, why);
        return List.of();
    }

    private Mono<Checkpoint> latestCheckpoint(MetalayerNetwork.Chain chain, long block) {
        var f = new Function("latestCheckpoint", List.of(),
                List.of(new TypeReference<Bytes32>() { }, new TypeReference<Uint32>() { }));
        return chain.rpc().call(chain.contracts().merkleTreeHook(), f, block).map(v -> new Checkpoint(chain.rollup().domain(),
                chain.contracts().merkleTreeHook(), Numeric.toHexString((byte[]) v.get(0).getValue()),
                ((BigInteger) v.get(1).getValue()).longValueExact(), "0x" + "0".repeat(64)));
    }
}
