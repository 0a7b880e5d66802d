package io.metaroute.pipeline.single;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.intent.FillReport;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.core.token.Token;
import io.metaroute.execution.fill.FillOutcome;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.pipeline.intent.IntentRow;
import io.metaroute.pipeline.intent.IntentStatus;
import io.metaroute.pipeline.port.FillChain;
import io.metaroute.pipeline.port.RouteRecords;
import io.metaroute.pipeline.wiring.SolverInventory;
import io.metaroute.pipeline.wiring.SolverWiring;
import io.metaroute.quotefeeds.market.ChainPosition;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.settlement.fill.FillVerifier;
import io.metaroute.solver.batch.BatchSettings;
import io.metaroute.solver.cow.MatchSettlement;
import io.metaroute.solver.routing.Router;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The single-rollup pipeline without Spring or a database: the processor over an in-memory
 * storage port and a chain-port double, routing with the service's wiring on a one-pool market.
 */
class IntentProcessorTest {
    static final ChainId CHAIN = ChainId.of(710001);
    static final Address USDC = addr(1), WETH = addr(3), POOL = addr(0x1001), SETTLER = addr(0x900);
    static final Address USER = addr(0x500), SOLVER = addr(0x700);
    static final BigInteger E6 = BigInteger.TEN.pow(6), E18 = BigInteger.TEN.pow(18);
    static final String SIGNATURE = "0x" + "00".repeat(31) + "01" + "00".repeat(31) + "01" + "1b";

    final InMemoryIntents store = new InMemoryIntents();
    final ScriptedChain chain = new ScriptedChain();
    final Network network = network();
    final MarketStore market = new MarketStore();
    final Router router = new SolverWiring(network, SolverWiring.Settings.service(32, BatchSettings.defaults(), false),
            SolverInventory.none(), Clock.systemUTC(), Router.MarketFreshness.SNAPSHOT_TIME).router();
    final IntentProcessor processor = new IntentProcessor(store, market, router, null, Map.of(CHAIN, chain), new FillVerifier(),
            new Records(), Clock.systemUTC(), Schedulers.immediate());

    IntentProcessorTest() {
        // 3,000 USDC per WETH, deep enough that a 100 USDC sale barely moves it
        market.apply(new PoolState(CHAIN, POOL, USDC, WETH, E6.multiply(BigInteger.valueOf(3_000_000)),
                E18.multiply(BigInteger.valueOf(1_000)), 1), ChainPosition.endOfBlock(1));
    }

    @Test
    void aReceivedIntentIsRoutedSignedStoredBeforeItIsSentAndFilledWithItsLedgerLines() {
        UUID id = receive(E6.multiply(BigInteger.valueOf(100)), E18.divide(BigInteger.valueOf(40)));

        processor.process(id).block(Duration.ofSeconds(10));

        IntentRow done = store.get(id);
        assertThat(store.moves(id)).containsExactly(IntentStatus.RECEIVED, IntentStatus.ROUTED, IntentStatus.SUBMITTED,
                IntentStatus.FILLED);
        assertThat(done.routeJson()).startsWith("route of 1 leg(s)");
        assertThat(done.txHash()).isEqualTo(ScriptedChain.TX.hash());
        assertThat(done.realisedAmountOut()).isEqualTo(done.quotedAmountOut()).isGreaterThan(done.intent().minAmountOut());
        // the bytes were stored before they were sent
        assertThat(chain.storedWhenSent).containsExactly(IntentStatus.SUBMITTED);
        assertThat(store.ledger(id)).isNotEmpty();
        assertThat(FillVerifier.balanced(store.ledger(id))).isTrue();
    }

    @Test
    void anIntentTheSettlerRefusesInSimulationIsRejectedWithItsReasonAndNothingIsSent() {
        chain.refuse = new FillRejected("TransferFailed", "settler refused the fill: TransferFailed");
        UUID id = receive(E6.multiply(BigInteger.valueOf(100)), E18.divide(BigInteger.valueOf(40)));

        processor.process(id).block(Duration.ofSeconds(10));

        assertThat(store.moves(id)).containsExactly(IntentStatus.RECEIVED, IntentStatus.ROUTED, IntentStatus.REJECTED);
        assertThat(store.get(id).reason()).isEqualTo("TransferFailed");
        assertThat(chain.storedWhenSent).isEmpty();
    }

    @Test
    void anIntentWhoseMinimumNoRoutePaysIsRejectedBeforeAnythingIsSigned() {
        UUID id = receive(E6.multiply(BigInteger.valueOf(100)), E18); // 1 WETH for 100 USDC: no route pays it

        processor.process(id).block(Duration.ofSeconds(10));

        assertThat(store.moves(id)).containsExactly(IntentStatus.RECEIVED, IntentStatus.REJECTED);
        assertThat(store.get(id).reason()).isEqualTo("bound_unreachable");
        assertThat(chain.prepared).isZero();
    }

