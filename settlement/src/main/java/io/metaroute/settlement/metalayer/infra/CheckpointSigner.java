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
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One guardian validator key: follows every rollup's MerkleTreeHook, rebuilds its tree from the
 * {@code InsertedIntoTree} events up to the head (INSTANT) or the {@code finalized} block
 * (FINALIZED), checks the rebuilt root against the hook's {@code latestCheckpoint()} at that block,
 * and signs each leaf's checkpoint (the real root at that index) into its store. If the chain
 * contradicts the tree (also after a reorg under the last block it verified), it stops signing that
 * origin and says so, at ERROR.
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
        /** The block (number, hash) at which the tree was last found to agree with the hook; -1 before. */
        long verifiedBlock = -1;
        String verifiedHash;
        volatile long seenHead = -1;
        volatile long signedThrough = -1;
        volatile java.time.Instant caughtUpAt;
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

    public FinalityState finality() {
        return finality;
    }

    /**
     * How far this signer is behind on {@code origin}: the latest block its tag (head or finalized)
     * showed, the last block whose checkpoints it signed, and when it last had signed up to the tag.
     */
    public record Lag(long seenHead, long signedThrough, java.time.Instant caughtUpAt) {
        public long blocks() {
            return seenHead < 0 ? 0 : Math.max(0, seenHead - signedThrough);
        }
    }

    public Lag lag(Domain origin) {
        Origin o = origins.get(origin);
        return new Lag(o.seenHead, o.signedThrough, o.caughtUpAt);
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
        return Flux.fromIterable(network.domains()).concatMap(d -> poll(d).onErrorResume(e -> {
            log.warn("validator {} ({}): poll of {} failed: {}", validator(), finality, d, e.toString());
            return Flux.empty();
        }));
    }

    private Flux<SignedCheckpoint> poll(Domain domain) {
        Origin o = origins.get(domain);
        if (o.halted != null) {
            return Flux.empty();
        }
        var chain = network.chain(domain);
        var tag = finality == FinalityState.INSTANT ? DefaultBlockParameterName.LATEST : DefaultBlockParameterName.FINALIZED;
        return chain.rpc().blockNumber(tag).flatMapMany(head -> stillCanonical(domain, o, head).thenMany(Flux.defer(() -> {
            o.seenHead = head;
            long from;
            synchronized (o) {
                from = o.nextBlock;
            }
            if (head < from || o.halted != null) {
                return Flux.empty();
            }
            Address hook = chain.contracts().merkleTreeHook();
            return chain.rpc().logs(hook, INSERTED_TOPIC, from, head).flatMapMany(logs -> {
                if (logs.isEmpty()) {
                    return verified(chain, o, head).thenMany(Flux.empty());
                }
                return latestCheckpoint(chain, head).flatMapMany(onChain -> Flux.fromIterable(sign(domain, o, hook, logs,
                        onChain, head))).concatMap(s -> out.publish(s)
                        .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)))
                        .thenReturn(s)).concatWith(verified(chain, o, head).then(Mono.empty()));
            });
        })));
    }

    /** Records that everything up to {@code head} was signed, and the hash of {@code head} to notice a reorg under it. */
    private Mono<Void> verified(MetalayerNetwork.Chain chain, Origin o, long head) {
        return chain.rpc().block(DefaultBlockParameter.valueOf(BigInteger.valueOf(head))).doOnNext(b -> {
            synchronized (o) {
                if (o.halted == null && o.nextBlock <= head + 1) {
                    o.nextBlock = head + 1;
                    o.verifiedBlock = head;
                    o.verifiedHash = b.hash();
                    o.signedThrough = head;
                    o.caughtUpAt = java.time.Instant.now();
                }
            }
        }).then();
    }

    /**
     * If the block at which the tree last agreed with the chain was replaced, the tree must still
     * agree with the hook's checkpoint now; if it does not, a reorg removed or changed leaves this
     * validator signed: it stops signing that origin.
     */
    private Mono<Void> stillCanonical(Domain domain, Origin o, long head) {
        long at;
        String hash;
        synchronized (o) {
            at = o.verifiedBlock;
            hash = o.verifiedHash;
        }
        if (at < 0) {
            return Mono.empty();
        }
        var chain = network.chain(domain);
        return chain.rpc().block(DefaultBlockParameter.valueOf(BigInteger.valueOf(at))).flatMap(b -> {
            if (b.hash().equalsIgnoreCase(hash)) {
                return Mono.<Void>empty();
            }
            long count;
            String root;
            synchronized (o) {
                count = o.tree.count();
                root = o.tree.root();
            }
            Mono<Checkpoint> now = count == 0 ? Mono.empty() : latestCheckpoint(chain, head)
                    .onErrorResume(e -> Mono.just(new Checkpoint(domain, chain.contracts().merkleTreeHook(), "0x" + "0".repeat(64),
                            0, "0x" + "0".repeat(64))));
            return now.doOnNext(c -> {
                if (!c.root().equals(root) || c.index() != count - 1) {
                    halt(o, domain, "reorg below a signed root: block " + at + " was " + hash + ", is now " + b.hash()
                            + "; the hook's checkpoint at block " + head + " is " + c.root() + "@" + c.index()
                            + ", this validator signed up to " + root + "@" + (count - 1));
                }
            }).then(Mono.fromRunnable(() -> {
                synchronized (o) {
                    if (o.halted == null) {
                        o.verifiedHash = b.hash(); // a reorg that left every signed leaf in place
                    }
                }
            }));
        }).onErrorResume(e -> e instanceof MetalayerRpcException && e.getMessage().startsWith("no block"), e -> {
            // seen while anvil replaces blocks: the chain is shorter for a moment; this origin is looked at again next poll
            return Mono.error(new MetalayerRpcException("block " + at + " of " + domain + " (verified " + hash + ") is not there now"));
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
                signed.add(new SignedCheckpoint(c, finality, validator(), Numeric.toHexString(rsv)));
            }
            o.nextBlock = head + 1; // the leaves are in the tree: they are not read again
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
