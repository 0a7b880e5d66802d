package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.domain.Checkpoint;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.IsmMetadata;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The destination's ISM refuses checkpoint signatures that are real validators' but made for
 * another origin domain or over another MerkleTreeHook than the metadata names, the same
 * signature twice, and signatures out of the validator order; with the right ones the message is
 * delivered.
 */
@ExtendWith(DevnetExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckpointMetadataRejectionsTest {
    private static final Duration T = Duration.ofSeconds(30);
    private MetalayerFixture fx;

    @BeforeAll
    void setUp() throws Exception {
        fx = new MetalayerFixture(DevnetExtension.shared());
        fx.startGuardians(Duration.ofSeconds(1));
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    private static SignedCheckpoint sign(Checkpoint c, Credentials key) {
        var sig = Sign.signPrefixedMessage(c.digest(), key.getEcKeyPair());
        byte[] rsv = new byte[65];
        System.arraycopy(sig.getR(), 0, rsv, 0, 32);
        System.arraycopy(sig.getS(), 0, rsv, 32, 32);
        rsv[64] = sig.getV()[0];
        return new SignedCheckpoint(c, FinalityState.INSTANT, io.metaroute.core.chain.Address.of(key.getAddress()),
                Numeric.toHexString(rsv));
    }

    /** The threshold of the validators' own signatures over {@code c}, in the ISM's validator order. */
    private List<SignedCheckpoint> signedInOrder(Checkpoint c) {
        var order = fx.devnet.network().metalayer().validators(FinalityState.INSTANT).validators();
        return DevnetValidators.keys(FinalityState.INSTANT).stream().map(k -> sign(c, k))
                .sorted(java.util.Comparator.comparingInt(s -> order.indexOf(s.validator())))
                .limit(DevnetValidators.THRESHOLD).toList();
    }

    private void refused(HyperlaneMessage m, byte[] metadata, String what) {
        assertThatThrownBy(() -> fx.relayer.process(m, metadata).block(T)).as(what).isInstanceOf(RollupRpc.Rejected.class)
                .hasMessageContaining("!threshold");
        assertThat(fx.relayer.delivered(m).block(T)).as(what).isFalse();
    }

    @Test
    void signaturesForAnotherDomainOrHookDuplicatedOrOutOfOrderAreRefused() {
        Rollup ember = fx.devnet.rollup("ember");
        Rollup veil = fx.devnet.rollup("veil");
        var m = fx.client.dispatch(ember.domain(), veil.domain(), fx.recipients.get(veil.domain()),
                "checkpoint guards".getBytes(StandardCharsets.UTF_8), FinalityState.INSTANT, MetalayerFixture.GAS_LIMIT, fx.app)
                .block(T).message();
        List<SignedCheckpoint> real = fx.relayer.gather(m).block(T);
        Checkpoint c = real.get(0).checkpoint();
        assertThat(real).hasSize(2);

        // the validators' keys, the real root, index and id, but the domain hash of another origin
        Checkpoint otherDomain = new Checkpoint(veil.domain(), c.merkleTreeHook(), c.root(), c.index(), c.messageId());
        refused(m, IsmMetadata.messageIdMultisig(otherDomain, signedInOrder(otherDomain)), "signed for another origin domain");
        // ... or of another MerkleTreeHook, presented with the origin's real hook in the metadata (the message-id ISM
        // takes the hook from the metadata: validators must sign only their origin's real hook)
        // (every rollup's hook has the same address here, so "another hook" is another contract of the origin)
        Checkpoint otherHook = new Checkpoint(ember.domain(), fx.devnet.metalayer(ember.chainId()).mailbox(), c.root(),
                c.index(), c.messageId());
        assertThat(otherHook.merkleTreeHook()).isNotEqualTo(c.merkleTreeHook());
        byte[] withRealHook = IsmMetadata.messageIdMultisig(otherHook, signedInOrder(otherHook));
        System.arraycopy(Numeric.hexStringToByteArray(c.merkleTreeHook().hex()), 0, withRealHook, 12, 20);
        refused(m, withRealHook, "signed for another hook");
        refused(m, IsmMetadata.messageIdMultisig(c, List.of(real.get(0), real.get(0))), "one signature twice");
        refused(m, IsmMetadata.messageIdMultisig(c, List.of(real.get(1), real.get(0))), "signatures out of validator order");

        fx.relayer.process(m, IsmMetadata.messageIdMultisig(c, signedInOrder(c))).block(T);
        assertThat(fx.relayer.delivered(m).block(T)).isTrue();
    }
}
