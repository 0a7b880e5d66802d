package io.metaroute.api.rfq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.ApiTestBase;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetMaker;
import java.math.BigInteger;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The example market maker, as a real node process, streams signed quotes better than the pools'
 * mid price; a wallet's quote routes through the maker, and the intent settles through the
 * settler on the devnet paying the wallet exactly the quoted output, with the maker paid its side.
 */
@TestPropertySource(properties = {"metaroute.rfq.makers=0x" + MarketMakerRfqTest.MAKER_HEX, "metaroute.rfq.min-life=3s"})
class MarketMakerRfqTest extends ApiTestBase {
    /** {@link DevnetMaker#credentials()}'s address, as the example bot derives it. */
    static final String MAKER_HEX = "fbb5f48ee7ab91c2119f63b3b8db966deb176d0f";
    static MakerBot bot;

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeAll
    static void fund() {
        DevnetMaker.fund(devnet());
    }

    @AfterAll
    static void stop() throws Exception {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void theBotsQuoteWinsTheRouteAndSettlesPayingExactlyTheQuote() throws Exception {
        // 3% better than the direct pool's mid: earlier test classes move the shared devnet's market (its market activity), and
        // a moved direct pool can price below another path; a generous maker wins whatever the pools did before this class
        bot = MakerBot.start("http://127.0.0.1:" + port, Map.of("EDGE_BPS", "-300", "REFRESH", "5"), 2);
        Rollup r = gaming();
        Address maker = Address.of(DevnetMaker.credentials().getAddress());
        Address usdc = token(r, "USDC");
        Address weth = token(r, "WETH");
        var wallet = wallet(0);

        JsonNode quote = quote(r, "USDC", "WETH", "2500000000", wallet);
        var makerLegs = StreamSupport.stream(quote.get("route").get("legs").spliterator(), false)
                .filter(l -> l.has("maker")).toList();
        assertThat(makerLegs).as("a leg takes the maker's quote: %s", quote.get("route")).hasSize(1);
        assertThat(makerLegs.getFirst().get("maker").asText()).isEqualToIgnoringCase(maker.hex());
        BigInteger makerIn = new BigInteger(makerLegs.getFirst().get("amountIn").asText());

        BigInteger walletWethBefore = devnet().balanceOf(r.chainId(), weth, wallet.address());
        BigInteger makerUsdcBefore = devnet().balanceOf(r.chainId(), usdc, maker);
        JsonNode done = awaitFinished(submit(signTyped(quote.get("typedData"), wallet)));

        assertThat(done.get("status").asText()).as("%s", done).isEqualTo("filled");
        String quoted = quote.get("expectedAmountOut").asText();
        assertThat(done.get("realisedAmountOut").asText()).isEqualTo(quoted);
        assertThat(devnet().balanceOf(r.chainId(), weth, wallet.address()).subtract(walletWethBefore))
                .isEqualTo(new BigInteger(quoted));
        assertThat(devnet().balanceOf(r.chainId(), usdc, maker).subtract(makerUsdcBefore)).isEqualTo(makerIn);

        JsonNode makers = http.get().uri("/v1/rfq/makers").exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        JsonNode standing = makers.get("makers").get(0);
        assertThat(standing.get("maker").asText()).isEqualToIgnoringCase(maker.hex());
        assertThat(standing.get("used").asDouble()).isGreaterThan(0.9);
        assertThat(standing.get("failed").asDouble()).isZero();
        assertThat(meters.counter("metaroute.rfq.quotes.used", "maker", maker.hex()).count()).isEqualTo(1.0);
        assertThat(meters.counter("metaroute.rfq.quotes.received", "chain", r.chainId().toString()).count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("metaroute.rfq.makers.connected").gauge().value()).isEqualTo(1.0);
        // the quote and the intent asked the bot for quotes, and it answered
        assertThat(bot.lines("for rfq")).isNotEmpty();
    }
}
