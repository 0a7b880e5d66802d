package io.metaroute.quotefeeds.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.chain.domain.BlockHead;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.RollupHealth;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rollup is up while blocks keep coming; silence makes it stale, a failure down, the next block brings it back. */
class FeedHealthBookTest {
    private static final ChainId A = ChainId.of(1);
    private static final ChainId B = ChainId.of(2);

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static BlockHead head(long n) {
        return new BlockHead(n, "0x" + Long.toHexString(n), "0x" + Long.toHexString(n - 1), Instant.ofEpochSecond(n));
    }

    @Test
    void silenceMakesARollupStaleAFailureDownAndTheNextBlockUpAgain() {
        var clock = new Moving();
        var book = new FeedHealthBook(Map.of(A, Duration.ofSeconds(2), B, Duration.ofSeconds(10)), clock);
        assertThat(book.health(A).state()).isEqualTo(RollupHealth.State.UNKNOWN);
        assertThat(book.unhealthy(A)).hasValueSatisfying(r -> assertThat(r).contains("unknown"));

        book.headSeen(A, head(5));
        assertThat(book.health(A).state()).isEqualTo(RollupHealth.State.UP);
        assertThat(book.unhealthy(A)).isEmpty();

        clock.now = clock.now.plusMillis(2_001);
        assertThat(book.health(A).state()).isEqualTo(RollupHealth.State.STALE);
        assertThat(book.unhealthy(A)).hasValueSatisfying(r -> assertThat(r).contains("stale", "2001 ms", "last block 5"));

        book.headSeen(A, head(6));
        assertThat(book.routable(A)).isTrue();
        book.failed(A, new java.net.ConnectException("Connection refused"));
        assertThat(book.health(A).state()).isEqualTo(RollupHealth.State.DOWN);
        assertThat(book.unhealthy(A)).hasValueSatisfying(r -> assertThat(r).contains("down", "Connection refused"));

        book.headSeen(A, head(7));
        assertThat(book.health(A).state()).isEqualTo(RollupHealth.State.UP);
        assertThat(book.health(A).lastHead()).contains(head(7));
        assertThat(book.unhealthy(ChainId.of(99))).as("a chain the book does not follow is not its to refuse").isEmpty();
    }

    @Test
    void theRoutableSnapshotLeavesOutThePoolsOfRollupsThatAreNotUp() {
        var clock = new Moving();
        var book = new FeedHealthBook(Map.of(A, Duration.ofSeconds(2), B, Duration.ofSeconds(2)), clock);
        var onA = pool(A, "0x00000000000000000000000000000000000000a1");
        var onB = pool(B, "0x00000000000000000000000000000000000000b1");
        var snapshot = MarketSnapshot.EMPTY.with(onA, clock.now).with(onB, clock.now);
        book.headSeen(A, head(1));
        book.headSeen(B, head(1));
        assertThat(book.routable(snapshot)).isSameAs(snapshot);

        book.failed(B, new IllegalStateException("eth_blockNumber timed out"));
        MarketSnapshot routable = book.routable(snapshot);
        assertThat(routable.pools()).containsOnlyKeys(onA.key());
        assertThat(routable.version()).isEqualTo(snapshot.version());
        book.reorged(A, 3);
        assertThat(book.health(A).reorgs()).isEqualTo(1);
        assertThat(book.health(A).deepestReorg()).isEqualTo(3);
    }

    private static PoolState pool(ChainId chain, String address) {
        return new PoolState(chain, Address.of(address), Address.of("0x0000000000000000000000000000000000000001"),
                Address.of("0x0000000000000000000000000000000000000002"), BigInteger.TEN, BigInteger.TWO, 1);
    }
}
