package io.metaroute.quotefeeds.rfq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.rfq.MakerQuote;
import io.metaroute.core.rfq.MakerQuoteTypedData;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.core.token.Token;
import io.metaroute.quotefeeds.rfq.QuoteRefused.Reason;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** Admission to the quote book, one test per refusal reason, and what the router is offered. */
class QuoteBookTest {
    static final ChainId CHAIN = ChainId.of(710001);
    static final Address SETTLER = Address.of("0x5fc8d32690cc91d4c39d9d3abcbd16989f875707");
    static final Address USDC = Address.of("0x1000000000000000000000000000000000000001");
    static final Address WETH = Address.of("0x2000000000000000000000000000000000000002");
    static final Address ELSEWHERE = Address.of("0x3000000000000000000000000000000000000003");
    static final Credentials MAKER = Credentials.create("0x" + "11".repeat(32));
    static final Credentials OTHER = Credentials.create("0x" + "22".repeat(32));
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final FadeBook fades = new FadeBook(Duration.ofMinutes(10), 0.25, clock);
    final QuoteBook book = new QuoteBook(network(), new QuoteBook.Rules(Set.of(addr(MAKER), addr(OTHER)),
            Duration.ofSeconds(3), Duration.ofSeconds(120), 2), fades, clock);
    long nonce;

    @Test
    void aValidQuoteIsRoutableAndReplacesItsMakersPreviousOne() {
        var first = quote(MAKER, USDC, WETH, 1_000, 3, 30);
        book.admit(first, addr(MAKER));
        assertThat(book.routable(CHAIN)).containsExactly(first);
        var second = quote(MAKER, USDC, WETH, 1_000, 4, 30);
        book.admit(second, addr(MAKER));
        assertThat(book.routable(CHAIN)).containsExactly(second);
        assertThat(book.routable(ChainId.of(710002))).isEmpty();
    }

    @Test
    void unauthorisedQuotesAreRefused() {
        var q = quote(MAKER, USDC, WETH, 1_000, 3, 30);
        assertRefused(q, null, Reason.UNAUTHORISED);
        assertRefused(q, addr(OTHER), Reason.UNAUTHORISED);
        var stranger = Credentials.create("0x" + "33".repeat(32));
        assertRefused(quote(stranger, USDC, WETH, 1_000, 3, 30), addr(stranger), Reason.UNAUTHORISED);
    }

    @Test
    void quotesSignedByAnotherKeyAreRefused() {
        var terms = terms(MAKER, USDC, WETH, 1_000, 3, 30);
        var forged = SignedQuote.of(domain(), terms, IntentSignature.sign(MakerQuoteTypedData.digest(domain(), terms),
                OTHER.getEcKeyPair()));
        assertRefused(forged, addr(MAKER), Reason.BAD_SIGNATURE);
        // signed under another settler's domain
        var otherDomain = SigningDomain.of(CHAIN, ELSEWHERE);
        var wrongDomain = SignedQuote.of(domain(), terms, IntentSignature.sign(MakerQuoteTypedData.digest(otherDomain, terms),
                MAKER.getEcKeyPair()));
        assertRefused(wrongDomain, addr(MAKER), Reason.BAD_SIGNATURE);
    }

    @Test
    void expiredAndFarFutureQuotesAreRefused() {
        assertRefused(quote(MAKER, USDC, WETH, 1_000, 3, -1), addr(MAKER), Reason.EXPIRED);
        assertRefused(quote(MAKER, USDC, WETH, 1_000, 3, 2), addr(MAKER), Reason.EXPIRED);
        assertRefused(quote(MAKER, USDC, WETH, 1_000, 3, 121), addr(MAKER), Reason.EXPIRY_TOO_FAR);
        // one that was fine when admitted is not offered once it has less than the minimum life left
        var q = quote(MAKER, USDC, WETH, 1_000, 3, 10);
        book.admit(q, addr(MAKER));
        now.set(T0.plusSeconds(8));
        assertThat(book.routable(CHAIN)).isEmpty();
    }

    @Test
    void replayedQuotesAndNoncesAreRefused() {
        var q = quote(MAKER, USDC, WETH, 1_000, 3, 30);
        book.admit(q, addr(MAKER));
        assertRefused(q, addr(MAKER), Reason.REPLAYED);
        nonce--; // another quote with the same nonce
        assertRefused(quote(MAKER, USDC, WETH, 1_000, 2, 30), addr(MAKER), Reason.REPLAYED);
        // another maker may use the same number
        nonce--;
        book.admit(quote(OTHER, USDC, WETH, 1_000, 2, 30), addr(OTHER));
    }

    @Test
    void aQuoteCrossedWithTheMakersOwnOtherWayIsRefused() {
        book.admit(quote(MAKER, USDC, WETH, 3_000, 1, 30), addr(MAKER)); // 3,000 USDC -> 1 WETH
        assertRefused(quote(MAKER, WETH, USDC, 1, 3_000, 30), addr(MAKER), Reason.CROSSED); // and back: no loss
        book.admit(quote(MAKER, WETH, USDC, 1, 2_990, 30), addr(MAKER)); // a spread: fine
        book.admit(quote(OTHER, WETH, USDC, 1, 3_100, 30), addr(OTHER)); // another maker's is not crossed with it
        assertThat(book.routable(CHAIN)).hasSize(3);
    }

