package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.intents.IntentIntake;
import io.metaroute.pipeline.single.IntentProcessor;
import io.metaroute.api.persistence.InsertOutcome;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.pipeline.intent.IntentRow;
import io.metaroute.pipeline.intent.IntentStatus;
import io.metaroute.pipeline.intent.Transition;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.route.Route;
import io.metaroute.devnet.DevAccount;
import io.metaroute.execution.fill.FillExecutor;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A process can die between any two steps. These tests leave intents exactly where such a crash
 * would, then run the start-up recovery, and check each intent is filled once: never lost,
 * never paid twice.
 */
class CrashRecoveryTest extends ApiTestBase {
    @Autowired IntentIntake intake;
    @Autowired IntentRepository repository;
    @Autowired IntentProcessor processor;
    @Autowired Map<ChainId, FillExecutor> executors;
    @Autowired MarketStore market;
    @Autowired Router finder;
    @Autowired ObjectMapper json;

    @Test
    void anIntentStoredButNeverProcessedIsFilledOnRecovery() {
        DevAccount wallet = wallet(2);
        UUID id = storeWithoutProcessing(wallet);
        BigInteger before = wethOf(wallet);

        processor.recover().block();

        IntentRow done = awaitFinished(id);
        assertThat(done.status()).isEqualTo(IntentStatus.FILLED);
        assertThat(wethOf(wallet).subtract(before)).isEqualTo(done.realisedAmountOut());
    }

    @Test
    void aFillSignedAndStoredButNeverSentIsSentOnceOnRecovery() {
        DevAccount wallet = wallet(2);
        UUID id = storeWithoutProcessing(wallet);
        BigInteger before = wethOf(wallet);
        PreparedTransaction tx = signAndStoreFill(id);

        processor.recover().block();

        IntentRow done = awaitFinished(id);
        assertThat(done.status()).isEqualTo(IntentStatus.FILLED);
        assertThat(done.txHash()).isEqualTo(tx.hash());
        assertThat(wethOf(wallet).subtract(before)).isEqualTo(done.realisedAmountOut());
    }

    @Test
    void aFillSentButNotRecordedIsFollowedNotRepeated() {
        DevAccount wallet = wallet(2);
        UUID id = storeWithoutProcessing(wallet);
        BigInteger before = wethOf(wallet);
        PreparedTransaction tx = signAndStoreFill(id);
        FillExecutor executor = executors.get(gaming().chainId());
        executor.broadcast(tx).block();
        executor.await(tx.hash()).block(); // mined before the "restart"

        processor.recover().block();
        IntentRow done = awaitFinished(id);
        processor.recover().block(); // a second restart changes nothing

        assertThat(done.status()).isEqualTo(IntentStatus.FILLED);
        assertThat(wethOf(wallet).subtract(before)).as("paid exactly once").isEqualTo(done.realisedAmountOut());
        assertThat(repository.find(id).block().status()).isEqualTo(IntentStatus.FILLED);
        long ledgerLines = db.sql("select count(*) as n from ledger_entries where intent_id = :id").bind("id", id)
                .map(r -> r.get("n", Long.class)).one().block();
        assertThat(ledgerLines).isEqualTo(4);
    }

    @Test
    void aFillThatIsNeverMinedFailsOnceTheDeadlineHasPassedAndNothingMoves() throws Exception {
        DevAccount wallet = wallet(2);
        Rollup r = gaming();
        UUID id = storeWithoutProcessing(wallet, java.time.Instant.now().getEpochSecond() + 3);
        BigInteger usdcBefore = devnet().balanceOf(r.chainId(), token(r, "USDC"), wallet.address());
        IntentRow row = repository.find(id).block();
        var i = row.intent();
        Route route = ((RouteOutcome.Found) finder.route(market.current(),
                new RouteRequest(i.originChainId(), i.tokenIn(), i.tokenOut(), i.amountIn()))).route();
        // a fill signed with a nonce the executor will not reach: the chain queues it and never mines it
        var executorKey = devnet().executor().credentials();
        long pending = devnet().web3j(r.chainId()).ethGetTransactionCount(executorKey.getAddress(),
                org.web3j.protocol.core.DefaultBlockParameterName.PENDING).send().getTransactionCount().longValueExact();
        var raw = org.web3j.crypto.RawTransaction.createTransaction(BigInteger.valueOf(pending + 1_000), BigInteger.valueOf(2_000_000_000L),
                BigInteger.valueOf(500_000), r.settler().hex(), BigInteger.ZERO,
                io.metaroute.execution.fill.SettlerAbi.encodeFill(i, IntentSignature.parse(row.signature()), route));
        byte[] signed = org.web3j.crypto.TransactionEncoder.signMessage(raw, r.chainId().value(), executorKey);
        String hash = org.web3j.utils.Numeric.toHexString(org.web3j.crypto.Hash.sha3(signed));
        assertThat(repository.transition(id, IntentStatus.RECEIVED, Transition.to(IntentStatus.ROUTED, "test")).block()).isTrue();
        assertThat(repository.transition(id, IntentStatus.ROUTED, Transition.to(IntentStatus.SUBMITTED, "test")
                .tx(hash, org.web3j.utils.Numeric.toHexString(signed))).block()).isTrue();

        processor.recover().block();

        IntentRow done = awaitFinished(id);
        assertThat(done.status()).isEqualTo(IntentStatus.FAILED);
        assertThat(done.reason()).isEqualTo("not_mined");
        assertThat(devnet().balanceOf(r.chainId(), token(r, "USDC"), wallet.address())).isEqualTo(usdcBefore);
    }

