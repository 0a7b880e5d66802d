package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.DevnetValidators;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;

/**
 * A wallet's cross-rollup swap through the service alone: quote, sign the served
 * GaslessCrossChainOrder as a wallet does, post it; the service opens it on the origin, fills it
 * from its inventory on the destination, and its own validators and relayer carry the release back;
 * an order the solver will not fill is refunded once its fill deadline has passed. The context is
 * closed after the class, so that its relayer (with the devnet's relayer key) does not go on
 * delivering other tests' messages.
 */
@org.springframework.test.annotation.DirtiesContext
class CrossRollupOrderTest extends ApiTestBase {
    private static final BigInteger USDC = BigInteger.TEN.pow(6);

    @DynamicPropertySource
    static void roles(DynamicPropertyRegistry registry) {
        registry.add("metaroute.metalayer.validator-keys", () -> hex(DevnetValidators.keys(FinalityState.INSTANT)));
        registry.add("metaroute.metalayer.finalized-validator-keys", () -> hex(DevnetValidators.keys(FinalityState.FINALIZED)));
        registry.add("metaroute.metalayer.relayer-key",
                () -> devnet().relayer().credentials().getEcKeyPair().getPrivateKey().toString(16));
        registry.add("metaroute.cross.enabled", () -> "true");
        registry.add("metaroute.cross.max-batch-wait", () -> "500ms");
        // the executor lends what the devnet gave it of USDC on every rollup
        registry.add("metaroute.inventory.limits", () -> devnet().network().rollups().stream()
                .map(r -> r.chainId().value() + ":USDC:1000000000000").collect(Collectors.joining(",")));
        registry.add("metaroute.inventory.refresh-every", () -> "1s");
        registry.add("metaroute.cross.reconcile-every", () -> "500ms");
        // 1,000 USDC and more from the first rollup is proposed FINALIZED; INSTANT risk is bounded on every rollup
        registry.add("metaroute.cross.finalized-from", () -> devnet().network().rollups().get(0).chainId().value() + ":USDC:1000000000");
        registry.add("metaroute.cross.instant-exposure", () -> devnet().network().rollups().stream()
                .map(r -> r.chainId().value() + ":USDC:100000000000").collect(Collectors.joining(",")));
        // and in total per origin: 1,000 ETH worth of every token together
        registry.add("metaroute.cross.instant-exposure-total", () -> devnet().network().rollups().stream()
                .map(r -> r.chainId().value() + ":1000000000000000000000").collect(Collectors.joining(",")));
    }

    private static String hex(List<Credentials> keys) {
        return keys.stream().map(k -> k.getEcKeyPair().getPrivateKey().toString(16)).collect(Collectors.joining(","));
    }

