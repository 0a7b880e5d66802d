package io.metaroute.bench.metalayer;

import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.Devnet;
import io.metaroute.settlement.metalayer.store.PostgresStateSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * How old the newest signed state snapshot of each rollup is, sampled: the time since it was signed,
 * and how many blocks the rollup's head is past the snapshot's block.
 */
final class SnapshotAges {
    private final Devnet devnet;
    private final PostgresStateSnapshots snapshots;
    private final Map<Domain, List<Long>> millis = new ConcurrentHashMap<>();
    private final Map<Domain, List<Long>> blocks = new ConcurrentHashMap<>();

    SnapshotAges(Devnet devnet, PostgresStateSnapshots snapshots) {
        this.devnet = devnet;
        this.snapshots = snapshots;
    }

    Disposable sample(Duration every) {
        return Flux.interval(every).onBackpressureDrop().concatMap(t -> Flux.fromIterable(devnet.network().rollups())
                .concatMap(r -> snapshots.latest(r.domain()).doOnNext(s -> {
                    Instant now = Instant.now();
                    long head;
                    try {
                        head = devnet.web3j(r.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact();
                    } catch (java.io.IOException e) {
                        return;
                    }
                    millis.computeIfAbsent(r.domain(), d -> Collections.synchronizedList(new ArrayList<>()))
                            .add(Duration.between(s.signedAt(), now).toMillis());
                    blocks.computeIfAbsent(r.domain(), d -> Collections.synchronizedList(new ArrayList<>()))
                            .add(head - s.snapshot().blockNumber());
                })), 1).subscribe();
    }

    String report() {
        var out = new StringBuilder();
        for (Rollup r : devnet.network().rollups()) {
            List<Long> ms = sorted(millis.get(r.domain()));
            List<Long> bs = sorted(blocks.get(r.domain()));
            if (ms.isEmpty()) {
                out.append("| newest snapshot of ").append(r.name()).append(" | no samples |\n");
                continue;
            }
            out.append(String.format("| newest snapshot of %s, age since signed (n=%d) | p50 %d ms, p99 %d ms, max %d ms;"
                    + " head past its block: p99 %d blocks |%n", r.name(), ms.size(), MetalayerBenchmark.pct(ms, 50),
                    MetalayerBenchmark.pct(ms, 99), ms.get(ms.size() - 1), MetalayerBenchmark.pct(bs, 99)));
        }
        return out.toString();
    }

    private static List<Long> sorted(List<Long> l) {
        if (l == null) {
            return List.of();
        }
        synchronized (l) {
            return l.stream().sorted().toList();
        }
    }
}
