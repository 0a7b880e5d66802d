package io.metaroute.pipeline.inventory;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.execution.tx.RpcException;
import io.metaroute.execution.tx.RpcFailure;
import io.metaroute.pipeline.cross.CrossChains;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the solver's inventory where fills need it. Each token the operator gives a target on several rollups
 * (same symbol, a warp route on each) is watched: when the executor's balance on one rollup falls below
 * {@code lowPercent} of its target, the rollup with the largest surplus over its own target sends it what it lacks
 * (at most that surplus, and at most what the destination's router holds as collateral) through the token's
 * Hyperlane warp route over the Metalayer. Opposite cross-rollup orders already net against each other in the
 * balances, so only the imbalance moves.
 *
 * <p>Every move is written before anything is signed, its signed transfer is stored before it is sent, and a move
 * resumes after a crash from what was stored: the same bytes are sent again (the chain takes them once), a
 * dispatched move waits for its delivery (which the relayer does, as for every Metalayer message). A transfer not
 * mined within {@code stuckAfter} is replaced, its earlier versions kept and looked for, so that at most one of
 * them is ever mined. One move per symbol is unfinished at a time, so two moves never spend one surplus.
 */
public final class InventoryRebalancer {
    private static final Logger log = LoggerFactory.getLogger(InventoryRebalancer.class);
    /** The longest look for an earlier version's receipt before a replacement. */
    private static final Duration LAST_LOOK = Duration.ofSeconds(1);

    /**
     * How often to look, what counts as low (a balance under {@code lowPercent}% of its target), and how long a sent
     * transfer may go unmined before it is replaced.
     */
    public record Settings(Duration tick, int lowPercent, Duration stuckAfter) {
        public Settings {
            Objects.requireNonNull(tick, "tick");
            Objects.requireNonNull(stuckAfter, "stuckAfter");
            if (tick.isNegative() || tick.isZero()) {
                throw new IllegalArgumentException("the rebalancing tick must be positive, got " + tick);
            }
            if (stuckAfter.isNegative() || stuckAfter.isZero()) {
                throw new IllegalArgumentException("the time before a transfer counts as stuck must be positive, got " + stuckAfter);
            }
            if (lowPercent < 1 || lowPercent > 100) {
                throw new IllegalArgumentException("the low share is a percentage in 1..100, got " + lowPercent);
            }
        }
    }

    /** Hears what moves do: every status a move reaches, and every replacement of a move's transfer. */
    @FunctionalInterface
    public interface Listener {
        void moved(MoveStatus status, InventoryMove move);

        /** {@code move}'s transfer was replaced: it was not mined in time ({@code stuck}), or its nonce was taken. */
        default void replaced(InventoryMove move, boolean stuck) {
        }
    }

    /** A target the rebalancer keeps: {@code amount} of {@code token} (symbol {@code symbol}) on {@code chain}, moved through {@code router}. */
    public record Target(ChainId chain, Address token, String symbol, Address router, BigInteger amount) {
    }

    private final InventoryMoveStore store;
    private final CrossChains chains;
    private final WarpChains warps;
    private final Address solver;
    private final Map<String, List<Target>> bySymbol;
    private final Settings settings;
    private final Clock clock;
    private final Listener moved;
    /** When this process first sent or looked for each version of a transfer (after a restart: when it sent it again). */
    private final Map<String, Instant> sentAt = new ConcurrentHashMap<>();
    private volatile Disposable running;

    /**
     * {@code targets} per (rollup, token); each must have a warp route on its rollup and share its symbol with a
     * target on another rollup (otherwise nothing could ever move it). {@code moved} hears every status a move reaches
     * and every replacement of its transfer.
     */
    public InventoryRebalancer(InventoryMoveStore store, CrossChains chains, WarpChains warps, Network network, Address solver,
                               Map<Inventory.Key, BigInteger> targets, Settings settings, Clock clock,
                               Listener moved) {
        this.store = Objects.requireNonNull(store, "store");
        this.chains = Objects.requireNonNull(chains, "chains");
        this.warps = Objects.requireNonNull(warps, "warps");
        this.solver = Objects.requireNonNull(solver, "solver");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.moved = Objects.requireNonNull(moved, "moved");
        this.bySymbol = targets(network, targets);
    }

    static Map<String, List<Target>> targets(Network network, Map<Inventory.Key, BigInteger> targets) {
        var out = new LinkedHashMap<String, List<Target>>();
        targets.forEach((key, amount) -> {
            Rollup rollup = network.rollup(key.chain())
                    .orElseThrow(() -> new IllegalArgumentException("rebalancing target on chain " + key.chain() + ": not in the network"));
            Token token = rollup.token(key.token()).orElseThrow(() -> new IllegalArgumentException(
                    "rebalancing target " + key.token() + " on chain " + key.chain() + ": not a token of that rollup"));
            Address router = network.metalayer().contracts(rollup.domain()).flatMap(c -> c.warpRoute(token.address()))
                    .orElseThrow(() -> new IllegalArgumentException("rebalancing target " + token.symbol() + " on chain " + key.chain()
                            + ": the token has no warp route there"));
            out.computeIfAbsent(token.symbol(), s -> new ArrayList<>()).add(new Target(key.chain(), token.address(), token.symbol(),
                    router, amount));
        });
        out.forEach((symbol, list) -> {
            if (list.size() < 2) {
                throw new IllegalArgumentException("rebalancing target " + symbol + " on chain " + list.get(0).chain()
                        + ": no target of " + symbol + " on another rollup to move it from");
            }
        });
        out.replaceAll((s, list) -> List.copyOf(list));
        return Map.copyOf(out);
    }

    public boolean configured() {
        return !bySymbol.isEmpty();
    }

    /** The targets by symbol. */
    public Map<String, List<Target>> targets() {
        return bySymbol;
    }

    public void start() {
        if (!configured() || running != null) {
            return;
        }
        running = Flux.interval(Duration.ZERO, settings.tick()).onBackpressureDrop()
                .concatMap(t -> tick().onErrorResume(e -> {
                    log.warn("inventory: rebalancing pass failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    public void stop() {
        Disposable r = running;
        if (r != null) {
            r.dispose();
        }
        running = null;
    }

    /** One pass: every unfinished move one step on (side by side: one per symbol), then new moves where a balance is low. */
    public Mono<Void> tick() {
        return store.unfinished().collectList().flatMap(open -> Flux.fromIterable(open).flatMap(this::advance).then(
                Mono.defer(() -> plan(open.stream().map(InventoryMove::symbol).collect(Collectors.toSet())))));
    }

    private Mono<Void> advance(InventoryMove m) {
        Mono<Void> step = switch (m.status()) {
            case PLANNED -> warps.prepareTransfer(m.from(), m.router(), m.to(), m.amount())
                    .flatMap(tx -> {
                        InventoryMove signed = m.signed(tx);
                        return update(signed, MoveStatus.PLANNED).flatMap(ok -> ok ? send(signed, true) : Mono.<Void>empty());
                    })
                    .onErrorResume(RpcException.class, e -> e.failure() == RpcFailure.REVERTED
                            ? update(m.failed("the warp transfer would revert: " + e.getMessage()), MoveStatus.PLANNED).then()
                            : Mono.error(e));
            case SIGNED -> send(m, true);
            case DISPATCHED -> chains.delivered(m.to(), m.messageId())
                    .flatMap(done -> done ? update(m.delivered(), MoveStatus.DISPATCHED).then() : Mono.<Void>empty());
            case DELIVERED, FAILED -> Mono.empty();
        };
        return step.onErrorResume(e -> {
            log.warn("inventory: move {} ({} {} from chain {} to {}) stays {} this pass: {}", m.id(), m.amount(), m.symbol(),
                    m.from(), m.to(), m.status().db(), e.toString());
            return Mono.empty();
        });
    }

    /**
     * Sends the current version of the transfer (again, after a restart: the chain takes the same bytes once) and
     * follows it until {@code stuckAfter} from when it was first sent (the next pass looks again). One that is not
     * mined by then, or whose nonce another transaction took, is replaced when {@code mayReplace}: a fee bump at its
     * nonce while that is the chain's next, otherwise the same call at a fresh nonce. Each version signed before is
     * looked for first, and again after the chain's count of the executor's transactions was read for the
     * replacement: a version thought stuck may have been mined meanwhile, and a fresh nonce beside it would move the
     * amount twice.
     */
    private Mono<Void> send(InventoryMove m, boolean mayReplace) {
        return chains.broadcast(m.from(), m.tx()).map(hash -> Boolean.TRUE)
                .onErrorResume(RpcException.class, e -> e.failure() == RpcFailure.NONCE_TOO_LOW ? Mono.just(Boolean.FALSE) : Mono.error(e))
                .flatMap(accepted -> {
                    Instant since = sentAt.computeIfAbsent(m.tx().hash(), h -> clock.instant());
                    Duration left = settings.stuckAfter().minus(Duration.between(since, clock.instant()));
                    if (accepted && left.isPositive()) {
                        return chains.await(m.from(), m.tx().hash()).timeout(left, Mono.empty()).flatMap(mined -> settle(m, m.tx(), mined));
                    }
                    if (!mayReplace) {
                        return Mono.empty();
                    }
                    return minedVersion(m).flatMap(first -> {
                        if (first.isPresent()) {
                            return settle(m, first.get().version(), first.get().mined());
                        }
                        return chains.replacement(m.from(), m.tx()).flatMap(next -> minedVersion(m).flatMap(second -> {
                            if (second.isEmpty()) {
                                return replace(m, next, accepted);
                            }
                            if (!Objects.equals(next.nonce(), m.tx().nonce())) {
                                chains.reorganised(m.from()); // the fresh nonce the replacement reserved goes unused
                            }
                            return settle(m, second.get().version(), second.get().mined());
                        }));
                    });
                });
    }

    /** A version of a move's transfer and how it was mined. */
    private record Found(PreparedTransaction version, CrossChains.Mined mined) {
    }

    /**
     * The first version of the transfer found mined, each looked for briefly; empty when none is. A node that fails to
     * answer fails the pass: a version not known to be unmined must not be replaced at a fresh nonce.
     */
    private Mono<Optional<Found>> minedVersion(InventoryMove m) {
        Duration look = java.util.Collections.min(List.of(settings.stuckAfter().dividedBy(4), LAST_LOOK));
        return Flux.fromIterable(m.versions()).flatMap(v -> chains.await(m.from(), v.hash()).timeout(look, Mono.empty())
                .map(mined -> new Found(v, mined))).next().map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    private Mono<Void> replace(InventoryMove m, PreparedTransaction next, boolean wasAccepted) {
        InventoryMove again = m.replacedBy(next);
        String why = wasAccepted ? "not mined within " + settings.stuckAfter().toSeconds() + " s" : "its nonce was taken";
        return store.replace(again, m.tx().hash()).flatMap(ok -> {
            if (!ok) {
                return Mono.<Void>empty();
            }
            log.info("inventory: move {} transfer {} (nonce {}) {}: replaced by {} (nonce {})", m.id(), m.tx().hash(), m.tx().nonce(),
                    why, next.hash(), next.nonce());
            moved.replaced(again, wasAccepted);
            return send(again, false);
        });
    }

    /** The move after {@code version} of its transfer was mined: dispatched with its message, or failed. */
    private Mono<Void> settle(InventoryMove m, PreparedTransaction version, CrossChains.Mined mined) {
        m.versions().forEach(v -> sentAt.remove(v.hash()));
        if (!mined.ok()) {
            return update(m.failed(version, "the warp transfer reverted in block " + mined.block() + ": " + mined.reason()),
                    MoveStatus.SIGNED).then();
        }
        return mined.messageId().map(id -> update(m.dispatched(version, id), MoveStatus.SIGNED).then())
                .orElseGet(() -> update(m.failed(version, "the warp transfer was mined without a Metalayer dispatch"), MoveStatus.SIGNED)
                        .then());
    }

    private Mono<Boolean> update(InventoryMove next, MoveStatus from) {
        return store.update(next, from).doOnNext(ok -> {
            if (ok) {
                moved.moved(next.status(), next);
                log.info("inventory: move {} of {} {} from chain {} to {} is {}{}", next.id(), next.amount(), next.symbol(), next.from(),
                        next.to(), next.status().db(), next.reason() == null ? "" : " (" + next.reason() + ")");
            }
        });
    }

    /** For each symbol without an unfinished move, the lowest balance under its share gets what the largest surplus can give. */
    private Mono<Void> plan(Set<String> busy) {
        return Flux.fromIterable(bySymbol.entrySet()).filter(e -> !busy.contains(e.getKey()))
                .concatMap(e -> balances(e.getValue()).flatMap(held -> Mono.justOrEmpty(choose(e.getValue(), held, settings.lowPercent())))
                        .flatMap(choice -> warps.balance(choice.to().chain(), choice.to().token(), choice.to().router())
                                .map(collateral -> choice.amount().min(collateral))
                                .filter(amount -> amount.signum() > 0)
                                .flatMap(amount -> store.plan(InventoryMove.planned(e.getKey(), choice.from().chain(), choice.to().chain(),
                                                choice.from().token(), choice.to().token(), choice.from().router(), amount, clock.instant()))
                                        .doOnNext(ok -> {
                                            if (ok) {
                                                log.info("inventory: {} on chain {} is low; moving {} from chain {}", e.getKey(),
                                                        choice.to().chain(), amount, choice.from().chain());
                                            }
                                        }))))
                .then();
    }

    private Mono<Map<Target, BigInteger>> balances(List<Target> targets) {
        return Flux.fromIterable(targets).concatMap(t -> warps.balance(t.chain(), t.token(), solver).map(b -> Map.entry(t, b)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Where a move goes and what it may carry at most (before the destination's collateral bounds it). */
    record Choice(Target from, Target to, BigInteger amount) {
    }

    /**
     * The target furthest below its share ({@code held/amount} smallest, among those under {@code lowPercent}%) and
     * the donor with the largest surplus over its own target; the amount is the smaller of what the one lacks and
     * what the other can spare. Empty when nothing is low or nobody has a surplus.
     */
    static Optional<Choice> choose(List<Target> targets, Map<Target, BigInteger> held, int lowPercent) {
        BigInteger hundred = BigInteger.valueOf(100);
        Comparator<Target> byShare = (a, b) -> held.get(a).multiply(b.amount()).compareTo(held.get(b).multiply(a.amount()));
        Optional<Target> low = targets.stream()
                .filter(t -> t.amount().signum() > 0 && held.get(t).multiply(hundred).compareTo(t.amount().multiply(BigInteger.valueOf(lowPercent))) < 0)
                .min(byShare);
        if (low.isEmpty()) {
            return Optional.empty();
        }
        Target to = low.get();
        return targets.stream().filter(t -> !t.equals(to))
                .filter(t -> held.get(t).compareTo(t.amount()) > 0)
                .max(Comparator.comparing((Target t) -> held.get(t).subtract(t.amount())))
                .map(from -> new Choice(from, to, to.amount().subtract(held.get(to)).min(held.get(from).subtract(from.amount()))));
    }
}
