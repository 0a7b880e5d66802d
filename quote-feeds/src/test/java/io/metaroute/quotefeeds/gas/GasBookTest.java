package io.metaroute.quotefeeds.gas;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.ChainId;
import io.metaroute.quotefeeds.gas.domain.GasBook;
import io.metaroute.quotefeeds.gas.domain.GasQuote;
import io.metaroute.quotefeeds.gas.domain.GasStatus;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The latest price per rollup, and staleness after N block times, on virtual time and on a set clock. */
class GasBookTest {
    static final ChainId A = ChainId.of(710001);
    static final ChainId B = ChainId.of(710002);
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    static GasQuote quote(ChainId chain, long base, long tip, long block, Instant at) {
        return new GasQuote(chain, BigInteger.valueOf(base), BigInteger.valueOf(tip), block, at);
    }

    @Test
    void keepsTheNewestBlockAndIgnoresOlderOnes() {
        var book = new GasBook(Map.of(A, Duration.ofSeconds(3), B, Duration.ofSeconds(3)), Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(book.offer(quote(A, 100, 1, 10, T0))).isTrue();
        assertThat(book.offer(quote(A, 100, 1, 10, T0))).as("the same reading again").isFalse();
        assertThat(book.offer(quote(A, 500, 1, 9, T0))).as("an older block").isFalse();
        assertThat(book.offer(quote(A, 120, 1, 11, T0))).isTrue();
        assertThat(book.gasPriceWei(A)).contains(BigInteger.valueOf(121));
        assertThat(book.gasPriceWei(B)).as("never read").isEmpty();
        assertThat(book.status(B).state()).isEqualTo(GasStatus.State.UNKNOWN);
    }

    @Test
    void publishesEachRollupsLatestThenEveryChange() {
        var book = new GasBook(Map.of(A, Duration.ofSeconds(3), B, Duration.ofSeconds(3)), Clock.fixed(T0, ZoneOffset.UTC));
        book.offer(quote(A, 100, 1, 10, T0));
        StepVerifier.create(book.changes(A))
                .assertNext(q -> assertThat(q.block()).isEqualTo(10))
                .then(() -> book.offer(quote(B, 7, 1, 3, T0)))
                .then(() -> book.offer(quote(A, 90, 1, 11, T0)))
                .assertNext(q -> assertThat(q.baseFeeWei()).isEqualTo(BigInteger.valueOf(90)))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aRollupsPriceGoesStaleAfterItsLimitWithoutAReadingAndRecoversWithTheNext() {
        Duration limit = Duration.ofMillis(2_500); // 10 blocks of 250 ms
        var book = new GasBook(Map.of(A, limit), Clock.fixed(T0, ZoneOffset.UTC));
        StepVerifier.withVirtualTime(() -> book.statuses(A))
                .assertNext(s -> assertThat(s.state()).isEqualTo(GasStatus.State.UNKNOWN))
                .then(() -> book.offer(quote(A, 100, 1, 10, T0)))
                .assertNext(s -> assertThat(s.state()).isEqualTo(GasStatus.State.UP))
                .thenAwait(Duration.ofMillis(2_000))
                .then(() -> book.offer(quote(A, 110, 1, 11, T0)))
                .assertNext(s -> assertThat(s.latest().orElseThrow().block()).isEqualTo(11))
                // the limit counts from the last reading: 2.5 s after block 11, not after block 10
                .expectNoEvent(Duration.ofMillis(2_499))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(s -> {
                    assertThat(s.state()).isEqualTo(GasStatus.State.STALE);
                    assertThat(s.latest().orElseThrow().block()).isEqualTo(11);
                })
                .then(() -> book.offer(quote(A, 130, 1, 12, T0)))
                .assertNext(s -> assertThat(s.state()).isEqualTo(GasStatus.State.UP))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aRollupNeverReadGoesStaleAfterItsLimit() {
        var book = new GasBook(Map.of(A, Duration.ofSeconds(20)), Clock.fixed(T0, ZoneOffset.UTC));
        StepVerifier.withVirtualTime(() -> book.statuses(A))
                .assertNext(s -> assertThat(s.state()).isEqualTo(GasStatus.State.UNKNOWN))
                .expectNoEvent(Duration.ofSeconds(20))
                .assertNext(s -> assertThat(s.state()).isEqualTo(GasStatus.State.STALE))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aStalePriceIsShownButNotOfferedToTheRouter() {
        var now = new java.util.concurrent.atomic.AtomicReference<>(T0);
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        var network = new io.metaroute.core.network.Network(java.util.List.of(new io.metaroute.core.network.Rollup("a",
                io.metaroute.core.network.RollupProfile.GAMING, A, io.metaroute.core.chain.Domain.of(7101),
                java.net.URI.create("http://127.0.0.1:1"), null, Duration.ofMillis(250), BigInteger.ONE,
                io.metaroute.core.chain.Address.of("0x" + "5".repeat(40)), null, java.util.List.of(), java.util.List.of())));
        var book = GasBook.of(network, 4, clock);
        assertThat(book.staleAfter(A)).isEqualTo(Duration.ofSeconds(1));
        book.offer(quote(A, 1_000, 50, 7, T0));
        now.set(T0.plusMillis(1_000));
        assertThat(book.gasPriceWei(A)).contains(BigInteger.valueOf(1_050));
        now.set(T0.plusMillis(1_001));
        assertThat(book.status(A).state()).isEqualTo(GasStatus.State.STALE);
        assertThat(book.status(A).latest()).isPresent();
        assertThat(book.gasPriceWei(A)).isEmpty();
    }
}
