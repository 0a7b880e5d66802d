package io.metaroute.quotefeeds;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.metaroute.core.chain.ChainId;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Periodic re-reads are routine: one INFO line per chain for the first read, then metrics only. */
class QuoteFeedEventsTest {

    @Test
    void onlyTheFirstFullReadOfAChainIsLoggedAtInfoAndEveryReadIsCountedAndTimed() {
        var logger = (Logger) LoggerFactory.getLogger(QuoteFeedEvents.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            var metrics = new SimpleMeterRegistry();
            var events = new QuoteFeedEvents(metrics);
            ChainId a = ChainId.of(710001);
            ChainId b = ChainId.of(710002);
            for (int i = 0; i < 5; i++) {
                events.poolsLoaded(a, 5, 10 + i, Duration.ofMillis(3));
            }
            events.poolsLoaded(b, 5, 7, Duration.ofMillis(4));

            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("chain 710001: first read of 5 pools at block 10 in 3 ms",
                            "chain 710002: first read of 5 pools at block 7 in 4 ms");
            assertThat(metrics.counter("metaroute.feeds.loads", "chain", a.toString()).count()).isEqualTo(5.0);
            var timer = metrics.timer("metaroute.feeds.load.duration", "chain", a.toString());
            assertThat(timer.count()).isEqualTo(5);
            assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(15.0);
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }

    @Test
    void aRollupsHealthIsAGaugeAndOnlyItsChangesAreLoggedAndCounted() {
        var logger = (Logger) LoggerFactory.getLogger(QuoteFeedEvents.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            var metrics = new SimpleMeterRegistry();
            var events = new QuoteFeedEvents(metrics);
            ChainId a = ChainId.of(710001);
            events.rollupHealth(a, "UP", "UP", true, null);
            events.rollupHealth(a, "UP", "DOWN", false, "its node is failing (Connection refused)");
            events.rollupHealth(a, "DOWN", "DOWN", false, "its node is failing (Connection refused)");
            var up = metrics.get("metaroute.feeds.rollup.up").tag("chain", a.toString()).gauge();
            assertThat(up.value()).isEqualTo(0.0);
            events.rollupHealth(a, "DOWN", "UP", true, null);
            assertThat(up.value()).isEqualTo(1.0);
            assertThat(metrics.counter("metaroute.feeds.rollup.unhealthy", "chain", a.toString(), "state", "DOWN").count()).isEqualTo(1);
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "chain 710001: rollup DOWN (was UP), routes avoid it: its node is failing (Connection refused)",
                    "chain 710001: rollup UP (was DOWN): routes use it again");

            events.reorgRolledBack(a, 3, 96, 97, Duration.ofMillis(12));
            events.reorgRolledBack(a, 1, 120, 121, Duration.ofMillis(5));
            assertThat(metrics.counter("metaroute.feeds.reorgs", "chain", a.toString()).count()).isEqualTo(2);
            assertThat(metrics.summary("metaroute.feeds.reorg.depth", "chain", a.toString()).max()).isEqualTo(3);
            events.headFollowed(a, 42, java.time.Instant.now().minusSeconds(2));
            assertThat(metrics.get("metaroute.feeds.head.block").tag("chain", a.toString()).gauge().value()).isEqualTo(42);
            assertThat(metrics.timer("metaroute.feeds.event.lag", "chain", a.toString(), "event", "head")
                    .totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(2_000);
        } finally {
            logger.detachAppender(appender);
        }
    }
}
