package io.metaroute.api.rfq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.ApiTestBase;
import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.rfq.MakerQuote;
import io.metaroute.core.rfq.MakerQuoteTypedData;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.devnet.DevnetMaker;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;

/**
 * Fault test: market makers that send malformed, unsigned, badly signed, expired, crossed, replayed
 * or unauthorised quotes get each refused with its reason on the socket, counted by reason, and
 * never routed; a maker whose quote fails at execution (it never approved the settler) is recorded
 * as faded and declined, and the intent that met its quote settles through the pools instead.
 */
@TestPropertySource(properties = {"metaroute.rfq.makers=" + HostileMakerTest.MAKER_A + "," + HostileMakerTest.MAKER_B})
class HostileMakerTest extends ApiTestBase {
    static final Credentials A = Credentials.create("0x" + "a1".repeat(32));
    static final Credentials B = Credentials.create("0x" + "b2".repeat(32));
    static final String MAKER_A = "0x5d5c99edf529335160ff180fa141dd4967fc00d2";
    static final String MAKER_B = "0x75e0de31eca89159a26b09cc3b5ef4736a4f8969";
    static final Credentials STRANGER = Credentials.create("0x" + "c3".repeat(32));
    private static final SecureRandom RANDOM = new SecureRandom();

    @LocalServerPort
    int port;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theTestKeysAreTheAllowedMakers() {
        assertThat(A.getAddress()).isEqualTo(MAKER_A);
        assertThat(B.getAddress()).isEqualTo(MAKER_B);
    }

