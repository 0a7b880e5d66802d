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
}
