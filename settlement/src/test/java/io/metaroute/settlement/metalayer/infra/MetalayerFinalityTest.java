package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.store.MetalayerDatabase;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * FINALIZED on the devnet (anvil's {@code finalized} tag trails the head by 8 blocks): every
 * ordered pair is delivered, and only once the origin finalized the dispatch; a reorg of the
 * origin before finality delivers nothing it removed, and the INSTANT validators, which had
 * signed the removed leaf at the head, stop signing that origin and say why.
 */
@ExtendWith(DevnetExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetalayerFinalityTest {
    private static final Duration T = Duration.ofSeconds(60);
    private MetalayerFixture fx;
    private List<CheckpointSigner> finalizedSigners;
    private PostgresOutbox outbox;
    private final List<Disposable> loops = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        fx = new MetalayerFixture(DevnetExtension.shared());
        finalizedSigners = DevnetValidators.keys(FinalityState.FINALIZED).stream()
                .map(k -> new CheckpointSigner(fx.network, k, FinalityState.FINALIZED, fx.signatures)).toList();
        outbox = new PostgresOutbox(MetalayerDatabase.fresh("finality"));
        Map<Domain, Long> start = new HashMap<>();
        for (Rollup r : fx.devnet.network().rollups()) {
            start.put(r.domain(), fx.head(r.domain()) + 1);
        }
        fx.startGuardians(Duration.ofSeconds(1));
        loops.add(Flux.merge(finalizedSigners.stream().map(s -> s.run(Duration.ofMillis(50))).toList()).subscribe());
        var relayer = new Relayer(fx.network, fx.signatures, fx.snapshots, ReadAttesters.inProcess(fx.stateSigners),
                fx.devnet.relayer().credentials(), Duration.ZERO);
        loops.add(new OutboxRelayer(fx.network, relayer, outbox, fx.devnet.relayer().credentials(),
                OutboxRelayer.Settings.defaults().withConfirmations(1), start, new OutboxRelayer.Listener() { }).run().subscribe());
    }

    @AfterAll
    void tearDown() {
        loops.forEach(Disposable::dispose);
        fx.close();
    }

    private long finalized(Domain d) throws Exception {
        return fx.devnet.web3j(fx.rollup(d).chainId()).ethGetBlockByNumber(DefaultBlockParameterName.FINALIZED, false).send()
                .getBlock().getNumber().longValueExact();
    }

    private boolean signed(HyperlaneMessage m, FinalityState f) {
        Address first = fx.devnet.network().metalayer().validators(f).validators().get(0);
        return fx.signatures.find(m.origin(), m.id(), f, first).blockOptional().isPresent();
    }

    private long dispatchBlock(HyperlaneMessage m) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            var e = outbox.find(m.id()).block(T);
            if (e != null) {
                return e.originBlock();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the relayer never took " + m.id() + " into its outbox");
    }

    private long received(Domain d, String text) throws Exception {
        return fx.received(d).stream().filter(r -> new String(r.message(), StandardCharsets.UTF_8).equals(text)).count();
    }

    private record Sent(HyperlaneMessage message, String text, long block) {
    }

    @Test
    @Order(1)
    void everyOrderedPairRoundTripsInFinalizedModeOnlyAfterTheOriginFinalizedTheDispatch() throws Exception {
        var rollups = fx.devnet.network().rollups();
        var sent = new ArrayList<Sent>();
        for (Rollup a : rollups) {
            for (Rollup b : rollups) {
                if (a.equals(b)) {
                    continue;
                }
                String text = "finalized " + a.name() + "->" + b.name();
                var m = fx.client.dispatch(a.domain(), b.domain(), fx.recipients.get(b.domain()), text.getBytes(StandardCharsets.UTF_8),
                        FinalityState.FINALIZED, MetalayerFixture.GAS_LIMIT, fx.app).block(T).message();
                sent.add(new Sent(m, text, dispatchBlock(m)));
            }
        }
        long deadline = System.nanoTime() + T.toNanos();
        boolean all = false;
        while (!all && System.nanoTime() < deadline) {
            all = true;
            for (Sent s : sent) {
                // a FINALIZED signature seen now was made when the origin's finalized tag had reached the dispatch
                boolean signedNow = signed(s.message(), FinalityState.FINALIZED);
                long finalizedNow = finalized(s.message().origin());
                if (signedNow) {
                    assertThat(finalizedNow).as("finalized block of %s when %s was signed", s.message().origin(), s.text())
                            .isGreaterThanOrEqualTo(s.block());
                }
                var e = outbox.find(s.message().id()).block(T);
                all &= e != null && e.status() == OutboxEntry.Status.DELIVERED;
            }
            Thread.sleep(100);
        }
        for (Sent s : sent) {
            assertThat(outbox.find(s.message().id()).block(T).status()).as(s.text()).isEqualTo(OutboxEntry.Status.DELIVERED);
            assertThat(received(s.message().destination(), s.text())).as(s.text()).isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void aReorgOfTheOriginBeforeFinalityDeliversNothingItRemovedAndStopsTheValidatorsThatSignedIt() throws Exception {
        Rollup origin = fx.devnet.rollup("veil"); // 1 s blocks: finality 8 s behind the head
        Rollup destination = fx.devnet.rollup("ember");
        String text = "removed before finality";
        var m = fx.client.dispatch(origin.domain(), destination.domain(), fx.recipients.get(destination.domain()),
                text.getBytes(StandardCharsets.UTF_8), FinalityState.FINALIZED, MetalayerFixture.GAS_LIMIT, fx.app).block(T).message();
        long block = dispatchBlock(m);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!signed(m, FinalityState.INSTANT) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(signed(m, FinalityState.INSTANT)).as("signed at the head by the INSTANT validators").isTrue();
        assertThat(finalized(origin.domain())).as("not final yet").isLessThan(block);
        AnvilControl.reorgFrom(origin.rpcUrl(), block, 1);
        assertThat(finalized(origin.domain())).isLessThan(block);

        while (finalized(origin.domain()) < block + 3) { // past finality of where the message was, and a few relayer rounds
            Thread.sleep(200);
        }
        Thread.sleep(2_000);
        assertThat(signed(m, FinalityState.FINALIZED)).as("FINALIZED validators never saw it").isFalse();
        assertThat(fx.relayer.delivered(m).block(T)).isFalse();
        assertThat(received(destination.domain(), text)).isZero();
        var entry = outbox.find(m.id()).block(T);
        assertThat(entry.status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(entry.txHash()).isNull();
        assertThat(entry.reason()).startsWith("waiting");

        for (CheckpointSigner s : fx.checkpointSigners) {
            assertThat(s.halted(origin.domain())).as("INSTANT validator %s on %s", s.validator(), origin.name()).isPresent()
                    .hasValueSatisfying(why -> assertThat(why).contains("reorg below a signed root"));
            assertThat(s.halted(destination.domain())).isEmpty();
        }
        for (CheckpointSigner s : finalizedSigners) {
            assertThat(s.halted(origin.domain())).as("FINALIZED validator %s", s.validator()).isEmpty();
        }
    }
}
