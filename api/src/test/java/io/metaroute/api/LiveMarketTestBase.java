package io.metaroute.api;

import io.metaroute.core.network.FinalityState;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.devnet.MarketActivity;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;

/**
 * The service on a moving devnet market, as a wallet or a dashboard watches it: the devnet's market
 * activity trades while the class runs, the solver lends USDC on every rollup, and a cross saga of
 * the class's own runs (validators and relayer with the devnet's keys), so cross-rollup routes exist
 * and cross-rollup orders move. The public stream's limits are small enough to reach in a test. The
 * context is closed after the class, so that its saga and relayer do not outlive it.
 */
@DirtiesContext
abstract class LiveMarketTestBase extends ApiTestBase {
    static final int RATE = 2;
    static final int MAX_SUBSCRIPTIONS = 8;
    static final int MAX_UNREAD = 8;
    private static MarketActivity activity;

    @DynamicPropertySource
    static void liveMarket(DynamicPropertyRegistry registry) {
        registry.add("metaroute.stream.max-updates-per-second", () -> RATE);
        registry.add("metaroute.stream.max-subscriptions", () -> MAX_SUBSCRIPTIONS);
        registry.add("metaroute.stream.max-unread", () -> MAX_UNREAD);
        registry.add("metaroute.stream.unread-timeout", () -> "20s");
        registry.add("metaroute.metalayer.validator-keys", () -> hex(DevnetValidators.keys(FinalityState.INSTANT)));
        registry.add("metaroute.metalayer.finalized-validator-keys", () -> hex(DevnetValidators.keys(FinalityState.FINALIZED)));
        registry.add("metaroute.metalayer.relayer-key",
                () -> devnet().relayer().credentials().getEcKeyPair().getPrivateKey().toString(16));
        registry.add("metaroute.cross.enabled", () -> "true");
        registry.add("metaroute.cross.max-batch-wait", () -> "500ms");
        registry.add("metaroute.inventory.limits", () -> devnet().network().rollups().stream()
                .map(r -> r.chainId().value() + ":USDC:1000000000000").collect(Collectors.joining(",")));
        registry.add("metaroute.inventory.refresh-every", () -> "1s");
    }

    private static String hex(List<Credentials> keys) {
        return keys.stream().map(k -> k.getEcKeyPair().getPrivateKey().toString(16)).collect(Collectors.joining(","));
    }

    /** Slippage for intents posted while the market moves: trades between quote and fill move prices by up to 0.3% each. */
    static final int MOVING_SLIPPAGE_BPS = 500;

    /** A same-rollup quote ({@code destination} null) or a cross-rollup one, at {@link #MOVING_SLIPPAGE_BPS}. */
    protected com.fasterxml.jackson.databind.JsonNode movingQuote(io.metaroute.core.network.Rollup from,
            io.metaroute.core.network.Rollup destination, String in, String out, String amount, io.metaroute.devnet.DevAccount user) {
        var body = new java.util.LinkedHashMap<String, Object>(java.util.Map.of("chainId", from.chainId().value(), "tokenIn", in,
                "tokenOut", out, "amountIn", amount, "slippageBps", MOVING_SLIPPAGE_BPS, "user", user.address().hex()));
        if (destination != null) {
            body.put("destinationChainId", destination.chainId().value());
        }
        return patientHttp().post().uri("/v1/quotes").bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(com.fasterxml.jackson.databind.JsonNode.class).returnResult().getResponseBody();
    }

    @BeforeAll
    static void moveTheMarket() {
        // every swap moves a pool (a new market version, new answers to stream) by at most a millionth of a reserve: later
        // test classes on the shared devnet expect its prices where the devnet seeded them (within a basis point)
        activity = MarketActivity.start(devnet(), 10, 0.000001, 12);
    }

    @AfterAll
    static void stopTheMarket() {
        activity.close();
    }
}
