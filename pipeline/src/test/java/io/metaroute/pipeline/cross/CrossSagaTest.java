package io.metaroute.pipeline.cross;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.cross.CrossSettlerAbi.Kind;
import io.metaroute.core.network.FinalityState;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.tx.ChainClient.BlockRef;
import io.metaroute.execution.tx.PreparedTransaction;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The saga's decisions, step by step, on a store in memory and scripted chains. */
class CrossSagaTest {
    private static final ChainId A = ChainId.of(710001);
    private static final ChainId B = ChainId.of(710002);
    private static final Address SOLVER = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    private final InMemoryCrossOrders store = new InMemoryCrossOrders();
    private final Chains chains = new Chains();
    private final List<CrossOrder> planned = new ArrayList<>();

    private CrossSaga saga(int batchSize) {
        return saga(batchSize, new InstantExposure(java.util.Map.of()));
    }

    private CrossSaga saga(int batchSize, InstantExposure exposure) {
        CrossFillPlanner planner = o -> {
            planned.add(o);
            return new CrossFillPlanner.Go(new CrossChains.Fill(o.tokenOut(), o.minAmountOut(), List.of(), o.minAmountOut()));
        };
        return new CrossSaga(store, chains, planner, new CrossSaga.Settings(Duration.ofMillis(50), batchSize, Duration.ofHours(1),
                Duration.ofSeconds(5), Duration.ofSeconds(2)), Clock.systemUTC(), exposure, (from, to) -> { });
    }

    private static CrossOrder order(long nonce, long fillDeadline) {
        return order(nonce, fillDeadline, 1_000_000);
    }

    private static CrossOrder order(long nonce, long fillDeadline, long amountIn) {
        return new CrossOrder(Address.of("0x00000000000000000000000000000000000000c5"), SOLVER, BigInteger.valueOf(nonce), A,
                fillDeadline, fillDeadline, Address.of("0x00000000000000000000000000000000000000a1"), BigInteger.valueOf(amountIn),
                B, Address.of("0x00000000000000000000000000000000000000b1"), BigInteger.valueOf(990_000),
                Address.of("0x00000000000000000000000000000000000000ee"), FinalityState.INSTANT, 5);
    }

    private CrossRow row(CrossOrder o, CrossStatus status, String txHash, String raw) {
        var r = new CrossRow(UUID.randomUUID(), o, "0x" + "11".repeat(65), status, null, txHash == null ? null : B.value(), txHash, raw,
                null, null, null, Instant.now(), Instant.now());
        store.put(r);
        return r;
    }

    private static long inAnHour() {
        return Instant.now().getEpochSecond() + 3_600;
    }