    @Test
    void hostileQuotesAreRefusedWithTheirReasonAndNeverRouted() throws Exception {
        Rollup r = gaming();
        Address usdc = token(r, "USDC");
        Address usdt = token(r, "USDT");
        Address weth = token(r, "WETH");
        long now = Instant.now().getEpochSecond();
        try (var socket = MakerSocket.loggedIn(port, A)) {
            assertThat(socket.next().get("type").asText()).isEqualTo("ready");

            socket.send("{not json");
            assertRefused(socket, "malformed");
            socket.send("{\"type\":\"quote\",\"chainId\":" + r.chainId().value() + "}");
            assertRefused(socket, "malformed");
            var good = quote(A, r, usdc, usdt, 1_000_000_000, 900_000_000, now + 30);
            socket.send(MakerSocket.quote(good).replace("\"amountIn\":\"1000000000\"", "\"amountIn\":1000000000"));
            assertRefused(socket, "malformed");
            socket.send(MakerSocket.quote(good).replace("\"nonce\"", "\"extra\":\"1\",\"nonce\""));
            assertRefused(socket, "malformed");

            socket.send(MakerSocket.quote(good, null));
            assertRefused(socket, "unsigned");
            socket.send(MakerSocket.quote(good, "0x1234"));
            assertRefused(socket, "bad_signature");
            socket.send(MakerSocket.quote(good, highS(good.signature())));
            assertRefused(socket, "bad_signature");
            var byStranger = quote(A, r, usdc, usdt, 1_000_000_000, 900_000_000, now + 30);
            socket.send(MakerSocket.quote(byStranger, MakerSocket.sign(MakerQuoteTypedData.digest(domain(r), byStranger.quote()),
                    STRANGER).toHex()));
            assertRefused(socket, "bad_signature");

            socket.send(MakerSocket.quote(quote(A, r, usdc, usdt, 1_000_000_000, 900_000_000, now - 1)));
            assertRefused(socket, "expired");
            socket.send(MakerSocket.quote(quote(A, r, usdc, usdt, 1_000_000_000, 900_000_000, now + 3_600)));
            assertRefused(socket, "expiry_too_far");
            socket.send(MakerSocket.quote(quote(A, r, usdc, Address.of("0x00000000000000000000000000000000000000e1"), 1, 1, now + 30)));
            assertRefused(socket, "unknown_token");
            socket.send(MakerSocket.quote(quote(B, r, usdc, usdt, 1_000_000_000, 900_000_000, now + 30)));
            assertRefused(socket, "unauthorised");

            socket.send(MakerSocket.quote(good));
            JsonNode accepted = socket.next();
            assertThat(accepted.get("type").asText()).as("%s", accepted).isEqualTo("accepted");
            assertThat(accepted.get("venue").asText()).isEqualTo(good.venue().hex());
            socket.send(MakerSocket.quote(good));
            assertRefused(socket, "replayed");
            // the other way at a price that, with the first, pays more than it takes
            var crossed = quote(A, r, usdt, usdc, 1_000_000_000, 1_112_000_000, now + 30);
            socket.send(MakerSocket.quote(crossed));
            assertRefused(socket, "crossed");

            // only the one good quote stands, and no route takes a refused one
            JsonNode makers = http.get().uri("/v1/rfq/makers").exchange().expectStatus().isOk().expectBody(JsonNode.class)
                    .returnResult().getResponseBody();
            var venues = StreamSupport.stream(makers.get("makers").spliterator(), false)
                    .filter(m -> m.get("maker").asText().equalsIgnoreCase(MAKER_A))
                    .flatMap(m -> StreamSupport.stream(m.get("quotes").spliterator(), false))
                    .map(q -> q.get("venue").asText()).toList();
            assertThat(venues).containsExactly(good.venue().hex());
            JsonNode q = quote(r, "USDT", "USDC", "1000000000", wallet(1));
            assertThat(StreamSupport.stream(q.get("route").get("legs").spliterator(), false).filter(l -> l.has("maker")))
                    .as("the crossed quote is not a venue").isEmpty();
        }
        for (String reason : List.of("malformed", "unsigned", "bad_signature", "expired", "expiry_too_far", "unknown_token",
                "unauthorised", "replayed", "crossed")) {
            assertThat(meters.counter("metaroute.rfq.quotes.refused", "reason", reason).count()).as(reason).isGreaterThan(0);
        }
        assertThat(meters.counter("metaroute.rfq.quotes.refused", "reason", "malformed").count()).isGreaterThanOrEqualTo(4);
        assertThat(meters.counter("metaroute.rfq.quotes.refused", "reason", "bad_signature").count()).isGreaterThanOrEqualTo(3);
        if (meters.find("metaroute.rfq.quotes.used").counters().stream().anyMatch(c -> c.count() > 0)) {
            throw new AssertionError("a refused quote was used");
        }
    }

    @Test
    void strangersAndSilentSocketsAreNotLetIn() throws Exception {
        try (var stranger = MakerSocket.loggedIn(port, STRANGER)) {
            assertRefused(stranger, "unauthorised");
            assertThat(stranger.closedWithin(Duration.ofSeconds(5))).isNotNull()
                    .satisfies(s -> assertThat(s.getCode()).isEqualTo(1008));
        }
        try (var socket = new MakerSocket(port)) {
            JsonNode challenge = socket.next();
            // a login signed over another challenge
            socket.send(MakerSocket.login(A, "Metaroute RFQ login 0x" + "00".repeat(32)));
            assertRefused(socket, "unauthorised");
            assertThat(socket.closedWithin(Duration.ofSeconds(5))).isNotNull();
            assertThat(challenge.get("challenge").asText()).hasSize(66);
        }
        try (var socket = new MakerSocket(port)) {
            socket.next(); // the challenge
            long now = Instant.now().getEpochSecond();
            Rollup r = gaming();
            socket.send(MakerSocket.quote(quote(A, r, token(r, "USDC"), token(r, "USDT"), 10, 9, now + 30)));
            assertRefused(socket, "unauthorised");
        }
    }

