package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The relayer's durable loop over an outbox in PostgreSQL. Each round it scans every origin's
 * Mailbox for {@code Dispatch} events from its stored cursor (each new message becomes a pending
 * entry), then works every due entry:
 * <ul>
 * <li>pending: skip if already delivered; gather signatures (and read attestations) — not there yet
 * means wait, not fail; estimate (refused as "already delivered" while the head says otherwise:
 * another delivery waits in the pool, so wait, not fail); skip while the interchain gas paid on the
 * origin (the IGP's {@code GasPayment} events) is below the estimate; sign with the next nonce, <b>store the raw
 * transaction, then broadcast it</b>;</li>
 * <li>submitted: mined — confirm at the configured depth with {@code Mailbox.delivered}, and
 * re-queue the message if a reorg removed its delivery; not mined — rebroadcast the stored bytes if
 * the node does not know them, replace a stuck one at the same nonce with a fee bump (capped), and
 * on "nonce too low" look at what was mined before preparing it anew.</li>
 * </ul>
 * Failed tries are retried with a growing backoff kept in the outbox (so it survives a restart), up
 * to a number of attempts after which the entry is failed with its reason.
 */
public final class OutboxRelayer {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelayer.class);
    static final Event GAS_PAYMENT = new Event("GasPayment", List.of(new TypeReference<Bytes32>(true) { },
            new TypeReference<Uint32>(true) { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }));
    private static final String GAS_PAYMENT_TOPIC = EventEncoder.encode(GAS_PAYMENT);
    private static final String DISPATCH_TOPIC = EventEncoder.encode(Relayer.DISPATCH);
    private static final long MAX_SCAN_BLOCKS = 5_000;

    /** How the loop behaves; {@link #defaults()} are the service's. */
    public record Settings(Duration period, int confirmations, Duration stuckAfter, int bumpPercent, BigInteger maxGasPrice,
                           int maxAttempts, Duration firstBackoff, Duration maxBackoff, int concurrency) {
        public Settings {
            if (bumpPercent < 10) {
                throw new IllegalArgumentException("a replacement must bump the fee by at least 10%, got " + bumpPercent);
            }
            if (confirmations < 0 || maxAttempts < 1 || concurrency < 1) {
                throw new IllegalArgumentException("confirmations >= 0, maxAttempts >= 1 and concurrency >= 1");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMillis(200), 2, Duration.ofSeconds(10), 10, BigInteger.valueOf(500_000_000_000L), 8,
                    Duration.ofMillis(500), Duration.ofSeconds(30), 16);
        }

        public Settings withConfirmations(int n) {
            return new Settings(period, n, stuckAfter, bumpPercent, maxGasPrice, maxAttempts, firstBackoff, maxBackoff, concurrency);
        }

        public Settings withStuckAfter(Duration d) {
            return new Settings(period, confirmations, d, bumpPercent, maxGasPrice, maxAttempts, firstBackoff, maxBackoff, concurrency);
        }
    }

    /** What happened to entries, for metrics and logs. */
    public interface Listener {
        default void queued(HyperlaneMessage message) {
        }

        default void delivered(OutboxEntry entry, Duration sinceDispatch) {
        }

        default void retried(OutboxEntry entry, String reason) {
        }

        default void failed(OutboxEntry entry, String reason) {
        }
    }

    private final MetalayerNetwork network;
    private final Relayer relayer;
    private final PostgresOutbox outbox;
    private final Credentials key;
    private final Settings settings;
    private final Map<Domain, Long> startBlocks;
    private final Listener listener;
    private final Clock clock;

    /**
     * @param relayer     what gathers signatures and builds the delivery (its signature wait should be short:
     *                    this loop waits by coming back)
     * @param startBlocks where to start scanning an origin that has no cursor yet (0 if absent)
     */
    public OutboxRelayer(MetalayerNetwork network, Relayer relayer, PostgresOutbox outbox, Credentials key, Settings settings,
            Map<Domain, Long> startBlocks, Listener listener) {
        this(network, relayer, outbox, key, settings, startBlocks, listener, Clock.systemUTC());
    }

    OutboxRelayer(MetalayerNetwork network, Relayer relayer, PostgresOutbox outbox, Credentials key, Settings settings,
            Map<Domain, Long> startBlocks, Listener listener, Clock clock) {
        this.network = network;
        this.relayer = relayer;
        this.outbox = outbox;
        this.key = key;
        this.settings = settings;
        this.startBlocks = Map.copyOf(startBlocks);
        this.listener = listener;
        this.clock = clock;
    }

    public PostgresOutbox outbox() {
        return outbox;
    }

    /**
     * Scans every origin and works the due entries every period, until cancelled (the scan and the
     * work run side by side, so a slow delivery step never holds back picking up new messages);
     * emits each entry as it is confirmed delivered.
     */
    public Flux<OutboxEntry> run() {
        Flux<OutboxEntry> scans = Flux.interval(Duration.ZERO, settings.period()).onBackpressureDrop()
                .concatMap(t -> scanAll().onErrorResume(e -> {
                    log.warn("relayer scan failed: {}", e.toString());
                    return Mono.empty();
                }).then(Mono.<OutboxEntry>empty()));
        Flux<OutboxEntry> work = Flux.interval(Duration.ZERO, settings.period()).onBackpressureDrop()
                .concatMap(t -> work().onErrorResume(e -> {
                    log.warn("relayer round failed: {}", e.toString());
                    return Flux.empty();
                }));
        return Flux.merge(scans, work);
    }

    /** One round: scan every origin, then work every due entry. */
    public Flux<OutboxEntry> round() {
        return scanAll().thenMany(work());
    }

    private Mono<Void> scanAll() {
        return Flux.fromIterable(network.domains()).flatMap(this::scan).then();
    }

    private Flux<OutboxEntry> work() {
        return outbox.due(clock.instant(), 256).flatMap(e -> step(e).onErrorResume(err -> backoff(e, err)), settings.concurrency());
    }

    private <T> Mono<T> withRpcRetry(Mono<T> call) {
        return call.retryWhen(Retry.backoff(3, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2))
                .filter(e -> !(e instanceof RollupRpc.Rejected)).onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private Mono<Void> scan(Domain origin) {
        var chain = network.chain(origin);
        return Mono.zip(outbox.cursor(origin).defaultIfEmpty(startBlocks.getOrDefault(origin, 0L)),
                withRpcRetry(chain.rpc().blockNumber(DefaultBlockParameterName.LATEST))).flatMap(t -> {
                    long from = t.getT1();
                    long to = Math.min(t.getT2(), from + MAX_SCAN_BLOCKS - 1);
                    if (to < from) {
                        return Mono.empty();
                    }
                    return withRpcRetry(chain.rpc().logs(chain.contracts().mailbox(), DISPATCH_TOPIC, from, to))
                            .flatMapMany(Flux::fromIterable)
                            .concatMap(l -> {
                                var m = HyperlaneMessage.of((byte[]) FunctionReturnDecoder.decode(l.getData(),
                                        Relayer.DISPATCH.getNonIndexedParameters()).get(0).getValue());
                                return outbox.record(m, l.getBlockNumber().longValueExact()).doOnNext(isNew -> {
                                    if (isNew) {
                                        listener.queued(m);
                                    }
                                });
                            })
                            .then(outbox.advance(origin, to + 1));
                });
    }

    private Mono<OutboxEntry> step(OutboxEntry e) {
        return switch (e.status()) {
            case PENDING -> pending(e);
            case SUBMITTED -> submitted(e);
            default -> Mono.empty();
        };
    }

    private Mono<OutboxEntry> pending(OutboxEntry e) {
        HyperlaneMessage m = e.message();
        var rpc = network.chain(m.destination()).rpc();
        return withRpcRetry(relayer.delivered(m)).flatMap(done -> done ? confirmed(e) : relayer.prepare(m)
                .flatMap(p -> rpc.estimate(key, p.to(), p.data())
                        .onErrorResume(RollupRpc.Rejected.class, err -> inFlightElsewhere(e, err))
                        .flatMap(gas -> paidGas(m, e.originBlock()).flatMap(paid ->
                                paid.compareTo(gas) < 0
                                        ? outbox.retry(e.id(), "unpaid: interchain gas paid for " + paid + ", delivery needs " + gas,
                                                clock.instant().plus(settings.maxBackoff()), false).then(Mono.<OutboxEntry>empty())
                                        : submit(e, p, gas))))
                .onErrorResume(SignaturesMissing.class, err -> outbox.later(e.id(), clock.instant().plus(settings.period()),
                        "waiting: " + err.getMessage()).then(Mono.empty())));
    }

    /**
     * The node estimates against its pending block: "already delivered" there while
     * {@code Mailbox.delivered} at the head says no means another transaction delivering the message
     * (another relayer's, or anyone's) waits to be mined. That is not a failed try: the entry waits,
     * and is confirmed once that delivery is mined, or prepared again if it never is.
     */
    private Mono<BigInteger> inFlightElsewhere(OutboxEntry e, RollupRpc.Rejected err) {
        if (!String.valueOf(err.getMessage()).contains("already delivered")) {
            return Mono.error(err);
        }
        return outbox.later(e.id(), clock.instant().plus(settings.period()), "waiting: another transaction delivering it is not mined yet")
                .then(Mono.empty());
    }

    private Mono<OutboxEntry> submit(OutboxEntry e, Relayer.Prepared p, BigInteger estimate) {
        var rpc = network.chain(e.message().destination()).rpc();
        BigInteger gas = estimate.multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN);
        return withRpcRetry(rpc.gasPrice()).flatMap(networkPrice -> rpc.allocateNonce(key).flatMap(nonce -> {
            // the node's price plus the base fee (RollupRpc.gasPrice): doubling the whole price would double the tip,
            // which the node's suggestion then follows
            BigInteger price = networkPrice.min(settings.maxGasPrice());
            String raw = rpc.sign(key, nonce, price, gas, p.to(), p.data());
            // stored before it is broadcast: after a crash here the next run rebroadcasts these bytes
            return outbox.submitted(e.id(), Hash.sha3(raw), nonce.longValueExact(), raw, price, clock.instant().plus(settings.period()))
                    .then(broadcast(e, raw));
        }));
    }

    /** Broadcasts stored bytes; what the node's refusal means is decided by what was mined. */
    private Mono<OutboxEntry> broadcast(OutboxEntry e, String raw) {
        var rpc = network.chain(e.message().destination()).rpc();
        return rpc.broadcast(raw).then(Mono.<OutboxEntry>empty()).onErrorResume(err -> {
            String why = String.valueOf(err.getMessage()).toLowerCase(Locale.ROOT);
            if (why.contains("already known") || why.contains("already imported")) {
                return Mono.empty();
            }
            if (why.contains("nonce too low") || why.contains("underpriced")) {
                rpc.forgetNonce(key);
                return rpc.receiptNow(Hash.sha3(raw)).hasElement().flatMap(mined -> mined ? Mono.<OutboxEntry>empty()
                        : relayer.delivered(e.message()).flatMap(done -> done ? confirmed(e)
                                : outbox.retry(e.id(), "its nonce went to another transaction: " + err.getMessage(),
                                        clock.instant(), false).then(Mono.empty())));
            }
            rpc.forgetNonce(key);
            log.warn("relayer: broadcast of {} failed, checked again next round: {}", e.id(), err.getMessage());
            return Mono.empty();
        });
    }

    private Mono<OutboxEntry> submitted(OutboxEntry e) {
        var rpc = network.chain(e.message().destination()).rpc();
        return withRpcRetry(rpc.receiptNow(e.txHash())).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(r -> r.isPresent() ? mined(e, r.get()) : notMined(e));
    }

    private Mono<OutboxEntry> mined(OutboxEntry e, TransactionReceipt r) {
        var rpc = network.chain(e.message().destination()).rpc();
        long block = r.getBlockNumber().longValueExact();
        if (!r.isStatusOK()) {
            return relayer.delivered(e.message()).flatMap(done -> done ? confirmed(e)
                    : Mono.error(new MetalayerRpcException("delivery reverted in " + e.txHash())));
        }
        return withRpcRetry(rpc.blockNumber(DefaultBlockParameterName.LATEST)).flatMap(head -> {
            if (head < block + settings.confirmations()) {
                Instant next = clock.instant().plus(settings.period());
                return (e.minedBlock() == null || e.minedBlock() != block ? outbox.mined(e.id(), block, next)
                        : outbox.later(e.id(), next, null)).then(Mono.<OutboxEntry>empty());
            }
            return withRpcRetry(relayer.delivered(e.message())).flatMap(done -> done ? confirmed(e) : requeue(e,
                    "a reorg removed its delivery (mined in block " + block + ")"));
        });
    }

    private Mono<OutboxEntry> notMined(OutboxEntry e) {
        var rpc = network.chain(e.message().destination()).rpc();
        return withRpcRetry(relayer.delivered(e.message())).flatMap(done -> {
            if (done) {
                return confirmed(e); // an earlier transaction at this nonce (before a fee bump) was mined
            }
            if (e.minedBlock() != null) {
                return requeue(e, "a reorg removed its delivery (mined in block " + e.minedBlock() + ")");
            }
            return withRpcRetry(rpc.known(e.txHash())).flatMap(known -> {
                if (!known) {
                    return broadcast(e, e.rawTx()).switchIfEmpty(outbox.later(e.id(), clock.instant().plus(settings.period()),
                            "rebroadcast " + e.txHash()).then(Mono.empty()));
                }
                boolean stuck = e.submittedAt() != null && e.submittedAt().plus(settings.stuckAfter()).isBefore(clock.instant());
                return stuck ? replace(e) : outbox.later(e.id(), clock.instant().plus(settings.period()), null).then(Mono.empty());
            });
        });
    }

    /** The same transaction at the same nonce with the fee raised by the configured share (at least 10%), never past the cap. */
    private Mono<OutboxEntry> replace(OutboxEntry e) {
        var rpc = network.chain(e.message().destination()).rpc();
        BigInteger old = e.gasPriceWei();
        BigInteger bumped = old.multiply(BigInteger.valueOf(100 + settings.bumpPercent())).divide(BigInteger.valueOf(100))
                .add(BigInteger.ONE);
        if (bumped.compareTo(settings.maxGasPrice()) > 0) {
            log.warn("relayer: {} stuck at nonce {} at {} wei per gas, the fee cap", e.id(), e.txNonce(), old);
            return outbox.later(e.id(), clock.instant().plus(settings.stuckAfter()), "stuck at the fee cap " + settings.maxGasPrice())
                    .then(Mono.empty());
        }
        RawTransaction tx = TransactionDecoder.decode(e.rawTx());
        return withRpcRetry(rpc.gasPrice()).flatMap(networkPrice -> {
            BigInteger price = bumped.max(networkPrice).min(settings.maxGasPrice());
            String raw = rpc.sign(key, tx.getNonce(), price, tx.getGasLimit(), io.metaroute.core.chain.Address.of(tx.getTo()),
                    tx.getData());
            log.info("relayer: replacing {} (nonce {}) {} -> {} wei per gas", e.txHash(), e.txNonce(), old, price);
            return outbox.submitted(e.id(), Hash.sha3(raw), e.txNonce(), raw, price, clock.instant().plus(settings.period()))
                    .then(broadcast(e, raw));
        });
    }

    private Mono<OutboxEntry> requeue(OutboxEntry e, String why) {
        log.warn("relayer: {} back to pending: {}", e.id(), why);
        network.chain(e.message().destination()).rpc().forgetNonce(key);
        listener.retried(e, why);
        return outbox.retry(e.id(), why, clock.instant(), false).then(Mono.empty());
    }

    private Mono<OutboxEntry> confirmed(OutboxEntry e) {
        return outbox.delivered(e.id()).then(outbox.find(e.id())).doOnNext(done -> {
            Duration latency = done.deliveredAt() != null && done.dispatchedAt() != null
                    ? Duration.between(done.dispatchedAt(), done.deliveredAt()) : Duration.ZERO;
            listener.delivered(done, latency);
        });
    }

    private Mono<OutboxEntry> backoff(OutboxEntry e, Throwable err) {
        int attempts = e.attempts() + 1;
        String reason = err.getClass().getSimpleName() + ": " + err.getMessage();
        if (attempts >= settings.maxAttempts()) {
            log.warn("relayer: {} failed after {} attempts: {}", e.id(), attempts, reason);
            listener.failed(e, reason);
            return outbox.failed(e.id(), reason).then(Mono.empty());
        }
        long ms = Math.min(settings.maxBackoff().toMillis(), settings.firstBackoff().toMillis() << Math.min(20, attempts - 1));
        log.info("relayer: {} attempt {} failed, again in {} ms: {}", e.id(), attempts, ms, reason);
        listener.retried(e, reason);
        return outbox.retry(e.id(), reason, clock.instant().plusMillis(ms), true).then(Mono.empty());
    }

    /** The gas paid for {@code m} on its origin's InterchainGasPaymaster, from the dispatch block on. */
    Mono<BigInteger> paidGas(HyperlaneMessage m, long fromBlock) {
        var chain = network.chain(m.origin());
        return withRpcRetry(chain.rpc().blockNumber(DefaultBlockParameterName.LATEST)).flatMap(head -> withRpcRetry(chain.rpc()
                .logs(chain.contracts().interchainGasPaymaster(), GAS_PAYMENT_TOPIC, m.id(), fromBlock, Math.max(fromBlock, head))))
                .map(logs -> logs.stream().map(l -> (BigInteger) FunctionReturnDecoder.decode(l.getData(),
                        GAS_PAYMENT.getNonIndexedParameters()).get(0).getValue()).reduce(BigInteger.ZERO, BigInteger::add));
    }
}