    @Test
    void unknownChainsAndTokensAreRefused() {
        var terms = new MakerQuote(ChainId.of(999), addr(MAKER), USDC, WETH, BigInteger.TEN, BigInteger.ONE, expiry(30),
                BigInteger.ONE);
        var elsewhere = SigningDomain.of(ChainId.of(999), SETTLER);
        var q = SignedQuote.of(elsewhere, terms, IntentSignature.sign(MakerQuoteTypedData.digest(elsewhere, terms),
                MAKER.getEcKeyPair()));
        assertRefused(q, addr(MAKER), Reason.UNKNOWN_CHAIN);
        assertRefused(quote(MAKER, USDC, ELSEWHERE, 10, 1, 30), addr(MAKER), Reason.UNKNOWN_TOKEN);
    }

    @Test
    void aMakerWhoseQuotesFailIsDeclinedUntilItsFailuresDecay() {
        var q = quote(MAKER, USDC, WETH, 1_000, 3, 30);
        book.admit(q, addr(MAKER));
        fades.used(addr(MAKER));
        fades.used(addr(MAKER));
        fades.failed(addr(MAKER)); // 1 of 3: above 25%
        assertThat(fades.declined(addr(MAKER))).isTrue();
        assertThat(book.routable(CHAIN)).as("a declined maker's quotes are not offered").isEmpty();
        assertRefused(quote(MAKER, USDC, WETH, 1_000, 3, 30), addr(MAKER), Reason.FADED);
        now.set(T0.plus(Duration.ofMinutes(11))); // the failure weighs less than half now
        assertThat(fades.declined(addr(MAKER))).isFalse();
        book.admit(quote(MAKER, USDC, WETH, 1_000, 3, 30), addr(MAKER));
    }

    @Test
    void theRouterIsOfferedTheBestRankedQuotesNotBeingTaken() {
        var a = quote(MAKER, USDC, WETH, 1_000, 3, 30);
        var b = quote(OTHER, USDC, WETH, 1_000, 2, 30);
        book.admit(a, addr(MAKER));
        book.admit(b, addr(OTHER));
        assertThat(book.routable(CHAIN)).containsExactlyInAnyOrder(a, b);
        book.take(List.of(a));
        assertThat(book.routable(CHAIN)).containsExactly(b);
        book.release(List.of(a));
        assertThat(book.routable(CHAIN)).hasSize(2);
        book.remove(List.of(a));
        assertThat(book.routable(CHAIN)).containsExactly(b);
        assertThat(QuoteBook.crosses(a.quote(), b.quote())).isFalse();
    }

    @Test
    void theFailRateRanksMakersOfOnePair() {
        var cheap = new QuoteBook(network(), new QuoteBook.Rules(Set.of(addr(MAKER), addr(OTHER)), Duration.ofSeconds(3),
                Duration.ofSeconds(120), 1), fades, clock);
        var a = quote(MAKER, USDC, WETH, 1_000, 3, 30);
        var b = quote(OTHER, USDC, WETH, 1_000, 2, 30);
        cheap.admit(a, addr(MAKER));
        cheap.admit(b, addr(OTHER));
        assertThat(cheap.routable(CHAIN)).containsExactly(a);
        for (int i = 0; i < 4; i++) {
            fades.used(addr(MAKER));
        }
        fades.failed(addr(MAKER)); // 20%: not declined, but 3 x 0.8 = 2.4 still beats 2
        assertThat(cheap.routable(CHAIN)).containsExactly(a);
        fades.used(addr(MAKER));
        fades.failed(addr(MAKER)); // 2 of 7 = 29%: declined
        assertThat(cheap.routable(CHAIN)).containsExactly(b);
    }

    private void assertRefused(SignedQuote q, Address session, Reason reason) {
        assertThatThrownBy(() -> book.admit(q, session)).isInstanceOf(QuoteRefused.class)
                .satisfies(e -> assertThat(((QuoteRefused) e).reason()).isEqualTo(reason));
    }

    private SignedQuote quote(Credentials maker, Address in, Address out, long amountIn, long amountOut, long life) {
        var terms = terms(maker, in, out, amountIn, amountOut, life);
        return SignedQuote.of(domain(), terms, IntentSignature.sign(MakerQuoteTypedData.digest(domain(), terms),
                maker.getEcKeyPair()));
    }

    private MakerQuote terms(Credentials maker, Address in, Address out, long amountIn, long amountOut, long life) {
        return new MakerQuote(CHAIN, addr(maker), in, out, BigInteger.valueOf(amountIn), BigInteger.valueOf(amountOut),
                expiry(life), BigInteger.valueOf(++nonce));
    }

    private long expiry(long life) {
        return now.get().getEpochSecond() + life;
    }

    private static SigningDomain domain() {
        return SigningDomain.of(CHAIN, SETTLER);
    }

    private static Address addr(Credentials c) {
        return Address.of(c.getAddress());
    }

    private static Network network() {
        var tokens = List.of(new Token(CHAIN, USDC, "USDC", 6), new Token(CHAIN, WETH, "WETH", 18));
        return new Network(List.of(new Rollup("ember", RollupProfile.GAMING, CHAIN, Domain.of(7101), URI.create("http://127.0.0.1:1"),
                null, Duration.ofMillis(250), BigInteger.ONE, SETTLER, ELSEWHERE, tokens, List.of())));
    }
}