    @Test
    void aMakerThatDoesNotPayIsFadedAndTheIntentSettlesThroughThePools() throws Exception {
        Rollup r = gaming();
        DevnetMaker.fund(devnet(), B.getAddress(), 1_000); // it holds WETH, but never approves the settler
        var wallet = wallet(2);
        // the wallet signs at the pools' price, before the maker quotes
        JsonNode pools = quote(r, "USDC", "WETH", "2500000000", wallet);
        assertThat(pools.get("route").get("legs").toString()).doesNotContain("maker");
        long now = Instant.now().getEpochSecond();
        try (var socket = MakerSocket.loggedIn(port, B)) {
            assertThat(socket.next().get("type").asText()).isEqualTo("ready");
            // 2,500 USDC for 9 WETH: far better than any pool
            var generous = quote(B, r, token(r, "USDC"), token(r, "WETH"), 2_500_000_000L, 9_000_000_000_000_000_000L,
                    now + 60);
            socket.send(MakerSocket.quote(generous));
            assertThat(socket.next().get("type").asText()).isEqualTo("accepted");
            JsonNode withMaker = quote(r, "USDC", "WETH", "2500000000", wallet);
            assertThat(withMaker.get("route").get("legs").toString().toLowerCase()).as("the generous quote wins")
                    .contains(generous.venue().hex());

            JsonNode done = awaitFinished(submit(signTyped(pools.get("typedData"), wallet)));
            assertThat(done.get("status").asText()).as("%s", done).isEqualTo("filled");
            assertThat(new BigInteger(done.get("realisedAmountOut").asText()))
                    .isGreaterThanOrEqualTo(new BigInteger(pools.get("minAmountOut").asText()));
            assertThat(done.get("route").get("legs").toString()).as("routed again without the maker").doesNotContain("maker");
            assertThat(done.toString()).contains("MakerTransferFailed");

            JsonNode standing = StreamSupport.stream(http.get().uri("/v1/rfq/makers").exchange().expectBody(JsonNode.class)
                            .returnResult().getResponseBody().get("makers").spliterator(), false)
                    .filter(m -> m.get("maker").asText().equalsIgnoreCase(MAKER_B)).findFirst().orElseThrow();
            assertThat(standing.get("failed").asDouble()).isGreaterThan(0.9);
            assertThat(standing.get("declined").asBoolean()).isTrue();
            assertThat(standing.get("quotes")).isEmpty();
            // the quotes and the intent asked the maker for a firm quote of the trade
            JsonNode request = socket.nextRequest();
            assertThat(request.get("chainId").asLong()).isEqualTo(r.chainId().value());
            assertThat(request.get("tokenIn").asText()).isEqualToIgnoringCase(token(r, "USDC").hex());
            assertThat(request.get("amountIn").asText()).isEqualTo("2500000000");
            assertThat(meters.counter("metaroute.rfq.quotes.failed", "maker", MAKER_B, "reason", "MakerTransferFailed").count())
                    .isEqualTo(1.0);
            socket.send(MakerSocket.quote(quote(B, r, token(r, "USDC"), token(r, "WETH"), 1_000_000L, 1_000L, now + 60)));
            assertRefused(socket, "faded");
        }
    }

