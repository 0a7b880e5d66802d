package io.metaroute.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything under {@code metaroute.*}; defaults are in application.yml. */
@ConfigurationProperties("metaroute")
public record MetarouteProperties(Network network, Database database, Executor executor, Execution execution,
                                  Intake intake, Feeds feeds, Redis redis, Batch batch, Inventory inventory) {

    public record Network(String file) {
        public boolean embedded() {
            return file == null || file.isBlank();
        }
    }

    public record Database(String schema, boolean cleanOnStart) {
    }

    public record Executor(String privateKey, Duration receiptPoll, Duration receiptTimeout) {
    }

    public record Execution(boolean enabled, int concurrency) {
    }

    public record Intake(Duration maxDeadline) {
    }

    /** {@code source}: {@code chain} (collect from the rollups) or {@code redis} (follow the collecting replica). */
    public record Feeds(Duration resyncEvery, String source) {
        public Feeds {
            source = source == null || source.isBlank() ? "chain" : source.trim();
            if (!source.equals("chain") && !source.equals("redis")) {
                throw new IllegalArgumentException("metaroute.feeds.source must be chain or redis, got " + source);
            }
        }

        public boolean followsRedis() {
            return source.equals("redis");
        }
    }

    /**
     * Batch routing: intents routed within one window are planned together (OptaPlanner).
     * {@code matching}: settle opposite intents of a batch against each other before planning the rest.
     * {@code maxWindows}: the most batches an intent joins before it is rejected with the last batch's reason.
     */
    public record Batch(boolean enabled, Duration window, int maxSize, Duration spentLimit, Duration unimprovedLimit,
                        boolean matching, int maxWindows) {
    }

    /**
     * The solver's inventory: {@code limits} lists what it may lend, one {@code CHAIN:TOKEN:AMOUNT}
     * each (chain id, token symbol or address, base units), never more than the executor holds there
     * on chain, read every {@code refreshEvery}. None listed: no inventory, and nothing is read.
     */
    public record Inventory(java.util.List<String> limits, Duration refreshEvery) {
        public Inventory {
            limits = limits == null ? java.util.List.of() : java.util.List.copyOf(limits);
            refreshEvery = refreshEvery == null ? Duration.ofSeconds(30) : refreshEvery;
        }
    }

    public record Redis(String url, String prefix) {
        public Redis {
            prefix = prefix == null || prefix.isBlank() ? "metaroute:market" : prefix;
        }

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }
}
