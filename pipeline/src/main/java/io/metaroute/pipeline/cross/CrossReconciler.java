package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossSettlerAbi.EscrowStatus;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import io.metaroute.settlement.ledger.CrossLedger;
import io.metaroute.settlement.ledger.Posting;
import io.metaroute.settlement.ledger.Posting.Holding;
import io.metaroute.settlement.ledger.Posting.Role;
import io.metaroute.settlement.ledger.Reconciliation;
import io.metaroute.settlement.ledger.Reconciliation.Difference;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks the cross-rollup ledger against the chain, to the wei: on every rollup with a cross settler,
 * the settler's balance of every token must be what the ledger holds in escrow, and every fee account's
 * what the ledger paid it. The ledger and the orders in flight are read as of one moment, then every
 * rollup's head; an in-flight step the chain shows done at that head is counted as the ledger will book
 * it. A difference is reported once two runs in a row see it by the same amount: a step between the
 * two reads shows once, a wrong book or a wrong rule stays. Fee accounts are taken to be the fees' own
 * (nothing else pays them once the ledger is open).
 *
 * <p>Opening balances: a new ledger (a new database, on rollups whose settlers and fee accounts already
 * hold what orders of an earlier ledger paid them) opens at the chain. Until it is open, differences
 * are not faults: the first run in which every difference is confirmed (or there is none) books them as
 * the opening balances ({@link CrossLedger#opening}), once, and from then on every wei is accounted for.
 */
public final class CrossReconciler {
    /** One run: the blocks read, how many holdings compared, the differences confirmed and those seen once. */
    public record Report(Instant at, Map<ChainId, Long> blocks, int holdings, List<Difference> differences,
                         List<Difference> unconfirmed, List<Difference> opening) {
        public boolean balanced() {
            return differences.isEmpty();
        }
    }

    private final CrossLedgerStore ledger;
    private final CrossChains chains;
    private final Network network;
    private final Clock clock;
    private List<Difference> previous = List.of();
    private volatile Optional<Report> last = Optional.empty();

    public CrossReconciler(CrossLedgerStore ledger, CrossChains chains, Network network, Clock clock) {
        this.ledger = ledger;
        this.chains = chains;
        this.network = network;
        this.clock = clock;
    }

    /** The latest run's report, if any has completed. */
    public Optional<Report> last() {
        return last;
    }

    /** One run; runs are not to overlap (the lifecycle runs them one after another). */
    public Mono<Report> reconcile() {
        return ledger.snapshot().flatMap(snap -> Flux.fromIterable(origins())
                .flatMap(r -> chains.head(r.chainId()).map(h -> Map.entry(r.chainId(), h.number())))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(blocks -> Mono.zip(expected(snap, blocks), roles()).flatMap(t -> onChain(blocks).flatMap(chain -> {
                    List<Difference> now = Reconciliation.compare(t.getT1(), chain);
                    List<Difference> confirmed = Reconciliation.confirmed(previous, now);
                    previous = now;
                    List<Difference> once = now.stream().filter(d -> !confirmed.contains(d)).toList();
                    if (snap.opened()) {
                        return Mono.just(reported(blocks, chain.size(), confirmed, once, List.of()));
                    }
                    if (!once.isEmpty()) {
                        // not open yet, and something is still moving: the opening waits for a settled picture
                        return Mono.just(reported(blocks, chain.size(), List.of(), once, List.of()));
                    }
                    var amounts = new LinkedHashMap<Holding, BigInteger>();
                    confirmed.forEach(d -> amounts.put(d.holding(), d.delta()));
                    return ledger.open(CrossLedger.opening(amounts, t.getT2()), blocks).map(took -> {
                        previous = List.of();
                        return reported(blocks, chain.size(), List.of(), List.of(), took ? confirmed : List.of());
                    });
                }))));
    }

    private Report reported(Map<ChainId, Long> blocks, int holdings, List<Difference> differences, List<Difference> once,
                            List<Difference> opening) {
        var report = new Report(clock.instant(), Map.copyOf(blocks), holdings, differences, once, opening);
        last = Optional.of(report);
        return report;
    }

    /** The ledger's balances plus what the in-flight orders' steps, done on chain at {@code blocks}, will book. */
    private Mono<Map<Holding, BigInteger>> expected(CrossLedgerStore.Snapshot snap, Map<ChainId, Long> blocks) {
        var messages = new LinkedHashMap<String, List<CrossRow>>();
        var opens = new ArrayList<CrossRow>();
        for (CrossRow r : snap.inFlight()) {
            if (!blocks.containsKey(r.order().originChainId())) {
                continue;
            }
            switch (r.status()) {
                case RECEIVED, OPENING -> opens.add(r);
                case RELEASING, REFUNDING -> messages.computeIfAbsent(r.status() + ":" + r.txHash(), k -> new ArrayList<>()).add(r);
                default -> { }
            }
        }
        Flux<Posting> pendingOpens = Flux.fromIterable(opens)
                .flatMap(r -> chains.escrowAt(r.order(), blocks.get(r.order().originChainId()))
                        .filter(e -> e.status() != EscrowStatus.NONE)
                        .flatMapIterable(e -> CrossLedger.opened(r.order())));
        Flux<Posting> pendingSettlements = Flux.fromIterable(messages.values()).flatMap(m -> settledAt(m, blocks));
        return Flux.concat(pendingOpens, pendingSettlements).collectList().map(lines -> {
            var out = new HashMap<>(snap.balances());
            lines.forEach(p -> out.merge(p.holding(), p.delta(), BigInteger::add));
            return out;
        });
    }

    private Flux<Posting> settledAt(List<CrossRow> message, Map<ChainId, Long> blocks) {
        CrossRow first = message.get(0);
        boolean release = first.status() == CrossStatus.RELEASING;
        EscrowStatus done = release ? EscrowStatus.RELEASED : EscrowStatus.REFUNDED;
        long block = blocks.get(first.order().originChainId());
        return Flux.fromIterable(message)
                .concatMap(r -> chains.escrowAt(r.order(), block).filter(e -> e.status() == done).map(e -> r))
                .collectList()
                .filter(settled -> !settled.isEmpty())
                .flatMapMany(settled -> SagaMoves.settlementLines(chains, settled, release).flatMapIterable(l -> l));
    }

    /** Every reconciled account by rollup, with what it is to the ledger (the settler's escrow, or a fee account). */
    private Mono<Map<Address, Role>> roles() {
        return Flux.fromIterable(origins()).concatMap(this::accounts)
                .collect(LinkedHashMap<Address, Role>::new, (all, one) -> one.forEach(all::putIfAbsent));
    }

    /** Every reconciled holding's balance at {@code blocks}: each settler's and each fee account's, in every token. */
    private Mono<Map<Holding, BigInteger>> onChain(Map<ChainId, Long> blocks) {
        return Flux.fromIterable(origins()).concatMap(origin -> accounts(origin).flatMapMany(accounts -> Flux.fromIterable(accounts.keySet())
                        .flatMap(a -> Flux.fromIterable(origin.tokens()).map(Token::address)
                                .flatMap(t -> chains.balanceAt(origin.chainId(), t, a, blocks.get(origin.chainId()))
                                        .map(b -> Map.entry(new Holding(origin.chainId(), t, a), b))))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<Map<Address, Role>> accounts(Rollup origin) {
        Address settler = network.metalayer().contracts(origin.domain()).orElseThrow().crossSettler();
        return Flux.fromIterable(origins()).filter(d -> !d.equals(origin))
                .concatMap(d -> chains.feeAccounts(origin.chainId(), d.chainId()))
                .collectList()
                .map(fees -> {
                    var out = new LinkedHashMap<Address, Role>();
                    out.put(settler, Role.ESCROW);
                    fees.forEach(f -> {
                        out.putIfAbsent(f.originRollup(), Role.ORIGIN_FEES);
                        out.putIfAbsent(f.destinationRollup(), Role.DESTINATION_FEES);
                        out.putIfAbsent(f.validators(), Role.VALIDATOR_FEES);
                    });
                    return out;
                });
    }

    private List<Rollup> origins() {
        return network.rollups().stream().filter(r -> network.metalayer().contracts(r.domain()).isPresent()).toList();
    }
}