    private JsonNode crossQuote(Rollup from, Rollup to, String amount, DevAccount wallet, DevAccount recipient, long seconds) {
        var body = new LinkedHashMap<String, Object>();
        body.put("chainId", from.chainId().value());
        body.put("destinationChainId", to.chainId().value());
        body.put("tokenIn", "USDC");
        body.put("tokenOut", "USDC");
        body.put("amountIn", amount);
        body.put("slippageBps", 50);
        body.put("user", wallet.address().hex());
        body.put("recipient", recipient.address().hex());
        body.put("deadlineSeconds", seconds);
        return patientHttp().post().uri("/v1/quotes").bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** What a wallet does: hash the typed data exactly as served (eth_signTypedData_v4) and sign it. */
    private static Map<String, Object> walletSigns(JsonNode typedData, DevAccount wallet) throws Exception {
        return CrossJobClient.signed(typedData, wallet);
    }

    private JsonNode awaitStatus(String id, List<String> done, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            last = http.get().uri("/v1/intents/" + id).exchange().expectStatus().isOk().expectBody(JsonNode.class)
                    .returnResult().getResponseBody();
            if (done.contains(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("order " + id + " did not reach " + done + " within " + within + ": " + last);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.metaroute.quotefeeds.fees.MessageFeeBook messageFees;

    /** Every ordered pair's settlement message is priced from its router's quoteDispatch, for the router's cost model. */
    @Test
    void everyPairsMessageFeeIsReadFromItsRouter() throws Exception {
        var rollups = devnet().network().rollups();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (Rollup a : rollups) {
            for (Rollup b : rollups) {
                if (a.equals(b)) {
                    continue;
                }
                while (messageFees.feeWei(a.chainId(), b.chainId()).isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertThat(messageFees.feeWei(a.chainId(), b.chainId())).as("%s -> %s", a.name(), b.name())
                        .hasValueSatisfying(fee -> assertThat(fee).isPositive());
            }
        }
    }

    @Test
    void theQuoteProposesFinalityByValueAndTheWalletMayChoose() {
        Rollup from = devnet().network().rollups().get(0);
        Rollup to = devnet().network().rollups().get(1);
        JsonNode small = crossQuote(from, to, "999999999", wallet(0), wallet(0), 600);
        assertThat(small.get("finality").asText()).isEqualTo("INSTANT");
        assertThat(small.get("finalityReason").asText()).contains("below the FINALIZED threshold of 1000000000");
        JsonNode large = crossQuote(from, to, "1000000000", wallet(0), wallet(0), 600);
        assertThat(large.get("finality").asText()).isEqualTo("FINALIZED");
        assertThat(large.at("/typedData/message/orderData/finality").asInt()).isEqualTo(FinalityState.FINALIZED.code());
        // the other way round the threshold is not set: INSTANT, whatever the size
        JsonNode back = crossQuote(to, from, "1000000000", wallet(0), wallet(0), 600);
        assertThat(back.get("finality").asText()).isEqualTo("INSTANT");
        // a wallet that names a finality gets it
        var body = new LinkedHashMap<String, Object>();
        body.put("chainId", from.chainId().value());
        body.put("destinationChainId", to.chainId().value());
        body.put("tokenIn", "USDC");
        body.put("tokenOut", "USDC");
        body.put("amountIn", "1000000000");
        body.put("user", wallet(0).address().hex());
        body.put("finality", "INSTANT");
        JsonNode chosen = patientHttp().post().uri("/v1/quotes").bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(chosen.get("finality").asText()).isEqualTo("INSTANT");
        assertThat(chosen.get("finalityReason").asText()).isEqualTo("as asked");
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theInstantExposureAndItsLimitAreMetricsPerOriginAndToken() {
        for (Rollup r : devnet().network().rollups()) {
            var limit = meters.find("metaroute.cross.instant.exposure.limit").tag("chain", String.valueOf(r.chainId().value()))
                    .gauge();
            assertThat(limit).as("limit gauge on %s", r.name()).isNotNull();
            assertThat(limit.value()).isEqualTo(1e11);
            assertThat(meters.find("metaroute.cross.instant.exposure").tag("chain", String.valueOf(r.chainId().value())).gauge())
                    .isNotNull();
        }
        for (Rollup r : devnet().network().rollups()) {
            String chain = String.valueOf(r.chainId().value());
            var totalLimit = meters.find("metaroute.cross.instant.exposure.total.limit").tag("chain", chain).gauge();
            assertThat(totalLimit).as("total limit gauge on %s", r.name()).isNotNull();
            assertThat(totalLimit.value()).isEqualTo(1e21);
            // every devnet token is priced against WETH, so the total is a number, never the NaN of an unvalued input
            var total = meters.find("metaroute.cross.instant.exposure.total").tag("chain", chain).gauge();
            assertThat(total).as("total gauge on %s", r.name()).isNotNull();
            assertThat(total.value()).as("total on %s", r.name()).isNotNaN().isGreaterThanOrEqualTo(0);
        }
        assertThat(meters.find("metaroute.cross.instant.deferred").functionCounter()).isNotNull();
    }

    @Test
    void aSignedOrderIsOpenedFilledAndReleasedAcrossRollups() throws Exception {
        Rollup from = devnet().network().rollups().get(0);
        Rollup to = devnet().network().rollups().get(1);
        DevAccount user = wallet(0);
        DevAccount recipient = wallet(1);
        JsonNode quote = crossQuote(from, to, USDC.multiply(BigInteger.valueOf(200)).toString(), user, recipient, 600);
        assertThat(quote.at("/typedData/primaryType").asText()).isEqualTo("GaslessCrossChainOrder");
        assertThat(quote.get("finality").asText()).isEqualTo("INSTANT");
        BigInteger min = new BigInteger(quote.get("minAmountOut").asText());
        assertThat(min).isPositive();
        Address tokenOut = Address.of(quote.get("tokenOut").asText());
        BigInteger before = devnet().balanceOf(to.chainId(), tokenOut, recipient.address());

        String id = submit(walletSigns(quote.get("typedData"), user));
        JsonNode done = awaitStatus(id, List.of("released", "refunded", "rejected"), Duration.ofSeconds(90));
        assertThat(done.get("status").asText()).as("order %s", done).isEqualTo("released");
        BigInteger got = devnet().balanceOf(to.chainId(), tokenOut, recipient.address()).subtract(before);
        assertThat(got).isGreaterThanOrEqualTo(min).isEqualTo(new BigInteger(done.get("filledAmount").asText()));
        assertThat(done.get("messageId").asText()).startsWith("0x");
        var steps = done.get("steps");
        assertThat(steps.findValuesAsText("status")).containsSubsequence("received", "opening", "opened", "filling", "filled",
                "releasing", "released");
        for (JsonNode s : steps) {
            if (List.of("opening", "filling", "releasing").contains(s.get("status").asText())) {
                assertThat(s.get("txHash").asText()).startsWith("0x");
                assertThat(s.get("chainId").asLong()).isEqualTo(s.get("status").asText().equals("opening")
                        ? from.chainId().value() : to.chainId().value());
            }
        }
        // the same signed order again is the same order, not a second one
        JsonNode again = patientHttp().post().uri("/v1/intents").bodyValue(walletSigns(quote.get("typedData"), user)).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.get("id").asText()).isEqualTo(id);
        assertThat(again.get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void anOrderTheSolverWillNotFillIsRefundedAfterItsFillDeadline() throws Exception {
        Rollup from = devnet().network().rollups().get(1);
        Rollup to = devnet().network().rollups().get(0);
        DevAccount user = wallet(2);
        JsonNode quote = crossQuote(from, to, USDC.multiply(BigInteger.valueOf(50)).toString(), user, user, 8);
        // the wallet asks for twice what the route pays: no solver fills that, and the input must come back
        ObjectNode typed = quote.get("typedData").deepCopy();
        ObjectNode data = (ObjectNode) typed.get("message").get("orderData");
        data.put("minAmountOut", new BigInteger(quote.get("expectedAmountOut").asText()).multiply(BigInteger.TWO).toString());
        Address tokenIn = Address.of(quote.get("tokenIn").asText());
        BigInteger before = devnet().balanceOf(from.chainId(), tokenIn, user.address());

        String id = submit(walletSigns(typed, user));
        JsonNode done = awaitStatus(id, List.of("released", "refunded", "rejected"), Duration.ofSeconds(90));
        assertThat(done.get("status").asText()).as("order %s", done).isEqualTo("refunded");
        assertThat(done.get("steps").findValuesAsText("status")).containsSubsequence("opened", "unfilled", "refunding", "refunded");
        assertThat(devnet().balanceOf(from.chainId(), tokenIn, user.address())).isEqualTo(before);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.metaroute.pipeline.cross.CrossReconciler reconciler;

    @org.springframework.beans.factory.annotation.Autowired
    io.metaroute.api.persistence.CrossOrderRepository orders;

    /** A report of a run that started after {@code after} and whose outcome is {@code balanced}. */
    private io.metaroute.pipeline.cross.CrossReconciler.Report awaitReport(java.time.Instant after, boolean balanced)
            throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            var last = reconciler.last();
            if (last.isPresent() && last.get().at().isAfter(after) && last.get().balanced() == balanced) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no reconciliation " + (balanced ? "balanced" : "with a difference") + " since " + after
                + ": " + reconciler.last());
    }

    private static final BigInteger PAID_BEFORE = BigInteger.valueOf(11);

    /** Fees an earlier ledger (another database) saw paid: the chain holds them before this ledger exists. */
    @org.junit.jupiter.api.BeforeAll
    static void paidBeforeThisLedger() throws Exception {
        Rollup rollup = devnet().network().rollups().get(2);
        var web3j = devnet().web3j(rollup.chainId());
        var gas = new org.web3j.tx.gas.StaticGasProvider(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(300_000));
        io.metaroute.contracts.generated.TestToken.load(token(rollup, "USDC").hex(), web3j, new org.web3j.tx.RawTransactionManager(
                        web3j, wallet(2).credentials(), rollup.chainId().value(), devnet().receiptProcessor(rollup.chainId())), gas)
                .transfer(io.metaroute.devnet.DevnetFees.validators().hex(), PAID_BEFORE).send();
    }

    @Test
    void aNewLedgerOpensAtWhatTheChainHeldAndAccountsForEveryWeiFromThen() throws Exception {
        Rollup rollup = devnet().network().rollups().get(2);
        Address usdc = token(rollup, "USDC");
        Address validators = io.metaroute.devnet.DevnetFees.validators();
        awaitReport(java.time.Instant.now(), true);
        // the opening booking: each holding's line, and the equity account's on the other side
        var opening = db.sql("select chain_id, token, account, role, delta from cross_ledger where status = 'opening'")
                .map(r -> new io.metaroute.settlement.ledger.Posting(io.metaroute.core.chain.ChainId.of(r.get("chain_id", Long.class)),
                        Address.of(r.get("token", String.class)), Address.of(r.get("account", String.class)),
                        io.metaroute.settlement.ledger.Posting.Role.fromDb(r.get("role", String.class)),
                        new BigInteger(r.get("delta", java.math.BigDecimal.class).toPlainString())))
                .all().collectList().block();
        // the validators' holding opened at least at what was paid before, in its own role
        var validatorsLine = opening.stream().filter(p -> p.chain().equals(rollup.chainId()) && p.token().equals(usdc)
                && p.account().equals(validators)).toList();
        assertThat(validatorsLine).singleElement().satisfies(p -> {
            assertThat(p.role()).isEqualTo(io.metaroute.settlement.ledger.Posting.Role.VALIDATOR_FEES);
            assertThat(p.delta()).isGreaterThanOrEqualTo(PAID_BEFORE);
        });
        var equity = opening.stream().filter(p -> p.account().equals(Address.ZERO)).toList();
        assertThat(equity).allMatch(p -> p.role() == io.metaroute.settlement.ledger.Posting.Role.OPENING);
        assertThat(equity.stream().map(io.metaroute.settlement.ledger.Posting::delta).reduce(BigInteger.ZERO, BigInteger::add))
                .isEqualTo(opening.stream().filter(p -> !p.account().equals(Address.ZERO))
                        .map(io.metaroute.settlement.ledger.Posting::delta).reduce(BigInteger.ZERO, BigInteger::add).negate());
        // opened once: one mark, one booking
        assertThat(db.sql("select count(*) as n from cross_ledger_opening").map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1L);
        assertThat(db.sql("select count(distinct booking) as n from cross_ledger where status = 'opening'")
                .map(r -> r.get("n", Long.class)).one().block()).isLessThanOrEqualTo(1L);
        // and the books hold what the chain holds in that account, to the wei
        BigInteger booked = orders.postings().collectList().block().stream().filter(p -> p.chain().equals(rollup.chainId())
                && p.token().equals(usdc) && p.account().equals(validators)).map(io.metaroute.settlement.ledger.Posting::delta)
                .reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(awaitReport(java.time.Instant.now(), true).differences()).isEmpty();
        assertThat(booked).isEqualTo(devnet().balanceOf(rollup.chainId(), usdc, validators));
    }

    @Test
    void theLedgerBalancesAndReconcilesToTheWeiAndAPaymentItDidNotBookShowsAsADifference() throws Exception {
        Rollup from = devnet().network().rollups().get(2);
        Rollup to = devnet().network().rollups().get(0);
        DevAccount user = wallet(1);
        JsonNode quote = crossQuote(from, to, USDC.multiply(BigInteger.valueOf(123)).add(BigInteger.valueOf(4_567)).toString(),
                user, user, 600);
        String id = submit(walletSigns(quote.get("typedData"), user));
        JsonNode done = awaitStatus(id, List.of("released", "refunded", "rejected"), Duration.ofSeconds(90));
        assertThat(done.get("status").asText()).as("order %s", done).isEqualTo("released");

        var report = awaitReport(java.time.Instant.now(), true);
        assertThat(report.holdings()).isPositive();
        // double entry: every token on every rollup sums to zero over all lines
        var lines = orders.postings().collectList().block();
        assertThat(lines).isNotEmpty();
        var sums = lines.stream().collect(Collectors.groupingBy(p -> p.chain() + "/" + p.token(),
                Collectors.reducing(BigInteger.ZERO, io.metaroute.settlement.ledger.Posting::delta, BigInteger::add)));
        assertThat(sums.values()).allMatch(v -> v.signum() == 0);
        // the validators' account on the origin holds what the ledger paid it, read straight from the chain, and it is not nothing
        Address usdc = Address.of(quote.get("tokenIn").asText());
        Address validators = io.metaroute.devnet.DevnetFees.validators();
        BigInteger booked = lines.stream().filter(p -> p.chain().equals(from.chainId()) && p.token().equals(usdc)
                && p.account().equals(validators)).map(io.metaroute.settlement.ledger.Posting::delta).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(booked).isPositive().isEqualTo(devnet().balanceOf(from.chainId(), usdc, validators));

        // 7 base units paid to the validators' account outside any order: the chain has them, the ledger does not
        var web3j = devnet().web3j(from.chainId());
        var gas = new org.web3j.tx.gas.StaticGasProvider(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(300_000));
        io.metaroute.contracts.generated.TestToken.load(usdc.hex(), web3j, new org.web3j.tx.RawTransactionManager(web3j,
                        user.credentials(), from.chainId().value(), devnet().receiptProcessor(from.chainId())), gas)
                .transfer(validators.hex(), BigInteger.valueOf(7)).send();
        var off = awaitReport(java.time.Instant.now(), false);
        assertThat(off.differences()).singleElement().satisfies(d -> {
            assertThat(d.holding().chain()).isEqualTo(from.chainId());
            assertThat(d.holding().token()).isEqualTo(usdc);
            assertThat(d.holding().account()).isEqualTo(validators);
            assertThat(d.delta()).isEqualTo(BigInteger.valueOf(7));
        });
        JsonNode health = http.get().uri("/actuator/health").exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(health.at("/components/crossLedger/status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/crossLedger/details/differences/0/difference").asText()).isEqualTo("7");

        // the validators' account gives the 7 back: the books and the chain agree again
        var validatorsKey = io.metaroute.devnet.DevnetFees.validatorsKey();
        new org.web3j.tx.Transfer(web3j, new org.web3j.tx.RawTransactionManager(web3j, user.credentials(), from.chainId().value(),
                devnet().receiptProcessor(from.chainId()))).sendFunds(validators.hex(), new java.math.BigDecimal("0.01"),
                org.web3j.utils.Convert.Unit.ETHER).send();
        io.metaroute.contracts.generated.TestToken.load(usdc.hex(), web3j, new org.web3j.tx.RawTransactionManager(web3j,
                        validatorsKey, from.chainId().value(), devnet().receiptProcessor(from.chainId())), gas)
                .transfer(user.address().hex(), BigInteger.valueOf(7)).send();
        awaitReport(java.time.Instant.now(), true);
    }
}
