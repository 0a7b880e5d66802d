package io.metaroute.api.metalayer;

import io.metaroute.api.config.MetalayerRoles.Running;
import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.OutboxEntry.Status;
import io.metaroute.settlement.metalayer.infra.CheckpointSigner;
import io.metaroute.settlement.metalayer.infra.StateSigner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Signing lag and relayer queues, refreshed every {@code metaroute.metalayer.observe-every}:
 * gauges {@code metaroute.metalayer.checkpoint.lag} (blocks behind the head or finalized tag, per
 * validator, finality and origin), {@code metaroute.metalayer.snapshot.age} (seconds since the
 * validator's last snapshot of the rollup) and {@code metaroute.metalayer.relayer.queue} (open
 * outbox entries per rollup pair), and the {@code /actuator/health} component {@code metalayer}:
 * DOWN while any validator has stopped signing an origin (the reason is in the details).
 */
@Component("metalayer")
public class MetalayerObservability implements HealthIndicator, SmartLifecycle {
    private final Running running;
    private final MeterRegistry meters;
    private final MetalayerEvents events;
    private final Duration every;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private volatile Map<String, Long> queues = Map.of();
    private volatile Map<String, Long> failedByPair = Map.of();
    private Disposable loop;

    public MetalayerObservability(Running running, MeterRegistry meters, MetalayerEvents events,
            @Value("${metaroute.metalayer.observe-every:2s}") Duration every) {
        this.running = running;
        this.meters = meters;
        this.events = events;
        this.every = every;
    }

    private void gauge(String name, String description, long value, String... tags) {
        String key = name + String.join(",", tags);
        gauges.computeIfAbsent(key, k -> {
            var v = new AtomicLong();
            Gauge.builder(name, v, AtomicLong::get).description(description).tags(tags).register(meters);
            return v;
        }).set(value);
    }

    /** Reads the outbox and the signers once and updates the gauges. */
    Mono<Void> refresh() {
        Instant now = Instant.now();
        for (CheckpointSigner s : running.checkpointSigners) {
            for (Domain d : running.domains) {
                gauge("metaroute.metalayer.checkpoint.lag", "blocks between the tag this validator follows and what it signed",
                        s.lag(d).blocks(), "validator", s.validator().hex(), "finality", s.finality().name(), "origin",
                        Long.toString(d.value()));
            }
        }
        for (StateSigner s : running.stateSigners) {
            for (Domain d : running.domains) {
                s.lastSigned(d).ifPresent(last -> gauge("metaroute.metalayer.snapshot.age",
                        "seconds since this validator last signed a snapshot of the rollup",
                        Duration.between(last.signedAt(), now).toSeconds(), "validator", s.validator().hex(), "domain",
                        Long.toString(d.value())));
            }
        }
        if (running.outbox() == null) {
            return Mono.empty();
        }
        return running.outbox().counts().collectList().doOnNext(counts -> {
            var open = new LinkedHashMap<String, Long>();
            var failed = new LinkedHashMap<String, Long>();
            for (var c : counts) {
                String pair = c.origin().value() + "->" + c.destination().value();
                if (c.status() == Status.PENDING || c.status() == Status.SUBMITTED) {
                    open.merge(pair, c.count(), Long::sum);
                } else if (c.status() == Status.FAILED) {
                    failed.merge(pair, c.count(), Long::sum);
                }
                open.putIfAbsent(pair, 0L);
            }
            open.forEach((pair, n) -> gauge("metaroute.metalayer.relayer.queue", "outbox entries not delivered yet", n,
                    "origin", pair.substring(0, pair.indexOf('-')), "destination", pair.substring(pair.indexOf('>') + 1)));
            queues = Map.copyOf(open);
            failedByPair = Map.copyOf(failed);
        }).then();
    }

    @Override
    public Health health() {
        if (running.why != null) {
            return Health.unknown().withDetail("reason", running.why).build();
        }
        Map<String, String> halted = new LinkedHashMap<>();
        Map<String, Object> lag = new LinkedHashMap<>();
        for (CheckpointSigner s : running.checkpointSigners) {
            for (Domain d : running.domains) {
                String key = s.validator().hex() + "/" + s.finality() + "@" + d.value();
                s.halted(d).ifPresent(why -> halted.put(key, why));
                lag.put(key, s.lag(d).blocks());
            }
        }
        Map<String, Object> snapshotAge = new LinkedHashMap<>();
        for (StateSigner s : running.stateSigners) {
            for (Domain d : running.domains) {
                s.lastSigned(d).ifPresent(last -> snapshotAge.put(s.validator().hex() + "@" + d.value(),
                        Duration.between(last.signedAt(), Instant.now()).toMillis()));
            }
        }
        Health.Builder b = halted.isEmpty() ? Health.up() : Health.down();
        return b.withDetail("roles", running.roles).withDetail("checkpointSigners", running.checkpointSigners.size())
                .withDetail("stateSigners", running.stateSigners.size()).withDetail("halted", halted)
                .withDetail("checkpointLagBlocks", lag).withDetail("snapshotAgeMillis", snapshotAge)
                .withDetail("relayerQueue", queues).withDetail("relayerFailed", failedByPair)
                .withDetail("delivered", events.delivered()).build();
    }

    @Override
    public void start() {
        loop = Flux.interval(Duration.ZERO, every).onBackpressureDrop().concatMap(t -> refresh().onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
