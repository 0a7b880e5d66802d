package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Coincidence of wants through the whole service on a real rollup: two opposite intents posted
 * together are matched by the batch, settled in one settler transaction, and each user receives
 * more than the best route alone would have paid, exactly as quoted.
 */
class MatchedIntentsTest extends ApiTestBase {

    @Test
    void oppositeIntentsPostedTogetherSettleInOneTransactionAndBothBeatTheirRouteAlone() throws Exception {
        Rollup r = gaming();
        DevAccount buyer = wallet(1);
        DevAccount seller = wallet(2);
        Address usdc = token(r, "USDC");
        Address weth = token(r, "WETH");
        JsonNode buyQuote = quote(r, "USDC", "WETH", "1500000000", buyer); // 1,500 USDC for WETH
        JsonNode sellQuote = quote(r, "WETH", "USDC", "200000000000000000", seller); // 0.2 WETH for USDC
        BigInteger buyAlone = new BigInteger(buyQuote.get("expectedAmountOut").asText());
        BigInteger sellAlone = new BigInteger(sellQuote.get("expectedAmountOut").asText());
        BigInteger buyerWethBefore = devnet().balanceOf(r.chainId(), weth, buyer.address());
        BigInteger sellerUsdcBefore = devnet().balanceOf(r.chainId(), usdc, seller.address());
        Map<String, Object> buy = signTyped(buyQuote.get("typedData"), buyer);
        Map<String, Object> sell = signTyped(sellQuote.get("typedData"), seller);

        List<String> ids;
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Callable<String>> posts = List.of(() -> submit(buy), () -> submit(sell));
            ids = pool.invokeAll(posts).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        JsonNode bought = awaitFinished(ids.get(0));
        JsonNode sold = awaitFinished(ids.get(1));

        for (JsonNode done : List.of(bought, sold)) {
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("filled");
            assertThat(done.at("/route/kind").asText()).isEqualTo("coincidence_of_wants");
            assertThat(done.get("realisedAmountOut").asText()).isEqualTo(done.get("quotedAmountOut").asText());
            assertThat(done.get("history")).extracting(h -> h.get("status").asText())
                    .containsExactly("received", "routed", "submitted", "filled");
        }
        assertThat(bought.get("txHash").asText()).isEqualTo(sold.get("txHash").asText());
        BigInteger boughtWeth = new BigInteger(bought.get("realisedAmountOut").asText());
        BigInteger soldFor = new BigInteger(sold.get("realisedAmountOut").asText());
        assertThat(devnet().balanceOf(r.chainId(), weth, buyer.address()).subtract(buyerWethBefore)).isEqualTo(boughtWeth);
        assertThat(devnet().balanceOf(r.chainId(), usdc, seller.address()).subtract(sellerUsdcBefore)).isEqualTo(soldFor);
        // Both get more than their best route alone paid on the market they were quoted on.
        assertThat(boughtWeth).isGreaterThan(buyAlone);
        assertThat(soldFor).isGreaterThan(sellAlone);
        // Nothing stays in the settler, and each intent's ledger lines balance per token.
        for (Address token : List.of(usdc, weth)) {
            assertThat(devnet().balanceOf(r.chainId(), token, r.settler())).isZero();
        }
        // The other side of each matched intent is booked to the matched account, not to the pools.
        List<String> accounts = db.sql("select distinct account from ledger_entries where tx_hash = :tx")
                .bind("tx", bought.get("txHash").asText()).map(row -> row.get("account", String.class)).all().collectList().block();
        assertThat(accounts).contains("matched").doesNotContain("pools");
        for (String id : ids) {
            List<BigInteger> sums = db.sql("select sum(delta) as s from ledger_entries where intent_id = :id::uuid group by token")
                    .bind("id", id).map(row -> row.get("s", java.math.BigDecimal.class).toBigIntegerExact()).all()
                    .collectList().block();
            assertThat(sums).hasSize(2).allMatch(s -> s.signum() == 0);
        }
    }
}
