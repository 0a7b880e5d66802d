package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.EmbeddedDevnet;
import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.api.metalayer.MetalayerEvents;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Metalayer;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.domain.CheckpointSignatureSource;
import io.metaroute.settlement.metalayer.domain.StateSnapshotSource;
import io.metaroute.settlement.metalayer.infra.CheckpointSigner;
import io.metaroute.settlement.metalayer.infra.MetalayerNetwork;
import io.metaroute.settlement.metalayer.infra.OutboxRelayer;
import io.metaroute.settlement.metalayer.infra.ReadAttesters;
import io.metaroute.settlement.metalayer.infra.Relayer;
import io.metaroute.settlement.metalayer.infra.StateSigner;
import io.metaroute.settlement.metalayer.infra.ValidatorHttpClient;
import io.metaroute.settlement.metalayer.store.PostgresCheckpointSignatures;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import io.metaroute.settlement.metalayer.store.PostgresReadAttestations;
import io.metaroute.settlement.metalayer.store.PostgresStateSnapshots;
import io.r2dbc.spi.ConnectionFactory;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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
 * on the embedded devnet, without them, the devnet's own guardian and relayer keys. Validators keep
 * what they sign in PostgreSQL and serve it under {@code /v1/metalayer}; a relayer with validators
 * in the same process reads their store directly, one without reads them from the validator
 * processes at {@code metaroute.metalayer.validator-urls}. The relayer works from its outbox in
 * PostgreSQL. A network without a Metalayer deployment, or a role without keys, is not started,
 * and the log says why.
 */
@Configuration
public class MetalayerRoles {
    private static final Logger log = LoggerFactory.getLogger(MetalayerRoles.class);

    /** What runs, for the lifecycle, the endpoints and the health indicator. */
    public static final class Running {
        public final List<CheckpointSigner> checkpointSigners = new ArrayList<>();
        public final List<StateSigner> stateSigners = new ArrayList<>();
        public OutboxRelayer relayer;
        public final Set<String> roles;
        public final String why;
        public final List<Domain> domains;
        PostgresCheckpointSignatures signatures;
        PostgresStateSnapshots snapshots;
        PostgresReadAttestations reads;
        PostgresOutbox outbox;

        Running(Set<String> roles, String why, List<Domain> domains) {
            this.roles = roles;
            this.why = why;
            this.domains = domains;
        }

        public PostgresCheckpointSignatures signatures() {
            return signatures;
        }

        public PostgresStateSnapshots snapshots() {
            return snapshots;
        }

        public PostgresReadAttestations reads() {
            return reads;
        }

        public PostgresOutbox outbox() {
            return outbox;
        }
    }