    @Test
    void aSubmittedIntentResumesByResendingItsStoredBytesNotByRoutingOrSigningAgain() {
        UUID id = receive(E6.multiply(BigInteger.valueOf(100)), E18.divide(BigInteger.valueOf(40)));
        var stored = store.get(id);
        store.put(new IntentRow(id, stored.intentHash(), stored.intent(), stored.signature(), IntentStatus.SUBMITTED, null,
                E18.divide(BigInteger.valueOf(31)), null, "stored route", ScriptedChain.TX.hash(), ScriptedChain.TX.raw(),
                stored.createdAt(), stored.updatedAt()));

        assertThat(processor.recover().block(Duration.ofSeconds(10))).isEqualTo(1);
        processor.process(id).block(Duration.ofSeconds(10));

        assertThat(store.get(id).status()).isEqualTo(IntentStatus.FILLED);
        assertThat(chain.sent).containsExactly(ScriptedChain.TX.raw());
        assertThat(chain.prepared).isZero();
        assertThat(store.get(id).routeJson()).isEqualTo("stored route");
    }

    private UUID receive(BigInteger amountIn, BigInteger minOut) {
        UUID id = UUID.randomUUID();
        var intent = new SwapIntent(USER, USER, BigInteger.valueOf(store.hashCode() & 0xffff), CHAIN, CHAIN, USDC, amountIn, WETH,
                minOut, Instant.now().getEpochSecond() + 600);
        store.put(new IntentRow(id, "0x" + "ab".repeat(32), intent, SIGNATURE, IntentStatus.RECEIVED, null, null, null, null,
                null, null, Instant.now(), Instant.now()));
        return id;
    }

    static Network network() {
        var tokens = List.of(new Token(CHAIN, USDC, "USDC", 6), new Token(CHAIN, WETH, "WETH", 18));
        return new Network(List.of(new Rollup("ember", RollupProfile.GAMING, CHAIN, Domain.of(7101), URI.create("http://127.0.0.1:1"),
                null, Duration.ofSeconds(1), BigInteger.valueOf(1_000_000_000L), SETTLER, addr(0x901), tokens, List.of())));
    }

    static Address addr(int n) {
        return Address.of(String.format("0x%040x", n));
    }

    /** Routes recorded as plain text. */
    static final class Records implements RouteRecords {
        @Override
        public String route(Route route) {
            return "route of " + route.legs().size() + " leg(s) paying " + route.amountOut();
        }

        @Override
        public String match(SwapIntent intent, MatchSettlement match, MatchSettlement.Member member) {
            return "match";
        }
    }

    /**
     * A settler that fills at the simulated output, or refuses when told to. It remembers what it
     * was sent, and the stored status of the intent at the moment of each send.
     */
    final class ScriptedChain implements FillChain {
        static final PreparedTransaction TX = new PreparedTransaction("0x" + "11".repeat(32), "0xf86c" + "22".repeat(40), BigInteger.ONE);
        FillRejected refuse;
        int prepared;
        BigInteger simulated;
        final List<String> sent = new ArrayList<>();
        final List<IntentStatus> storedWhenSent = new ArrayList<>();

        @Override
        public Mono<BigInteger> simulate(SwapIntent intent, IntentSignature signature, Route route) {
            simulated = route.amountOut();
            return refuse != null ? Mono.error(refuse) : Mono.just(route.amountOut());
        }

        @Override
        public Mono<PreparedTransaction> prepare(SwapIntent intent, IntentSignature signature, Route route) {
            prepared++;
            return Mono.just(TX);
        }

        @Override
        public Mono<Void> simulateSettle(List<SwapIntent> intents, List<IntentSignature> signatures, List<RouteReplay.Step> steps,
                                         List<BigInteger> amountsOut) {
            return Mono.error(new UnsupportedOperationException("no matches here"));
        }

        @Override
        public Mono<PreparedTransaction> prepareSettle(List<SwapIntent> intents, List<IntentSignature> signatures,
                                                       List<RouteReplay.Step> steps, List<BigInteger> amountsOut) {
            return Mono.error(new UnsupportedOperationException("no matches here"));
        }

        @Override
        public Mono<String> broadcast(PreparedTransaction tx) {
            return Mono.fromCallable(() -> {
                sent.add(tx.raw());
                store.unfinished().toStream().map(store::get).filter(r -> tx.hash().equals(r.txHash()))
                        .forEach(r -> storedWhenSent.add(r.status()));
                return tx.hash();
            });
        }

        @Override
        public Mono<FillOutcome> await(String txHash, String intentHash) {
            return Mono.fromCallable(() -> {
                IntentRow row = store.unfinished().toStream().map(store::get).filter(r -> txHash.equals(r.txHash()))
                        .findFirst().orElseThrow();
                SwapIntent i = row.intent();
                BigInteger paid = simulated != null ? simulated : row.quotedAmountOut();
                return new FillOutcome.Filled(new FillReport(intentHash, i.user(), i.recipient(), i.tokenIn(), i.tokenOut(),
                        i.amountIn(), paid, SOLVER, txHash, 2));
            });
        }

        @Override
        public Mono<Boolean> nonceUsed(SwapIntent intent) {
            return Mono.just(false);
        }

        @Override
        public Mono<PreparedTransaction> withBumpedFee(PreparedTransaction tx) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<PreparedTransaction> withFreshNonce(PreparedTransaction tx) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public BigInteger nonceOf(PreparedTransaction tx) {
            return tx.nonce();
        }

        @Override
        public boolean fillsOneIntent(PreparedTransaction tx) {
            return true;
        }
    }
}
