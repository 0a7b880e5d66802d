package io.metaroute.pipeline.wiring;

import io.metaroute.pipeline.port.Balances;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The solver's inventory: what configuration allows it to lend per rollup and token, never more
 * than the executor holds there on chain. {@link #refresh} reads the balances; until a token's
 * first read (and with nothing configured, always) it counts as none. A balance that cannot be
 * read keeps its last known value.
 */
public final class SolverInventory implements Supplier<Inventory> {
    private static final Logger log = LoggerFactory.getLogger(SolverInventory.class);

    private final Map<Inventory.Key, BigInteger> limits;
    private final Balances balances;
    private final AtomicReference<Inventory> current = new AtomicReference<>(Inventory.EMPTY);

    /** At most {@code limits} per (rollup, token), each bounded by what {@code balances} reads. */
    public SolverInventory(Map<Inventory.Key, BigInteger> limits, Balances balances) {
        this.limits = Map.copyOf(limits);
        this.balances = Objects.requireNonNull(balances, "balances");
        this.limits.forEach((key, limit) -> {
            if (limit.signum() < 0) {
                throw new IllegalArgumentException("inventory limit of " + key + " is negative: " + limit);
            }
        });
    }

    /** No inventory at all: nothing configured, nothing read. */
    public static SolverInventory none() {
        return new SolverInventory(Map.of(), (chain, token) -> Mono.just(BigInteger.ZERO));
    }

    public boolean configured() {
        return !limits.isEmpty();
    }

    @Override
    public Inventory get() {
        return current.get();
    }

    /** Reads every configured balance and publishes the new inventory. */
    public Mono<Inventory> refresh() {
        return Flux.fromIterable(limits.entrySet())
                .concatMap(e -> balances.of(e.getKey().chain(), e.getKey().token())
                        .map(held -> Map.entry(e.getKey(), held.min(e.getValue())))
                        .onErrorResume(err -> {
                            log.warn("inventory: reading the executor's balance of {} on chain {} failed ({}); keeping {}",
                                    e.getKey().token(), e.getKey().chain(), err.toString(), get().of(e.getKey().chain(), e.getKey().token()));
                            return Mono.just(Map.entry(e.getKey(), get().of(e.getKey().chain(), e.getKey().token())));
                        }))
                .collectList()
                .map(entries -> {
                    var next = new LinkedHashMap<Inventory.Key, BigInteger>();
                    entries.forEach(entry -> next.put(entry.getKey(), entry.getValue()));
                    var inventory = new Inventory(next);
                    current.set(inventory);
                    return inventory;
                });
    }
}