    @Test
    void aMatchSignedAndStoredButNeverSentIsSentOnceAndEachMemberFilledByIt() {
        Rollup r = gaming();
        UUID buyer = storeMatchBuyerWithoutProcessing(wallet(1));
        UUID seller = storeMatchSellerWithoutProcessing(wallet(2));
        BigInteger wethBefore = wethOf(wallet(1));
        BigInteger daiBefore = devnet().balanceOf(r.chainId(), token(r, "DAI"), wallet(2).address());
        var match = matchOf(buyer, seller);
        List<IntentRow> rows = List.of(repository.find(buyer).block(), repository.find(seller).block());
        for (int k = 0; k < 2; k++) {
            assertThat(repository.transition(rows.get(k).id(), IntentStatus.RECEIVED, Transition.to(IntentStatus.ROUTED, "test")
                    .quoted(match.members().get(k).amountOut(), null)).block()).isTrue();
        }
        PreparedTransaction tx = executors.get(r.chainId()).prepareSettle(rows.stream().map(IntentRow::intent).toList(),
                rows.stream().map(x -> IntentSignature.parse(x.signature())).toList(), match.steps(), match.amountsOut()).block();
        assertThat(repository.transitionAll(List.of(buyer, seller), IntentStatus.ROUTED,
                Transition.to(IntentStatus.SUBMITTED, "test").tx(tx.hash(), tx.raw())).block()).isTrue();

        processor.recover().block(); // both members resend the same bytes: the chain takes them once
        IntentRow bought = awaitFinished(buyer);
        IntentRow sold = awaitFinished(seller);
        processor.recover().block();

        assertThat(List.of(bought, sold)).allMatch(x -> x.status() == IntentStatus.FILLED && x.txHash().equals(tx.hash()));
        assertThat(bought.realisedAmountOut()).isEqualTo(match.members().get(0).amountOut());
        assertThat(sold.realisedAmountOut()).isEqualTo(match.members().get(1).amountOut());
        assertThat(wethOf(wallet(1)).subtract(wethBefore)).isEqualTo(bought.realisedAmountOut());
        assertThat(devnet().balanceOf(r.chainId(), token(r, "DAI"), wallet(2).address()).subtract(daiBefore))
                .isEqualTo(sold.realisedAmountOut());
    }

    @Test
    void aMatchQuotedButNeverSignedIsRoutedMemberByMemberOnRecovery() {
        UUID buyer = storeMatchBuyerWithoutProcessing(wallet(1));
        UUID seller = storeMatchSellerWithoutProcessing(wallet(2));
        var match = matchOf(buyer, seller);
        List<UUID> ids = List.of(buyer, seller);
        for (int k = 0; k < 2; k++) {
            assertThat(repository.transition(ids.get(k), IntentStatus.RECEIVED, Transition.to(IntentStatus.ROUTED, "test")
                    .quoted(match.members().get(k).amountOut(), null)).block()).isTrue();
        }

        processor.recover().block();
        IntentRow bought = awaitFinished(buyer);
        IntentRow sold = awaitFinished(seller);

        // No settlement transaction was stored, so none is sent: each member gets its own fill.
        assertThat(List.of(bought, sold)).allMatch(x -> x.status() == IntentStatus.FILLED);
        assertThat(bought.txHash()).isNotEqualTo(sold.txHash());
    }

