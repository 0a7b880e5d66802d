package io.metaroute.settlement.metalayer.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.settlement.metalayer.domain.Checkpoint;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.ReadAttestation;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;
import io.metaroute.settlement.metalayer.domain.SignedSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What validators store in PostgreSQL comes back as it went in, keyed as the relayer asks for it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresStoresTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Domain ORIGIN = Domain.of(7101);
    private static final Address HOOK = Address.of("0x00000000000000000000000000000000000000aa");
    private static final Address V1 = Address.of("0x1000000000000000000000000000000000000001");
    private static final Address V2 = Address.of("0x2000000000000000000000000000000000000002");
    private ConnectionFactory db;

    @BeforeAll
    void database() {
        db = MetalayerDatabase.fresh("stores");
    }

    private static String word(int b) {
        return "0x" + String.format("%02x", b).repeat(32);
    }

    private static String sig(int b) {
        return "0x" + String.format("%02x", b).repeat(65);
    }

    @Test
    void checkpointSignaturesAreFoundPerValidatorAndFinalityAndTheFirstSignatureStays() {
        var store = new PostgresCheckpointSignatures(db);
        var c = new Checkpoint(ORIGIN, HOOK, word(1), 3, word(2));
        store.publish(new SignedCheckpoint(c, FinalityState.INSTANT, V1, sig(7))).block(T);
        store.publish(new SignedCheckpoint(c, FinalityState.INSTANT, V1, sig(8))).block(T); // same key: kept as first
        store.publish(new SignedCheckpoint(c, FinalityState.FINALIZED, V2, sig(9))).block(T);

        var found = store.find(ORIGIN, word(2).toUpperCase().replace("0X", "0x"), FinalityState.INSTANT, V1).block(T);
        assertThat(found).isEqualTo(new SignedCheckpoint(c, FinalityState.INSTANT, V1, sig(7)));
        assertThat(store.find(ORIGIN, word(2), FinalityState.INSTANT, V2).blockOptional(T)).isEmpty();
        assertThat(store.find(ORIGIN, word(2), FinalityState.FINALIZED, V2).block(T).signature()).isEqualTo(sig(9));
        assertThat(store.find(Domain.of(7102), word(2), FinalityState.INSTANT, V1).blockOptional(T)).isEmpty();
        assertThat(store.find(ORIGIN, word(2), FinalityState.INSTANT).collectList().block(T)).hasSize(1);
    }

    @Test
    void aSnapshotOfAnOlderBlockNeverReplacesANewerOne() {
        var store = new PostgresStateSnapshots(db);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var newer = new SignedSnapshot(new StateSnapshot(ORIGIN, 20, word(3), word(4)), V1, sig(1), now);
        var older = new SignedSnapshot(new StateSnapshot(ORIGIN, 19, word(5), word(6)), V1, sig(2), now.plusSeconds(1));
        var other = new SignedSnapshot(new StateSnapshot(ORIGIN, 21, word(7), word(8)), V2, sig(3), now);
        store.publish(newer).block(T);
        store.publish(older).block(T);
        store.publish(other).block(T);

        assertThat(store.latest(ORIGIN, V1).block(T)).isEqualTo(newer);
        assertThat(store.latest(ORIGIN).block(T)).isEqualTo(other);
        assertThat(store.latest(Domain.of(7109)).blockOptional(T)).isEmpty();
        var resigned = new SignedSnapshot(newer.snapshot(), V1, sig(1), now.plusSeconds(2));
        store.publish(resigned).block(T);
        assertThat(store.latest(ORIGIN, V1).block(T).signedAt()).isEqualTo(now.plusSeconds(2));
    }

    @Test
    void readAttestationsKeepTheReadTheBlockAndTheResult() {
        var store = new PostgresReadAttestations(db);
        var read = new ReadOperation(ORIGIN, HOOK, new byte[] {1, 2, 3});
        var a = new ReadAttestation(word(9), read, 44, word(10), new byte[] {9, 9}, V1, sig(4));
        store.publish(a).block(T);
        store.publish(a).block(T);
        var found = store.find(word(9)).collectList().block(T);
        assertThat(found).hasSize(1);
        var got = found.get(0);
        assertThat(got.sameAs(a)).isTrue();
        assertThat(got.read().callData()).containsExactly(1, 2, 3);
        assertThat(got.read().target()).isEqualTo(HOOK);
        assertThat(got.validator()).isEqualTo(V1);
        assertThat(got.digest()).isEqualTo(a.digest());
        assertThat(store.find(word(11)).collectList().block(T)).isEmpty();
    }
}