    @Test
    void aMakerThatDeclaresItsPairsIsAskedOnlyAboutThemAndBadDeclarationsAreRefused() throws Exception {
        Rollup r = gaming();
        String usdc = token(r, "USDC").checksummed();
        String weth = token(r, "WETH").checksummed();
        String usdt = token(r, "USDT").checksummed();
        long chain = r.chainId().value();
        try (var early = new MakerSocket(port)) {
            early.next(); // the challenge
            early.send(MakerSocket.cover(List.of(List.of(chain, usdc, weth))));
            assertRefused(early, "unauthorised");
        }
        var wallet = wallet(1);
        try (var socket = MakerSocket.loggedIn(port, A)) {
            assertThat(socket.next().get("type").asText()).isEqualTo("ready");
            socket.send("{\"type\":\"cover\"}");
            assertThat(assertRefused(socket, "malformed").get("detail").asText()).contains("pairs");
            socket.send(MakerSocket.cover(List.of(List.of(1L, usdc, weth))));
            assertThat(assertRefused(socket, "unknown_chain").get("detail").asText()).contains("pairs[0].chainId");
            socket.send(MakerSocket.cover(List.of(List.of(chain, usdc, "0x" + "77".repeat(20)))));
            assertThat(assertRefused(socket, "unknown_token").get("detail").asText()).contains("pairs[0].tokenOut");
            socket.send(MakerSocket.cover(List.of(List.of(chain, usdc, weth), List.of(chain, usdt, usdt))));
            assertThat(assertRefused(socket, "malformed").get("detail").asText()).contains("pairs[1].tokenOut");
            socket.send("{\"type\":\"cover\",\"pairs\":[{\"chainId\":" + chain + ",\"tokenIn\":\"" + usdc
                    + "\",\"tokenOut\":\"" + weth + "\",\"size\":1}]}");
            assertThat(assertRefused(socket, "malformed").get("detail").asText()).contains("size");

            socket.send(MakerSocket.cover(List.of(List.of(chain, usdc, weth))));
            JsonNode covering = socket.next();
            assertThat(covering.get("type").asText()).as("%s", covering).isEqualTo("covering");
            assertThat(covering.get("pairs").asInt()).isEqualTo(1);
            // asked about USDC for USDT first, then USDC for WETH: only the declared pair reaches the maker
            quote(r, "USDC", "USDT", "1000000", wallet);
            quote(r, "USDC", "WETH", "1000000", wallet);
            JsonNode request = socket.nextRequest();
            assertThat(request.get("tokenIn").asText()).isEqualToIgnoringCase(usdc);
            assertThat(request.get("tokenOut").asText()).isEqualToIgnoringCase(weth);
            assertThat(socket.requestWithin(Duration.ofSeconds(1))).as("no request for an undeclared pair").isNull();

            // an empty declaration stops requests
            socket.send(MakerSocket.cover(List.of()));
            assertThat(socket.next().get("pairs").asInt()).isZero();
            quote(r, "USDC", "WETH", "1000000", wallet);
            assertThat(socket.requestWithin(Duration.ofSeconds(2))).isNull();
        }
    }

    private static JsonNode assertRefused(MakerSocket socket, String reason) throws InterruptedException {
        JsonNode m = socket.next();
        assertThat(m.get("type").asText()).as("%s", m).isEqualTo("refused");
        assertThat(m.get("reason").asText()).as("%s", m).isEqualTo(reason);
        assertThat(m.get("detail").asText()).isNotBlank();
        return m;
    }

    private static SignedQuote quote(Credentials maker, Rollup r, Address in, Address out, long amountIn, long amountOut,
                                     long expiry) {
        var terms = new MakerQuote(r.chainId(), MakerSocket.address(maker), in, out, BigInteger.valueOf(amountIn),
                BigInteger.valueOf(amountOut), expiry, new BigInteger(64, RANDOM));
        return SignedQuote.of(domain(r), terms, MakerSocket.sign(MakerQuoteTypedData.digest(domain(r), terms), maker));
    }

    private static SigningDomain domain(Rollup r) {
        return SigningDomain.of(r.chainId(), r.settler());
    }

    /** The malleable twin of a valid signature: s replaced by n - s, v flipped. */
    private static String highS(IntentSignature signature) {
        byte[] raw = signature.toBytes();
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64));
        byte[] twin = Sign.CURVE_PARAMS.getN().subtract(s).toByteArray();
        byte[] padded = new byte[32];
        System.arraycopy(twin, Math.max(0, twin.length - 32), padded, 32 - Math.min(32, twin.length), Math.min(32, twin.length));
        System.arraycopy(padded, 0, raw, 32, 32);
        raw[64] = (byte) (raw[64] == 27 ? 28 : 27);
        return "0x" + HexFormat.of().formatHex(raw);
    }
}