    /** The match the batch's first stage makes of a stored buyer and seller, on the current market. */
    io.metaroute.solver.cow.MatchSettlement matchOf(UUID buyer, UUID seller) {
        var stage = new io.metaroute.solver.batch.MatchStage(io.metaroute.solver.cow.Assets.bySymbol(devnet().network()),
                new io.metaroute.solver.cow.MatchSettler(
                        // a match to recover from, whatever the live gas price: its rest is routed without gas
                        new Router(devnet().network(), io.metaroute.solver.routing.RouterSettings.withoutGas())));
        var now = java.time.Instant.now();
        var staged = stage.stage(1, List.of(new io.metaroute.solver.batch.BatchIntent(1, repository.find(buyer).block().intent(), now),
                new io.metaroute.solver.batch.BatchIntent(2, repository.find(seller).block().intent(), now)), market.current());
        assertThat(staged.matched()).hasSize(2);
        return staged.matched().getFirst().match();
    }

    /**
     * The two members of the match fixtures: a buyer of WETH for 300 DAI and a seller of 0.05 WETH for
     * DAI, on gaming, stored and not handed to the processor. DAI/WETH, not USDC/WETH: the match clears
     * at the mid price of the pair's deepest direct pool, and on gaming the direct USDC/WETH pool is the
     * shallow one that single fills go through when gas is priced live (one leg costs less gas than
     * the deep USDC-USDT-WETH path); after the fills of other tests its mid drifts far enough from
     * that path that the buyer would get less from the match than alone, and the settler refuses the
     * match, as it must. A match at the mid of the deep DAI/WETH pool beats either member's route alone,
     * which pays that pool's fee.
     */
    UUID storeMatchBuyerWithoutProcessing(DevAccount wallet) {
        return storeSwapWithoutProcessing(wallet, "DAI", new BigInteger("300000000000000000000"), "WETH");
    }

    UUID storeMatchSellerWithoutProcessing(DevAccount wallet) {
        return storeSwapWithoutProcessing(wallet, "WETH", new BigInteger("50000000000000000"), "DAI");
    }

    UUID storeSwapWithoutProcessing(DevAccount wallet, String in, BigInteger amountIn, String out) {
        Rollup r = gaming();
        var intent = new io.metaroute.core.intent.SwapIntent(wallet.address(), wallet.address(), freshNonce(), r.chainId(),
                r.chainId(), token(r, in), amountIn, token(r, out), BigInteger.ONE, java.time.Instant.now().getEpochSecond() + 600);
        var verified = intake.verify(json.valueToTree(signedBody(intent, domainOf(r), wallet.credentials())));
        var outcome = repository.insert(verified.intentHash(), verified.intent(), verified.signature().toHex()).block();
        return ((InsertOutcome.Created) outcome).id();
    }

    UUID storeWithoutProcessing(DevAccount wallet) {
        return storeWithoutProcessing(wallet, java.time.Instant.now().getEpochSecond() + 600);
    }

    /** What the intake does, minus handing the id to the processor: as if the process died right after the 202. */
    UUID storeWithoutProcessing(DevAccount wallet, long deadline) {
        var intent = intent(wallet, BigInteger.valueOf(300_000_000), BigInteger.ONE, deadline);
        var body = json.valueToTree(signedBody(intent, domainOf(gaming()), wallet.credentials()));
        var verified = intake.verify(body);
        var outcome = repository.insert(verified.intentHash(), verified.intent(), verified.signature().toHex()).block();
        return ((InsertOutcome.Created) outcome).id();
    }

    /** Routes, signs and stores the fill transaction exactly as the processor does, without sending it. */
    PreparedTransaction signAndStoreFill(UUID id) {
        IntentRow row = repository.find(id).block();
        var i = row.intent();
        Route route = ((RouteOutcome.Found) finder.route(market.current(),
                new RouteRequest(i.originChainId(), i.tokenIn(), i.tokenOut(), i.amountIn()))).route();
        assertThat(repository.transition(id, IntentStatus.RECEIVED,
                Transition.to(IntentStatus.ROUTED, "test").quoted(route.amountOut(), null)).block()).isTrue();
        PreparedTransaction tx = executors.get(i.originChainId()).prepare(i, IntentSignature.parse(row.signature()), route).block();
        assertThat(repository.transition(id, IntentStatus.ROUTED,
                Transition.to(IntentStatus.SUBMITTED, "test").tx(tx.hash(), tx.raw())).block()).isTrue();
        return tx;
    }

    BigInteger wethOf(DevAccount wallet) {
        Rollup r = gaming();
        return devnet().balanceOf(r.chainId(), token(r, "WETH"), wallet.address());
    }

    IntentRow awaitFinished(UUID id) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        IntentRow row = null;
        while (System.nanoTime() < until) {
            row = repository.find(id).block();
            if (row.status().finished()) {
                return row;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("intent " + id + " did not finish: " + row);
    }
}
