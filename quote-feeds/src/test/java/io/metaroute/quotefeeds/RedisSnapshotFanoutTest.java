package io.metaroute.quotefeeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.fanout.RedisSnapshotFanout;
import io.metaroute.quotefeeds.market.ChainPosition;
import io.metaroute.quotefeeds.market.MarketStore;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Against the machine's real Redis (127.0.0.1:6379). */
class RedisSnapshotFanoutTest {
    static final String URL = "redis://127.0.0.1:6379";

    @Test
    void eachNewSnapshotIsStoredAndPublished() {
        var store = new MarketStore();
        var pool = new PoolState(ChainId.of(710001), Address.of("0x00000000000000000000000000000000000000aa"),
                Address.of("0x0000000000000000000000000000000000000001"), Address.of("0x0000000000000000000000000000000000000002"),
                BigInteger.valueOf(1_000_000), new BigInteger("500000000000000000000"), 7);
        var listener = RedisClient.create(URL);
        try (var fanout = new RedisSnapshotFanout(URL); var sub = listener.connectPubSub(); var plain = listener.connect()) {
            var received = sub.reactive().observeChannels().map(m -> m.getMessage());
            sub.reactive().subscribe(RedisSnapshotFanout.CHANNEL).block(Duration.ofSeconds(5));
            var running = fanout.start(store.snapshots());
            try {
                StepVerifier.create(received.filter(m -> m.contains("\"reserve1\":\"500000000000000000000\"")).take(1))
                        .then(() -> store.apply(pool, ChainPosition.endOfBlock(7)))
                        .assertNext(m -> assertThat(m).startsWith("{\"version\":1,").contains("\"reserve0\":\"1000000\"", "\"block\":7"))
                        .expectComplete()
                        .verify(Duration.ofSeconds(10));
                String latest = plain.sync().get(RedisSnapshotFanout.LATEST_KEY);
                assertThat(latest).startsWith("{\"version\":1,").contains("500000000000000000000");
            } finally {
                running.dispose();
            }
        } finally {
            listener.shutdown();
        }
    }
}
