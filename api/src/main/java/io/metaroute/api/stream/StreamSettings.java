package io.metaroute.api.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code metaroute.stream.*}: the public stream's limits (defaults in application.yml).
 *
 * @param maxUpdatesPerSecond updates per subscription per second at most; those arriving sooner are conflated, latest wins
 * @param maxSubscriptions    subscriptions one connection may hold
 * @param maxUnread           messages sent to a client and not yet read by it before the server waits
 * @param maxReplies          replies (acknowledgements, problems) waiting unread before the client is disconnected
 * @param unreadTimeout       a client that owes reads and reads nothing for this long is disconnected
 * @param maxMessageChars     longest message a client may send
 * @param intentPoll          how often followed intents are looked up for changes (one query for all of them)
 * @param recentPoll          how often the most recently changed intents are read while the {@code intents} channel has subscribers
 * @param recentLimit         intents the {@code intents} channel lists when the subscription names no limit
 */
@ConfigurationProperties("metaroute.stream")
public record StreamSettings(double maxUpdatesPerSecond, int maxSubscriptions, int maxUnread, int maxReplies,
                             Duration unreadTimeout, int maxMessageChars, Duration intentPoll, Duration recentPoll,
                             int recentLimit) {
    public StreamSettings {
        if (maxUpdatesPerSecond <= 0 || maxSubscriptions < 1 || maxUnread < 1 || maxReplies < 1 || maxMessageChars < 64
                || recentLimit < 1 || recentLimit > StreamCommands.MAX_RECENT) {
            throw new IllegalArgumentException("metaroute.stream: max-updates-per-second, max-subscriptions, max-unread and "
                    + "max-replies must be positive, max-message-chars at least 64, recent-limit 1.." + StreamCommands.MAX_RECENT);
        }
        unreadTimeout = unreadTimeout == null ? Duration.ofSeconds(30) : unreadTimeout;
        intentPoll = intentPoll == null ? Duration.ofMillis(250) : intentPoll;
        recentPoll = recentPoll == null ? Duration.ofSeconds(1) : recentPoll;
    }

    long intervalNanos() {
        return (long) (1_000_000_000L / maxUpdatesPerSecond);
    }

    /** How often a connection checks that its client reads: a tenth of the timeout, between 100 ms and 1 s. */
    Duration checkEvery() {
        long millis = Math.max(100, Math.min(1_000, unreadTimeout.toMillis() / 10));
        return Duration.ofMillis(millis);
    }
}
