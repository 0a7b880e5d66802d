package io.metaroute.bench.metalayer;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.ContractArtifact;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetConfig;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.devnet.RollupSpec;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.infra.CheckpointSigner;
import io.metaroute.settlement.metalayer.infra.MetalayerClient;
import io.metaroute.settlement.metalayer.infra.MetalayerNetwork;
import io.metaroute.settlement.metalayer.infra.OutboxRelayer;
import io.metaroute.settlement.metalayer.infra.ReadAttesters;
import io.metaroute.settlement.metalayer.infra.Relayer;
import io.metaroute.settlement.metalayer.infra.StateSigner;
import io.metaroute.settlement.metalayer.store.PostgresCheckpointSignatures;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import io.metaroute.settlement.metalayer.store.PostgresReadAttestations;
import io.metaroute.settlement.metalayer.store.PostgresStateSnapshots;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Metalayer end to end on a devnet whose three rollups all make 1 s blocks (anvil's finalized tag
 * 8 blocks behind): the service's validators (INSTANT and FINALIZED checkpoint signers, state
 * signers every second) and its outbox relayer over PostgreSQL, as the main job wires them.
 * Measures dispatch-to-handle latency per finality mode (from the dispatch's receipt to the relayer
 * seeing the delivery mined and {@code Mailbox.delivered} true; the relayer confirms at depth 0
 * here), the age of the newest signed state snapshot of each rollup (sampled every 100 ms), the
 * messages per second relayed in a burst, and the gas of each delivery with and without a read.
 * Prints a Markdown report.
 *
 * <p>Options: {@code --instant=N} (default 60, paced at 3 per second), {@code --finalized=N}
 * (default 18), {@code --burst=N} (default 120).
 */
public final class MetalayerBenchmark {
    private static final Duration T = Duration.ofSeconds(120);

    private MetalayerBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            Map<String, Integer> o = new java.util.HashMap<>(Map.of("instant", 60, "finalized", 18, "burst", 120));
            for (String a : args) {
                String[] kv = a.replaceFirst("^--", "").split("=", 2);
                o.put(kv[0], Integer.parseInt(kv[1]));
            }
            System.out.println(run(o.get("instant"), o.get("finalized"), o.get("burst")));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    record Sent(HyperlaneMessage message, FinalityState finality, boolean reads, long minedNanos) {
    }

    private static String run(int instant, int finalized, int burst) throws Exception {
        List<RollupSpec> specs = DevnetConfig.defaultRollups().stream().map(s -> new RollupSpec(s.name(), s.profile(), s.chainId(),
                s.domain(), Duration.ofSeconds(1), s.baseFeeWei(), s.pools())).toList();
        String schema = "bench_metalayer_" + Instant.now().getEpochSecond();
        var db = BenchDatabase.fresh(schema);
        var loops = new ArrayList<Disposable>();
        try (Devnet devnet = Devnet.start(DevnetConfig.defaults().withRollups(specs));
             var network = new MetalayerNetwork(devnet.network())) {
            var signatures = new PostgresCheckpointSignatures(db);
            var snapshots = new PostgresStateSnapshots(db);
            var stateSigners = DevnetValidators.keys(FinalityState.INSTANT).stream()
                    .map(k -> new StateSigner(network, k, snapshots, new PostgresReadAttestations(db), 16)).toList();
            var checkpointSigners = new ArrayList<CheckpointSigner>();
            for (FinalityState f : FinalityState.values()) {
                DevnetValidators.keys(f).forEach(k -> checkpointSigners.add(new CheckpointSigner(network, k, f, signatures)));
            }
            loops.add(Flux.merge(checkpointSigners.stream().map(s -> s.run(Duration.ofMillis(100))).toList()).subscribe());
            loops.add(Flux.merge(stateSigners.stream().map(s -> s.run(Duration.ofSeconds(1))).toList()).subscribe());
            Credentials relayerKey = devnet.relayer().credentials();
            var relayer = new Relayer(network, signatures, snapshots, ReadAttesters.inProcess(stateSigners), relayerKey, Duration.ZERO);
            var d = OutboxRelayer.Settings.defaults();
            var settings = new OutboxRelayer.Settings(Duration.ofMillis(100), 0, d.stuckAfter(), d.bumpPercent(), d.maxGasPrice(),
                    d.maxAttempts(), d.firstBackoff(), d.maxBackoff(), d.concurrency());
            var outbox = new PostgresOutbox(db);
            var deliveredAt = new ConcurrentHashMap<String, Long>();
            loops.add(new OutboxRelayer(network, relayer, outbox, relayerKey, settings, Map.of(), new OutboxRelayer.Listener() { })
                    .run().subscribe(e -> deliveredAt.putIfAbsent(e.id(), System.nanoTime())));

            Credentials app = devnet.wallets().get(2).credentials();
            var recipients = new java.util.HashMap<Domain, Address>();
            for (Rollup r : devnet.network().rollups()) {
                recipients.put(r.domain(), deployRecipient(devnet, r, app));
            }
            var client = new MetalayerClient(network);
            var ages = new SnapshotAges(devnet, snapshots);
            loops.add(ages.sample(Duration.ofMillis(100)));
            Thread.sleep(3_000); // first snapshots signed, signers caught up

            var rollups = devnet.network().rollups();
            List<Mono<Sent>> paced = new ArrayList<>();
            for (int i = 0; i < instant + finalized; i++) {
                Rollup a = rollups.get(i % 3);
                Rollup b = rollups.get((i + 1 + (i / 3) % 2) % 3);
                Rollup third = rollups.stream().filter(r -> !r.equals(a) && !r.equals(b)).findFirst().orElseThrow();
                boolean reads = i % 2 == 1;
                FinalityState f = i < instant ? FinalityState.INSTANT : FinalityState.FINALIZED;
                List<ReadOperation> ops = reads ? List.of(new ReadOperation(third.domain(), recipients.get(third.domain()),
                        Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("count", List.of(), List.of()))))) : List.of();
                byte[] body = ("bench " + i).getBytes();
                paced.add(Mono.delay(Duration.ofMillis(333L * i)).then(Mono.defer(() -> client.dispatch(a.domain(), b.domain(),
                        recipients.get(b.domain()), ops, body, f, 400_000, app))).map(s -> new Sent(s.message(), f, reads, System.nanoTime())));
            }
            List<Sent> sent = Flux.merge(paced).collectList().block(T);
            await(sent, deliveredAt);
            var gas = new GasReport(devnet, outbox);
            for (Sent s : sent) {
                gas.add(s.message(), s.reads());
            }

