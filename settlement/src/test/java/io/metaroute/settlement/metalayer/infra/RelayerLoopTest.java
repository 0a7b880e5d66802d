package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.store.MetalayerDatabase;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.utils.Numeric;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The relayer's outbox loop alone delivers what is dispatched, on every ordered pair, exactly once, with and without reads. */
@ExtendWith(DevnetExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayerLoopTest {
    private static final int ROUNDS = 2;
    private MetalayerFixture fx;

    @BeforeAll
    void setUp() throws Exception {
        fx = new MetalayerFixture(DevnetExtension.shared());
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    private record Sent(io.metaroute.settlement.metalayer.domain.HyperlaneMessage message, String id, Domain destination, String text, boolean reads, long sentNanos) {
    }

    @Test
    void theLoopAloneDeliversEveryOrderedPairExactlyOnce() throws Exception {
        var rollups = fx.devnet.network().rollups();
        Map<Domain, Long> from = new HashMap<>();
        for (Rollup r : rollups) {
            from.put(r.domain(), fx.head(r.domain()) + 1);
        }
        fx.startGuardians(Duration.ofSeconds(1));
        var deliveries = new ConcurrentLinkedQueue<OutboxEntry>();
        var deliveredAt = new ConcurrentHashMap<String, Long>();
        var relayer = new Relayer(fx.network, fx.signatures, fx.snapshots, ReadAttesters.inProcess(fx.stateSigners),
                fx.devnet.relayer().credentials(), Duration.ZERO);
        var settings = OutboxRelayer.Settings.defaults().withConfirmations(0);
        Disposable loop = new OutboxRelayer(fx.network, relayer, new PostgresOutbox(MetalayerDatabase.fresh("loop")),
                fx.devnet.relayer().credentials(), new OutboxRelayer.Settings(Duration.ofMillis(100), 0, settings.stuckAfter(),
                        settings.bumpPercent(), settings.maxGasPrice(), settings.maxAttempts(), settings.firstBackoff(),
                        settings.maxBackoff(), settings.concurrency()), from, new OutboxRelayer.Listener() { })
                .run().subscribe(d -> {
                    deliveredAt.putIfAbsent(d.message().id(), System.nanoTime());
                    deliveries.add(d);
                });
        try {
            var dispatches = new ArrayList<Mono<Sent>>();
            for (int round = 0; round < ROUNDS + 1; round++) {
                boolean withReads = round == ROUNDS; // the last round reads the third rollup
                for (Rollup a : rollups) {
                    for (Rollup b : rollups) {
                        if (a.equals(b)) {
                            continue;
                        }
                        Rollup third = rollups.stream().filter(r -> !r.equals(a) && !r.equals(b)).findFirst().orElseThrow();
                        String text = "loop " + round + " " + a.name() + "->" + b.name();
                        List<ReadOperation> reads = withReads ? List.of(new ReadOperation(third.domain(), fx.recipients.get(third.domain()),
                                Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("count", List.of(), List.of())))))
                                : List.of();
                        dispatches.add(Mono.defer(() -> {
                            long t0 = System.nanoTime();
                            return fx.client.dispatch(a.domain(), b.domain(), fx.recipients.get(b.domain()), reads,
                                    text.getBytes(StandardCharsets.UTF_8), FinalityState.INSTANT, MetalayerFixture.GAS_LIMIT, fx.app)
                                    .map(d -> new Sent(d.message(), d.message().id(), b.domain(), text, withReads, t0));
                        }));
                    }
                }
            }
            List<Sent> sent = Flux.merge(dispatches).collectList().block(Duration.ofSeconds(60));
            assertThat(sent).hasSize(6 * (ROUNDS + 1));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!sent.stream().allMatch(s -> deliveredAt.containsKey(s.id())) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sent).allSatisfy(s -> assertThat(deliveredAt).as("delivered by the loop").containsKey(s.id()));
            Thread.sleep(3_000); // the loop keeps running: nothing may be delivered twice
            for (Sent s : sent) {
                assertThat(deliveries.stream().filter(d -> d.message().id().equals(s.id()))).hasSize(1);
                assertThat(fx.relayer.delivered(s.message()).block()).isTrue();
            }
            for (Rollup r : rollups) {
                var got = fx.received(r.domain());
                var expected = sent.stream().filter(s -> s.destination().equals(r.domain())).toList();
                assertThat(got).hasSize(expected.size());
                for (Sent s : expected) {
                    assertThat(got.stream().filter(g -> new String(g.message(), StandardCharsets.UTF_8).equals(s.text()))).singleElement()
                            .satisfies(g -> assertThat(g.readResults()).hasSize(s.reads() ? 1 : 0));
                }
            }
            System.out.printf("metalayer relayer loop: %d messages; dispatch-to-delivery p50 without reads %d ms (max %d), with reads %d ms (max %d)%n",
                    sent.size(), p50(sent, deliveredAt, false), max(sent, deliveredAt, false), p50(sent, deliveredAt, true),
                    max(sent, deliveredAt, true));
        } finally {
            loop.dispose();
        }
    }

    private static List<Long> millis(List<Sent> sent, Map<String, Long> at, boolean reads) {
        return sent.stream().filter(s -> s.reads() == reads).map(s -> (at.get(s.id()) - s.sentNanos()) / 1_000_000).sorted().toList();
    }

    private static long p50(List<Sent> sent, Map<String, Long> at, boolean reads) {
        var m = millis(sent, at, reads);
        return m.get((m.size() - 1) / 2);
    }

    private static long max(List<Sent> sent, Map<String, Long> at, boolean reads) {
        var m = millis(sent, at, reads);
        return m.get(m.size() - 1);
    }
}