    @Test
    void afterARestartInTheMiddleOfAFillTheStoredBytesAreSentAgainAndNothingIsSignedTwice() {
        CrossRow r = row(order(1, inAnHour()), CrossStatus.FILLING, "0xfeed", "0xstoredfill");
        chains.filled = true;
        saga(32).tick().block();
        assertThat(chains.broadcasts).containsExactly("0xstoredfill");
        assertThat(chains.prepared).isEmpty();
        assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.FILLED);
        assertThat(store.rows.get(r.id()).filledAmount()).isEqualTo(BigInteger.valueOf(995_000));
    }

    @Test
    void anOrderAlreadyFilledOnTheDestinationIsNotFilledAgain() {
        CrossRow r = row(order(2, inAnHour()), CrossStatus.OPENED, null, null);
        chains.filled = true;
        saga(32).tick().block();
        assertThat(planned).isEmpty();
        assertThat(chains.prepared).isEmpty();
        assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.FILLED);
    }

    @Test
    void anOpenTheOriginRefusesIsRejectedWithItsReasonAndNothingIsSent() {
        CrossRow r = row(order(3, inAnHour()), CrossStatus.RECEIVED, null, null);
        chains.openRefusal = "NonceAlreadyUsed";
        saga(32).tick().block();
        assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.REJECTED);
        assertThat(store.rows.get(r.id()).reason()).isEqualTo("NonceAlreadyUsed");
        assertThat(chains.broadcasts).isEmpty();
    }

    @Test
    void filledOrdersWaitForTheirBatchAndThenGoInOneMessage() {
        var rows = List.of(row(order(4, inAnHour()), CrossStatus.FILLED, null, null),
                row(order(5, inAnHour()), CrossStatus.FILLED, null, null));
        saga(3).tick().block();
        assertThat(chains.settlements).isEmpty(); // two of three, and none has waited an hour
        var third = row(order(6, inAnHour()), CrossStatus.FILLED, null, null);
        saga(3).tick().block();
        assertThat(chains.settlements).containsExactly("RELEASE x3");
        for (CrossRow r : List.of(rows.get(0), rows.get(1), third)) {
            assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.RELEASING);
            assertThat(store.rows.get(r.id()).rawTx()).isEqualTo("0xsettle1");
        }
    }

    @Test
    void anUnfilledOrderIsRefundedOnlyOnceTheDestinationIsPastItsFillDeadline() {
        long deadline = Instant.now().getEpochSecond() + 60;
        CrossRow r = row(order(7, deadline), CrossStatus.UNFILLED, null, null);
        chains.headTime = deadline;
        saga(32).tick().block();
        assertThat(chains.settlements).isEmpty();
        chains.headTime = deadline + 1;
        saga(32).tick().block();
        assertThat(chains.settlements).containsExactly("REFUND x1");
        assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.REFUNDING);
    }

    @Test
    void anOrderADeliveredReleaseLeftOpenGoesBackToWaitForANewMessageAndTheRestAreBooked() {
        var released = row(order(20, inAnHour()), CrossStatus.RELEASING, "0xrange", "0xraw");
        var uncovered = row(order(21, inAnHour()), CrossStatus.RELEASING, "0xrange", "0xraw");
        chains.escrowByNonce.put(20L, CrossSettlerAbi.EscrowStatus.RELEASED);
        chains.escrowStatus = CrossSettlerAbi.EscrowStatus.OPEN;
        chains.minedMessage = "0x" + "ab".repeat(32);
        saga(32).tick().block();
        // not delivered yet: the open order waits with its message
        assertThat(store.rows.get(released.id()).status()).isEqualTo(CrossStatus.RELEASED);
        assertThat(store.rows.get(uncovered.id()).status()).isEqualTo(CrossStatus.RELEASING);
        chains.deliveredMessages.add(chains.minedMessage);
        chains.filled = true; // still filled on the destination: the range read did not hold it
        saga(32).tick().block();
        assertThat(store.rows.get(uncovered.id()).status()).isEqualTo(CrossStatus.FILLED);
        assertThat(store.bookings).hasSize(1);
    }

    @Test
    void aReleaseMinedBetweenTheEscrowReadAndTheDeliveryCheckIsBookedNotSentAgain() {
        var r = row(order(23, inAnHour()), CrossStatus.RELEASING, "0xrange", "0xraw");
        chains.escrowStatus = CrossSettlerAbi.EscrowStatus.OPEN;
        chains.minedMessage = "0x" + "ef".repeat(32);
        chains.deliveredMessages.add(chains.minedMessage);
        chains.onDeliveryCheck.put(23L, CrossSettlerAbi.EscrowStatus.RELEASED); // the delivery mines between the two reads
        chains.filled = true;
        saga(32).tick().block();
        assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.RELEASED);
        assertThat(store.bookings).as("the release booked once").hasSize(1);
        assertThat(chains.settlements).as("no second message").isEmpty();
    }

    @Test
    void anOrderWhoseFillTheDestinationLostIsFilledAgainAndTheLedgerTradesTheBookedFillForTheNewOne() {
        var o = order(22, inAnHour());
        var booked = BigInteger.valueOf(990_000);
        var r = new CrossRow(UUID.randomUUID(), o, "0x" + "11".repeat(65), CrossStatus.RELEASING, null, B.value(), "0xrange", "0xraw",
                booked, null, SOLVER, Instant.now(), Instant.now());
        store.put(r);
        chains.escrowStatus = CrossSettlerAbi.EscrowStatus.OPEN;
        chains.minedMessage = "0x" + "cd".repeat(32);
        chains.deliveredMessages.add(chains.minedMessage);
        chains.filled = false; // the destination came back without the fill
        saga(32).tick().block();
        assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.OPENED);
        assertThat(store.rows.get(r.id()).reason()).isEqualTo("fill reorganised away");
        assertThat(store.bookings).as("the booked fill stays until a new one replaces it").isEmpty();
        // filled again (here the destination shows the new fill at once): the ledger swaps the old fill for the new one
        chains.filled = true;
        saga(32).tick().block();
        CrossRow now = store.rows.get(r.id());
        assertThat(now.status()).isIn(CrossStatus.FILLED, CrossStatus.RELEASING, CrossStatus.RELEASED);
        assertThat(now.filledAmount()).isEqualTo(BigInteger.valueOf(995_000));
        var expected = new ArrayList<>(io.metaroute.settlement.ledger.CrossLedger.reversed(
                io.metaroute.settlement.ledger.CrossLedger.filled(o, SOLVER, booked)));
        expected.addAll(io.metaroute.settlement.ledger.CrossLedger.filled(o, SOLVER, BigInteger.valueOf(995_000)));
        assertThat(store.bookings.get(0)).containsExactlyElementsOf(expected);
    }

    @Test
    void aDeliveredReleaseMovesItsOrdersTogetherAndBooksTheMessageOnceWithItsFeesSummedBeforeTheSplit() {
        // 7,999 at 5 bps is a fee of 3 each: split per order, 30% of 3 rounds to nothing; summed, 30% of 9 is 2
        var rows = List.of(row(order(8, inAnHour(), 7_999), CrossStatus.RELEASING, "0xrelease", "0xraw"),
                row(order(9, inAnHour(), 7_999), CrossStatus.RELEASING, "0xrelease", "0xraw"),
                row(order(10, inAnHour(), 7_999), CrossStatus.RELEASING, "0xrelease", "0xraw"));
        chains.escrowStatus = CrossSettlerAbi.EscrowStatus.RELEASED;
        saga(32).tick().block();
        rows.forEach(r -> assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.RELEASED));
        assertThat(chains.broadcasts).containsExactly("0xraw"); // the message's dispatch, sent again once, not per order
        assertThat(store.bookings).hasSize(1);
        var lines = store.bookings.get(0);
        assertThat(lines.stream().map(io.metaroute.settlement.ledger.Posting::delta).reduce(BigInteger.ZERO, BigInteger::add))
                .isZero();
        assertThat(lines.stream().filter(p -> p.role() == io.metaroute.settlement.ledger.Posting.Role.SOLVER)
                .map(io.metaroute.settlement.ledger.Posting::delta)).containsExactly(BigInteger.valueOf(7_996),
                BigInteger.valueOf(7_996), BigInteger.valueOf(7_996));
        assertThat(lines.stream().filter(p -> p.role().name().endsWith("_FEES")).map(io.metaroute.settlement.ledger.Posting::delta))
                .containsExactly(BigInteger.TWO, BigInteger.TWO, BigInteger.valueOf(5));
    }

    @Test
    void aReleaseNotYetDeliveredBooksNothing() {
        CrossRow r = row(order(11, inAnHour()), CrossStatus.RELEASING, "0xrelease", "0xraw");
        saga(32).tick().block();
        assertThat(store.rows.get(r.id()).status()).isEqualTo(CrossStatus.RELEASING);
        assertThat(store.bookings).isEmpty();
    }

    @Test
    void aFilledOrderWhoseOpenAReorganisationTookAwayIsOpenedAgainAndItsOpenTakenBackFromTheLedger() {
        CrossRow gone = row(order(12, inAnHour()), CrossStatus.FILLED, null, null);
        CrossRow kept = row(order(13, inAnHour()), CrossStatus.FILLED, null, null);
        chains.escrowByNonce.put(12L, CrossSettlerAbi.EscrowStatus.NONE);
        saga(2).tick().block();
        assertThat(store.rows.get(gone.id()).status()).isEqualTo(CrossStatus.RECEIVED);
        assertThat(chains.reorganised).containsExactly(A); // the solver's nonces on the origin are read again
        assertThat(chains.settlements).containsExactly("RELEASE x1"); // the other goes alone, without it
        assertThat(store.rows.get(kept.id()).status()).isEqualTo(CrossStatus.RELEASING);
        assertThat(store.bookings).singleElement().satisfies(lines -> assertThat(lines).anyMatch(p ->
                p.role() == io.metaroute.settlement.ledger.Posting.Role.ESCROW && p.delta().signum() < 0));
    }

    @Test
    void aMessageCarryingAnOrderTheOriginLostSendsTheOthersAgainWithoutIt() {
        CrossRow gone = row(order(14, inAnHour()), CrossStatus.RELEASING, "0xrelease", "0xraw");
        CrossRow waiting = row(order(15, inAnHour()), CrossStatus.RELEASING, "0xrelease", "0xraw");
        chains.escrowByNonce.put(14L, CrossSettlerAbi.EscrowStatus.NONE);
        saga(32).tick().block();
        assertThat(store.rows.get(gone.id()).status()).isEqualTo(CrossStatus.RECEIVED);
        assertThat(store.rows.get(waiting.id()).status()).isEqualTo(CrossStatus.FILLED);
    }

    @Test
    void aFinalizedOrderWhoseOpenWasReorganisedAwayBeforeFinalityIsNotFilledButOpenedAgain() {
        var o = new CrossOrder(Address.of("0x00000000000000000000000000000000000000c5"), SOLVER, BigInteger.valueOf(16), A,
                inAnHour(), inAnHour(), Address.of("0x00000000000000000000000000000000000000a1"), BigInteger.valueOf(1_000_000),
                B, Address.of("0x00000000000000000000000000000000000000b1"), BigInteger.valueOf(990_000),
                Address.of("0x00000000000000000000000000000000000000ee"), FinalityState.FINALIZED, 5);
        CrossRow r = row(o, CrossStatus.OPENED, "0xopen", "0xrawopen");
        chains.escrowByNonce.put(16L, CrossSettlerAbi.EscrowStatus.NONE);
        saga(32).tick().block();
        assertThat(planned).isEmpty();
        assertThat(chains.prepared).doesNotContain("fill");
        // opened again at once, in the same pass: received, then a new open sent
        assertThat(store.changes.stream().map(CrossChange::status)).containsSubsequence(CrossStatus.RECEIVED, CrossStatus.OPENING);
    }

    @Test
    void aStepWhoseTransactionIsNotMinedInTimeStoresAndSendsItsReplacementAndWaitsForThat() {
        CrossRow r = new CrossRow(UUID.randomUUID(), order(17, inAnHour()), "0x" + "11".repeat(65), CrossStatus.OPENING, null, A.value(),
                "0xstuck", "0xstuckraw", null, null, null, Instant.now().minusSeconds(60), Instant.now().minusSeconds(60));
        store.put(r);
        chains.unmined.add("0xstuck");
        var saga = saga(32);
        saga.tick().block(); // stored a minute ago, but this process only now waits for it: not yet stuck for it
        assertThat(store.rows.get(r.id()).txHash()).isEqualTo("0xstuck");
        saga.tick().block(); // waited the whole stuck-after in this process: replaced
        CrossRow now = store.rows.get(r.id());
        assertThat(now.status()).isEqualTo(CrossStatus.OPENING);
        assertThat(now.txHash()).isEqualTo("0xreplacement");
        assertThat(now.rawTx()).isEqualTo("0xreplacement");
        assertThat(chains.prepared).containsExactly("replacement of 0xstuckraw");
        assertThat(chains.broadcasts).containsExactly("0xstuckraw", "0xstuckraw", "0xreplacement");
        saga.tick().block(); // the replacement is mined
        assertThat(store.changes.stream().map(CrossChange::status)).contains(CrossStatus.OPENED);
    }

    @Test
    void aTransactionStoredJustNowIsWaitedForNotReplaced() {
        CrossRow r = row(order(18, inAnHour()), CrossStatus.FILLING, "0xslow", "0xslowraw");
        chains.unmined.add("0xslow");
        saga(32).tick().block();
        assertThat(store.rows.get(r.id()).txHash()).isEqualTo("0xslow");
        assertThat(chains.prepared).isEmpty();
    }

    @Test
    void anInstantOrderPastTheExposureLimitWaitsForItsOpenToBeFinalInsteadOfBeingFilledAtOnce() {
        var limit = new InstantExposure(java.util.Map.of(new io.metaroute.solver.routing.Inventory.Key(A,
                order(0, 0).tokenIn()), BigInteger.valueOf(1_500_000)));
        row(order(19, inAnHour()), CrossStatus.FILLED, null, null); // 1,000,000 at risk until released
        CrossRow waiting = row(order(20, inAnHour()), CrossStatus.OPENED, "0xopen20", "0xrawopen20");
        chains.finalizedBlock = 5; // the open (block 10) is not final
        var saga = saga(32, limit);
        saga.tick().block();
        assertThat(planned).isEmpty();
        assertThat(store.rows.get(waiting.id()).status()).isEqualTo(CrossStatus.OPENED);
        assertThat(limit.deferred()).isEqualTo(1);
        assertThat(limit.current()).containsValue(BigInteger.valueOf(1_000_000));
        chains.finalizedBlock = 36; // final now: no risk left, it is filled
        saga.tick().block();
        assertThat(planned).extracting(CrossOrder::nonce).containsExactly(BigInteger.valueOf(20));
    }

    @Test
    void instantOrdersWithinTheLimitAreFilledAtOnceAndCountedAgainstIt() {
        var limit = new InstantExposure(java.util.Map.of(new io.metaroute.solver.routing.Inventory.Key(A,
                order(0, 0).tokenIn()), BigInteger.valueOf(2_500_000)));
        row(order(21, inAnHour()), CrossStatus.OPENED, "0xopen21", "0xraw21");
        row(order(22, inAnHour()), CrossStatus.OPENED, "0xopen22", "0xraw22");
        row(order(23, inAnHour()), CrossStatus.OPENED, "0xopen23", "0xraw23");
        chains.finalizedBlock = 5;
        saga(32, limit).tick().block();
        assertThat(planned).hasSize(2); // two fit under 2,500,000 side by side; the third waits for finality
        assertThat(limit.deferred()).isEqualTo(1);
    }

    /** Chains that answer as scripted and record what the saga asked. */
    private static final class Chains implements CrossChains {
        final List<String> broadcasts = new ArrayList<>();
        final List<String> prepared = new ArrayList<>();
        final List<String> settlements = new ArrayList<>();
        boolean filled;
        String openRefusal;
        CrossSettlerAbi.EscrowStatus escrowStatus = CrossSettlerAbi.EscrowStatus.OPEN;
        final java.util.Map<Long, CrossSettlerAbi.EscrowStatus> escrowByNonce = new java.util.HashMap<>();
        final List<ChainId> reorganised = new ArrayList<>();
        final java.util.Set<String> unmined = new java.util.HashSet<>();
        final java.util.Set<String> deliveredMessages = new java.util.HashSet<>();
        /** Escrow states that hold from the first delivery check on (a delivery mined just then). */
        final java.util.Map<Long, CrossSettlerAbi.EscrowStatus> onDeliveryCheck = new java.util.HashMap<>();
        String minedMessage;
        long finalizedBlock = 36;
        long headTime = Instant.now().getEpochSecond();

        private Mono<PreparedTransaction> tx(String what) {
            prepared.add(what);
            return Mono.just(new PreparedTransaction("0x" + what, "0x" + what, BigInteger.ZERO));
        }

        @Override
        public Mono<Void> simulateOpen(CrossOrder order, byte[] signature) {
            return openRefusal == null ? Mono.empty() : Mono.error(new FillRejected(openRefusal, "refused: " + openRefusal));
        }

        @Override
        public Mono<PreparedTransaction> prepareOpen(CrossOrder order, byte[] signature) {
            return tx("open");
        }

        @Override
        public Mono<BigInteger> simulateFill(CrossOrder order, Fill fill) {
            return Mono.just(fill.expectedOut());
        }

        @Override
        public Mono<PreparedTransaction> prepareFill(CrossOrder order, Fill fill) {
            return tx("fill");
        }

        @Override
        public Mono<PreparedTransaction> prepareSettle(ChainId destination, ChainId origin, Kind kind, List<CrossOrder> orders) {
            settlements.add(kind + " x" + orders.size());
            prepared.add("settle");
            return Mono.just(new PreparedTransaction("0xsettle" + settlements.size(), "0xsettle" + settlements.size(), BigInteger.ZERO));
        }

        @Override
        public Mono<String> broadcast(ChainId chain, PreparedTransaction tx) {
            broadcasts.add(tx.raw());
            return Mono.just(tx.hash());
        }

        @Override
        public Mono<Mined> await(ChainId chain, String txHash) {
            return unmined.contains(txHash) ? Mono.never() : Mono.just(new Mined(true, 10, null, Optional.ofNullable(minedMessage)));
        }

        @Override
        public Mono<CrossSettlerAbi.Escrow> escrow(CrossOrder order) {
            return Mono.just(new CrossSettlerAbi.Escrow(order.tokenIn(), order.amountIn(), B.value(), order.fillDeadline(), 5,
                    order.user(), escrowByNonce.getOrDefault(order.nonce().longValueExact(), escrowStatus)));
        }

        @Override
        public Mono<io.metaroute.settlement.ledger.CrossLedger.FeeAccounts> feeAccounts(ChainId origin, ChainId destination) {
            return Mono.just(new io.metaroute.settlement.ledger.CrossLedger.FeeAccounts(
                    Address.of("0x00000000000000000000000000000000000000f1"), Address.of("0x00000000000000000000000000000000000000f2"),
                    Address.of("0x00000000000000000000000000000000000000f3")));
        }

        @Override
        public Mono<CrossSettlerAbi.Escrow> escrowAt(CrossOrder order, long block) {
            return escrow(order);
        }

        @Override
        public Mono<BigInteger> balanceAt(ChainId chain, Address token, Address holder, long block) {
            return Mono.error(new UnsupportedOperationException("balances are not scripted here"));
        }

        @Override
        public Mono<CrossSettlerAbi.FillRecord> fillRecord(CrossOrder order) {
            return Mono.just(filled ? new CrossSettlerAbi.FillRecord(SOLVER, 1, 0, BigInteger.valueOf(995_000))
                    : new CrossSettlerAbi.FillRecord(Address.ZERO, 0, 0, BigInteger.ZERO));
        }

        @Override
        public Mono<Boolean> delivered(ChainId chain, String messageId) {
            escrowByNonce.putAll(onDeliveryCheck);
            return Mono.just(deliveredMessages.contains(messageId));
        }

        @Override
        public Mono<BlockRef> head(ChainId chain) {
            return Mono.just(new BlockRef(100, headTime));
        }

        @Override
        public Mono<BlockRef> finalized(ChainId chain) {
            return Mono.just(new BlockRef(finalizedBlock, headTime - 64));
        }

        @Override
        public Mono<PreparedTransaction> replacement(ChainId chain, PreparedTransaction stuck) {
            prepared.add("replacement of " + stuck.raw());
            return Mono.just(new PreparedTransaction("0xreplacement", "0xreplacement", BigInteger.ONE));
        }

        @Override
        public Mono<Long> openBlock(CrossOrder order, long fromBlock) {
            return Mono.just(10L);
        }

        @Override
        public void reorganised(ChainId chain) {
            reorganised.add(chain);
        }

        @Override
        public Address repayTo() {
            return SOLVER;
        }
    }
}
