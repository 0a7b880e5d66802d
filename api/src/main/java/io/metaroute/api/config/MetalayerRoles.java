package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.EmbeddedDevnet;
import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Metalayer;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.domain.InMemoryCheckpointSignatures;
import io.metaroute.settlement.metalayer.domain.InMemoryStateSnapshots;
import io.metaroute.settlement.metalayer.infra.CheckpointSigner;
import io.metaroute.settlement.metalayer.infra.MetalayerNetwork;
import io.metaroute.settlement.metalayer.infra.ReadAttesters;
import io.metaroute.settlement.metalayer.infra.Relayer;
import io.metaroute.settlement.metalayer.infra.StateSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.web3j.crypto.Credentials;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The Metalayer roles a process runs beside the API ({@code metaroute.roles}, default all of
 * {@code api,validator,relayer}): guardian validators (checkpoint signers for INSTANT and FINALIZED,
 * state signers that also attest reads) and the relayer. Keys come from
 * {@code metaroute.metalayer.validator-keys} / {@code finalized-validator-keys} / {@code relayer-key};
 * on the embedded devnet, without them, the devnet's own guardian and relayer keys. A network
 * without a Metalayer deployment, or a role without keys, is not started, and the log says why.
 * Signatures are exchanged in this process's memory, so validators and relayer share a process.
 */
@Configuration
public class MetalayerRoles {
    private static final Logger log = LoggerFactory.getLogger(MetalayerRoles.class);

    /** What runs, for the lifecycle and the health indicator. */
    public static final class Running {
        final List<CheckpointSigner> checkpointSigners = new ArrayList<>();
        final List<StateSigner> stateSigners = new ArrayList<>();
        Relayer relayer;
        final AtomicLong delivered = new AtomicLong();
        final Set<String> roles;
        final String why;

        Running(Set<String> roles, String why) {
            this.roles = roles;
            this.why = why;
        }
    }

    @Bean
    Running metalayerRunning(NetworkContext ctx, EmbeddedDevnet embedded,
                           @Value("${metaroute.roles:api,validator,relayer}") String roles,
                           @Value("${metaroute.metalayer.validator-keys:}") String instantKeys,
                           @Value("${metaroute.metalayer.finalized-validator-keys:}") String finalizedKeys,
                           @Value("${metaroute.metalayer.relayer-key:}") String relayerKey,
                           @Value("${metaroute.metalayer.signature-wait:15s}") Duration signatureWait) {
        Set<String> wanted = Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        Metalayer metalayer = ctx.network().metalayer();
        if (metalayer.rollups().isEmpty()) {
            return new Running(Set.of(), "the network has no Metalayer deployment");
        }
        boolean devnet = embedded.devnet() != null;
        List<Credentials> instant = keys(instantKeys, devnet ? DevnetValidators.keys(FinalityState.INSTANT) : List.of());
        List<Credentials> finalized = keys(finalizedKeys, devnet ? DevnetValidators.keys(FinalityState.FINALIZED) : List.of());
        Credentials relayer = !relayerKey.isBlank() ? Credentials.create(relayerKey.trim())
                : devnet ? embedded.devnet().relayer().credentials() : null;
        var network = new MetalayerNetwork(ctx.network());
        var signatures = new InMemoryCheckpointSignatures();
        var snapshots = new InMemoryStateSnapshots();
        var started = new java.util.LinkedHashSet<String>();
        var running = new Running(started, null);
        if (wanted.contains("validator") && !instant.isEmpty()) {
            instant.forEach(k -> running.checkpointSigners.add(new CheckpointSigner(network, k, FinalityState.INSTANT, signatures)));
            finalized.forEach(k -> running.checkpointSigners.add(new CheckpointSigner(network, k, FinalityState.FINALIZED, signatures)));
            instant.forEach(k -> running.stateSigners.add(new StateSigner(network, k, snapshots, 16)));
            started.add("validator");
        } else if (wanted.contains("validator")) {
            log.info("Metalayer validator role not started: no metaroute.metalayer.validator-keys");
        }
        if (wanted.contains("relayer") && relayer != null && !running.stateSigners.isEmpty()) {
            running.relayer = new Relayer(network, signatures, snapshots, ReadAttesters.inProcess(running.stateSigners), relayer,
                    signatureWait);
            started.add("relayer");
        } else if (wanted.contains("relayer")) {
            log.info("Metalayer relayer role not started: it needs metaroute.metalayer.relayer-key and the validators "
                    + "in this process (their signatures are exchanged in memory)");
        }
        return running;
    }

    private static List<Credentials> keys(String configured, List<Credentials> fallback) {
        if (configured == null || configured.isBlank()) {
            return fallback;
        }
        return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Credentials::create).toList();
    }

    @Bean
    SmartLifecycle metalayerLifecycle(Running running, MeterRegistry meters,
                                      @Value("${metaroute.metalayer.checkpoint-every:100ms}") Duration checkpointEvery,
                                      @Value("${metaroute.metalayer.snapshot-every:1s}") Duration snapshotEvery,
                                      @Value("${metaroute.metalayer.relay-every:200ms}") Duration relayEvery) {
        Counter deliveries = Counter.builder("metaroute.metalayer.deliveries").description("messages this relayer delivered")
                .register(meters);
        return new SmartLifecycle() {
            private final List<Disposable> loops = new ArrayList<>();

            @Override
            public void start() {
                if (!running.checkpointSigners.isEmpty()) {
                    loops.add(Flux.merge(running.checkpointSigners.stream().map(s -> s.run(checkpointEvery)).toList()).subscribe());
                    loops.add(Flux.merge(running.stateSigners.stream().map(s -> s.run(snapshotEvery)).toList()).subscribe());
                }
                if (running.relayer != null) {
                    // From the first block: after a restart, messages dispatched while it was down are delivered too,
                    // and those it delivered before are skipped.
                    loops.add(running.relayer.run(relayEvery, 0).subscribe(d -> {
                        running.delivered.incrementAndGet();
                        deliveries.increment();
                    }));
                }
                if (!running.roles.isEmpty()) {
                    log.info("Metalayer roles running: {} ({} checkpoint signers, {} state signers)", running.roles,
                            running.checkpointSigners.size(), running.stateSigners.size());
                }
            }

            @Override
            public void stop() {
                loops.forEach(Disposable::dispose);
                loops.clear();
            }

            @Override
            public boolean isRunning() {
                return !loops.isEmpty();
            }
        };
    }

    /** {@code /actuator/health} component {@code metalayer}: the roles, each origin a signer stopped on, deliveries. */
    @Bean
    HealthIndicator metalayer(Running running, NetworkContext ctx) {
        return () -> {
            if (running.why != null) {
                return Health.unknown().withDetail("reason", running.why).build();
            }
            Map<String, String> halted = new LinkedHashMap<>();
            for (CheckpointSigner s : running.checkpointSigners) {
                for (Domain d : ctx.network().rollups().stream().map(r -> r.domain()).toList()) {
                    s.halted(d).ifPresent(why -> halted.put(s.validator().hex() + "@" + d.value(), why));
                }
            }
            Health.Builder b = halted.isEmpty() ? Health.up() : Health.down();
            return b.withDetail("roles", running.roles).withDetail("checkpointSigners", running.checkpointSigners.size())
                    .withDetail("stateSigners", running.stateSigners.size()).withDetail("delivered", running.delivered.get())
                    .withDetail("halted", halted).build();
        };
    }
}