            long burstStart = System.nanoTime();
            List<Mono<Sent>> fast = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                Rollup a = rollups.get(i % 3);
                Rollup b = rollups.get((i + 1) % 3);
                byte[] body = ("burst " + i).getBytes();
                fast.add(Mono.defer(() -> client.dispatch(a.domain(), b.domain(), recipients.get(b.domain()), body,
                        FinalityState.INSTANT, 300_000, app)).map(s -> new Sent(s.message(), FinalityState.INSTANT, false, System.nanoTime())));
            }
            List<Sent> burstSent = Flux.merge(fast).collectList().block(T);
            await(burstSent, deliveredAt);
            long firstMined = burstSent.stream().mapToLong(Sent::minedNanos).min().orElseThrow();
            long lastDelivered = burstSent.stream().mapToLong(s -> deliveredAt.get(s.message().id())).max().orElseThrow();

            var report = new StringBuilder();
            report.append("| measure | value |\n|---|---|\n");
            for (FinalityState f : FinalityState.values()) {
                var ms = sent.stream().filter(s -> s.finality() == f)
                        .map(s -> (deliveredAt.get(s.message().id()) - s.minedNanos()) / 1_000_000).sorted().toList();
                report.append(String.format("| dispatch-to-handle %s (n=%d) | p50 %d ms, p99 %d ms, max %d ms |%n", f, ms.size(),
                        pct(ms, 50), pct(ms, 99), ms.get(ms.size() - 1)));
            }
            report.append(ages.report());
            report.append(String.format("| burst of %d INSTANT messages, first dispatch mined to last delivered | %.1f s, %.1f messages/s |%n",
                    burst, (lastDelivered - firstMined) / 1e9, burst / ((lastDelivered - firstMined) / 1e9)));
            report.append(gas.report());
            long unfinished = outbox.counts().filter(c -> c.status() != OutboxEntry.Status.DELIVERED).map(c -> c.count())
                    .reduce(0L, Long::sum).block(T);
            report.append(String.format("| outbox entries not delivered at the end | %d |%n", unfinished));
            return report.toString();
        } finally {
            loops.forEach(Disposable::dispose);
            BenchDatabase.drop(schema);
        }
    }

    private static void await(List<Sent> sent, Map<String, Long> deliveredAt) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!sent.stream().allMatch(s -> deliveredAt.containsKey(s.message().id())) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long missing = sent.stream().filter(s -> !deliveredAt.containsKey(s.message().id())).count();
        if (missing > 0) {
            throw new IllegalStateException(missing + " of " + sent.size() + " messages not delivered in " + T);
        }
    }

    static long pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static Address deployRecipient(Devnet devnet, Rollup r, Credentials from) throws Exception {
        var web3j = devnet.web3j(r.chainId());
        String code = ContractArtifact.bytecode("MetalayerTestRecipient") + FunctionEncoder.encodeConstructor(
                List.of(new org.web3j.abi.datatypes.Address(devnet.metalayer(r.chainId()).router().hex())));
        BigInteger nonce = web3j.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
        BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
        var raw = RawTransaction.createContractTransaction(nonce, price, BigInteger.valueOf(2_000_000), BigInteger.ZERO, code);
        String hash = web3j.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(raw, r.chainId().value(), from)))
                .send().getTransactionHash();
        var receipt = devnet.receiptProcessor(r.chainId()).waitForTransactionReceipt(hash);
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException("recipient deployment reverted on " + r.name());
        }
        return Address.of(receipt.getContractAddress());
    }
}
