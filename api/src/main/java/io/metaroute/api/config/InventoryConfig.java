package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.api.persistence.InventoryMoveRepository;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.pipeline.cross.SettlerCrossChains;
import io.metaroute.pipeline.inventory.InventoryMove;
import io.metaroute.pipeline.inventory.InventoryRebalancer;
import io.metaroute.pipeline.inventory.MoveStatus;
import io.metaroute.pipeline.inventory.WarpRouteChains;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Rebalancing the solver's inventory across rollups through Hyperlane warp routes
 * ({@code metaroute.inventory.rebalance.*}): {@code targets} are {@code CHAIN:TOKEN:AMOUNT} entries (as the
 * inventory limits), at least two rollups per token, each with a warp route in the network description; a balance
 * under {@code low-percent} of its target is topped up from the largest surplus every {@code every}. Off without
 * targets, without execution or without a Metalayer deployment.
 */
@Configuration(proxyBeanMethods = false)
public class InventoryConfig {
    /** The repository needs the schema migrated first: depend on the intents' repository, which does it. */
    @Bean
    InventoryMoveRepository inventoryMoveRepository(DatabaseClient db, IntentRepository migrated) {
        return new InventoryMoveRepository(db);
    }

    @Bean
    WarpRouteChains warpRouteChains(NetworkContext ctx, Map<ChainId, ChainClient> executorChains) {
        return new WarpRouteChains(ctx.network(), executorChains, Address.of(ctx.executor().getAddress()));
    }

    @Bean
    InventoryRebalancer inventoryRebalancer(NetworkContext ctx, InventoryMoveRepository moves, SettlerCrossChains chains,
                                            WarpRouteChains warps, Clock clock, MeterRegistry metrics,
                                            @Value("${metaroute.inventory.rebalance.targets:}") List<String> targets,
                                            @Value("${metaroute.inventory.rebalance.every:5s}") Duration every,
                                            @Value("${metaroute.inventory.rebalance.low-percent:50}") int lowPercent,
                                            @Value("${metaroute.inventory.rebalance.stuck-after:30s}") Duration stuckAfter) {
        var parsed = InventoryLimits.parse(ctx.network(), targets.stream().filter(e -> !e.isBlank()).toList(),
                "metaroute.inventory.rebalance.targets");
        InventoryRebalancer.Settings settings;
        try {
            settings = new InventoryRebalancer.Settings(every, lowPercent, stuckAfter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metaroute.inventory.rebalance (every, low-percent, stuck-after): " + e.getMessage(), e);
        }
        return new InventoryRebalancer(moves, chains, warps, ctx.network(), Address.of(ctx.executor().getAddress()), parsed,
                settings, clock, new InventoryRebalancer.Listener() {
                    @Override
                    public void moved(MoveStatus status, InventoryMove move) {
                        metrics.counter("metaroute.inventory.moves", "status", status.db(), "symbol", move.symbol()).increment();
                        if (status == MoveStatus.DELIVERED) {
                            metrics.counter("metaroute.inventory.moved", "symbol", move.symbol(), "to", String.valueOf(move.to().value()))
                                    .increment(move.amount().doubleValue());
                        }
                    }

                    @Override
                    public void replaced(InventoryMove move, boolean stuck) {
                        metrics.counter("metaroute.inventory.replaced", "symbol", move.symbol(), "why", stuck ? "stuck" : "nonce_taken")
                                .increment();
                    }
                });
    }

    @Bean
    SmartLifecycle inventoryRebalancing(InventoryRebalancer rebalancer, NetworkContext ctx, MetarouteProperties props) {
        boolean enabled = rebalancer.configured() && props.execution().enabled() && ctx.network().metalayer().deployed();
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (enabled) {
                    rebalancer.start();
                }
                running = true;
            }

            @Override
            public void stop() {
                rebalancer.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