    @Bean
    Running metalayerRunning(NetworkContext ctx, EmbeddedDevnet embedded, ConnectionFactory connections,
                             IntentRepository migrated, MetalayerEvents events,
                             @Value("${metaroute.roles:api,validator,relayer}") String roles,
                             @Value("${metaroute.metalayer.validator-keys:}") String instantKeys,
                             @Value("${metaroute.metalayer.finalized-validator-keys:}") String finalizedKeys,
                             @Value("${metaroute.metalayer.relayer-key:}") String relayerKey,
                             @Value("${metaroute.metalayer.validator-urls:}") String validatorUrls,
                             @Value("${metaroute.metalayer.validator-http-timeout:5s}") Duration httpTimeout,
                             @Value("${metaroute.metalayer.relay-every:200ms}") Duration relayEvery,
                             @Value("${metaroute.metalayer.confirmations:2}") int confirmations,
                             @Value("${metaroute.metalayer.stuck-after:10s}") Duration stuckAfter,
                             @Value("${metaroute.metalayer.max-gas-price-wei:500000000000}") BigInteger maxGasPrice,
                             @Value("${metaroute.metalayer.max-attempts:8}") int maxAttempts) {
        Set<String> wanted = Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Metalayer metalayer = ctx.network().metalayer();
        List<Domain> domains = ctx.network().rollups().stream().map(Rollup::domain).toList();
        if (metalayer.rollups().isEmpty()) {
            return new Running(Set.of(), "the network has no Metalayer deployment", domains);
        }
        boolean devnet = embedded.devnet() != null;
        List<Credentials> instant = keys(instantKeys, devnet ? DevnetValidators.keys(FinalityState.INSTANT) : List.of());
        List<Credentials> finalized = keys(finalizedKeys, devnet ? DevnetValidators.keys(FinalityState.FINALIZED) : List.of());
        Credentials relayerCredentials = !relayerKey.isBlank() ? Credentials.create(relayerKey.trim())
                : devnet ? embedded.devnet().relayer().credentials() : null;
        var network = new MetalayerNetwork(ctx.network());
        var started = new LinkedHashSet<String>();
        var running = new Running(started, null, domains);
        running.signatures = new PostgresCheckpointSignatures(connections);
        running.snapshots = new PostgresStateSnapshots(connections);
        running.reads = new PostgresReadAttestations(connections);
        running.outbox = new PostgresOutbox(connections);
        if (wanted.contains("validator") && !instant.isEmpty()) {
            instant.forEach(k -> running.checkpointSigners.add(new CheckpointSigner(network, k, FinalityState.INSTANT, running.signatures)));
            finalized.forEach(k -> running.checkpointSigners.add(new CheckpointSigner(network, k, FinalityState.FINALIZED,
                    running.signatures)));
            instant.forEach(k -> running.stateSigners.add(new StateSigner(network, k, running.snapshots, running.reads, 16)));
            started.add("validator");
        } else if (wanted.contains("validator")) {
            log.info("Metalayer validator role not started: no metaroute.metalayer.validator-keys");
        }
        if (wanted.contains("relayer")) {
            List<URI> urls = Arrays.stream(validatorUrls.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(URI::create).toList();
            CheckpointSignatureSource signatures = null;
            StateSnapshotSource snapshots = null;
            ReadAttesters attesters = null;
            if (!running.stateSigners.isEmpty()) {
                signatures = running.signatures;
                snapshots = running.snapshots;
                attesters = ReadAttesters.inProcess(running.stateSigners);
            } else if (!urls.isEmpty()) {
                var remote = new ValidatorHttpClient(urls, httpTimeout);
                signatures = remote;
                snapshots = remote;
                attesters = remote;
            }
            if (relayerCredentials != null && signatures != null) {
                var relayer = new Relayer(network, signatures, snapshots, attesters, relayerCredentials, Duration.ZERO);
                var defaults = OutboxRelayer.Settings.defaults();
                var settings = new OutboxRelayer.Settings(relayEvery, confirmations, stuckAfter, defaults.bumpPercent(), maxGasPrice,
                        maxAttempts, defaults.firstBackoff(), defaults.maxBackoff(), defaults.concurrency());
                // From the first block when the outbox has no cursor yet: messages dispatched before are delivered too,
                // and those already delivered are marked so without a transaction.
                running.relayer = new OutboxRelayer(network, relayer, running.outbox, relayerCredentials, settings, Map.of(),
                        events.relayerListener());
                started.add("relayer");
            } else {
                log.info("Metalayer relayer role not started: it needs metaroute.metalayer.relayer-key and either the validators "
                        + "in this process or metaroute.metalayer.validator-urls");
            }
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
    SmartLifecycle metalayerLifecycle(Running running,
                                      @Value("${metaroute.metalayer.checkpoint-every:100ms}") Duration checkpointEvery,
                                      @Value("${metaroute.metalayer.snapshot-every:1s}") Duration snapshotEvery) {
        return new SmartLifecycle() {
            private final List<Disposable> loops = new ArrayList<>();

            @Override
            public void start() {
                if (!running.checkpointSigners.isEmpty()) {
                    loops.add(Flux.merge(running.checkpointSigners.stream().map(s -> s.run(checkpointEvery)).toList()).subscribe());
                    loops.add(Flux.merge(running.stateSigners.stream().map(s -> s.run(snapshotEvery)).toList()).subscribe());
                }
                if (running.relayer != null) {
                    loops.add(running.relayer.run().subscribe());
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
}
