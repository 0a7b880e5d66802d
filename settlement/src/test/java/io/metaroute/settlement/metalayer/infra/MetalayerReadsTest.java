package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.IsmMetadata;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.ReadAttestation;
import io.metaroute.settlement.metalayer.domain.ReadProof;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/** Metalayer messages with cross-rollup reads on the devnet: attested by the guardians, verified by the router. */
@ExtendWith(DevnetExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetalayerReadsTest {
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

    /** Two reads of the third rollup: the app's balance of its first token, and the third rollup's recipient count. */
    private List<ReadOperation> readsOf(Rollup third) {
        var balanceOf = FunctionEncoder.encode(new Function("balanceOf",
                List.of(new org.web3j.abi.datatypes.Address(fx.app.getAddress())), List.of()));
        var count = FunctionEncoder.encode(new Function("count", List.of(), List.of()));
        return List.of(new ReadOperation(third.domain(), third.tokens().get(0).address(), Numeric.hexStringToByteArray(balanceOf)),
                new ReadOperation(third.domain(), fx.recipients.get(third.domain()), Numeric.hexStringToByteArray(count)));
    }

    private record Sent(HyperlaneMessage message, List<ReadOperation> reads, Domain third) {
    }

    private Sent dispatchWithReads(Rollup from, Rollup to, Rollup third, String text) {
        var reads = readsOf(third);
        var d = fx.client.dispatch(from.domain(), to.domain(), fx.recipients.get(to.domain()), reads,
                text.getBytes(StandardCharsets.UTF_8), FinalityState.INSTANT, MetalayerFixture.GAS_LIMIT, fx.app)
                .block(Duration.ofSeconds(30));
        return new Sent(d.message(), reads, third.domain());
    }

    @Test
    void readsFromEveryOriginArriveWithTheThirdRollupsStateAtTheAttestedBlock() throws Exception {
        var rollups = fx.devnet.network().rollups();
        assertThat(rollups).hasSize(3);
        var gasWithReads = new ArrayList<BigInteger>();
        for (int i = 0; i < rollups.size(); i++) {
            Rollup from = rollups.get(i);
            Rollup to = rollups.get((i + 1) % 3);
            Rollup third = rollups.get((i + 2) % 3);
            Sent s = dispatchWithReads(from, to, third, "reads for " + to.name() + " from " + from.name());
            var checkpoints = fx.relayer.gather(s.message()).block(Duration.ofSeconds(20));
            var attestations = fx.relayer.gatherReads(s.message()).block(Duration.ofSeconds(20));
            assertThat(attestations).hasSize(2);
            var results = attestations.stream().map(a -> a.get(0).result()).toList();
            var delivery = fx.relayer.deliverWithReads(s.message(), IsmMetadata.messageIdMultisig(checkpoints.get(0).checkpoint(),
                    checkpoints), results, attestations.stream().map(ReadProof::of).toList()).block(Duration.ofSeconds(30));
            gasWithReads.add(delivery.gasUsed());
            assertThat(fx.relayer.delivered(s.message()).block()).isTrue();

            var got = fx.received(to.domain()).stream()
                    .filter(r -> new String(r.message(), StandardCharsets.UTF_8).equals("reads for " + to.name() + " from " + from.name()))
                    .toList();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).reads()).isEqualTo(2);
            assertThat(got.get(0).readResults()).hasSize(2);
            for (int j = 0; j < 2; j++) {
                ReadAttestation a = attestations.get(j).get(0);
                ReadOperation read = s.reads().get(j);
                // the attested block is the third rollup's block of that number, and the result is its state there
                var block = fx.devnet.web3j(third.chainId()).ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(a.blockNumber())), false).send().getBlock();
                assertThat(block.getHash()).isEqualToIgnoringCase(a.blockHash());
                byte[] atBlock = fx.ethCall(third.domain(), read.target(), read.callData(), a.blockNumber());
                assertThat(got.get(0).readResults().get(j)).isEqualTo(atBlock).isEqualTo(a.result());
            }
            // the balance is real state, not an empty answer
            assertThat(new BigInteger(1, got.get(0).readResults().get(0))).isPositive();
            // the router's digest is the validators'
            ReadAttestation a = attestations.get(0).get(0);
            assertThat(routerDigest(to, s.message().id(), a)).isEqualTo(a.digest());
        }
        // the same pair without reads, for the gas comparison
        Rollup from = rollups.get(0);
        Rollup to = rollups.get(1);
        var plain = fx.client.dispatch(from.domain(), to.domain(), fx.recipients.get(to.domain()),
                "no reads".getBytes(StandardCharsets.UTF_8), FinalityState.INSTANT, MetalayerFixture.GAS_LIMIT, fx.app)
                .block(Duration.ofSeconds(30));
        var noReads = fx.relayer.deliver(plain.message()).block(Duration.ofSeconds(30));
        System.out.printf("metalayer reads: delivery gas without reads %s; with 2 reads (threshold 2 of 3) %s%n",
                noReads.gasUsed(), gasWithReads);
    }

    @SuppressWarnings("rawtypes")
    private byte[] routerDigest(Rollup on, String messageId, ReadAttestation a) throws Exception {
        var f = new Function("readDigest", List.<Type>of(new Bytes32(Numeric.hexStringToByteArray(messageId)),
                new Uint32(a.read().domain().value()), new Uint256(a.blockNumber()),
                new Bytes32(Numeric.hexStringToByteArray(a.blockHash())), new org.web3j.abi.datatypes.Address(a.read().target().hex()),
                new DynamicBytes(a.read().callData()), new DynamicBytes(a.result())), List.of(new TypeReference<Bytes32>() { }));
        return (byte[]) MetalayerFixture.call(fx.devnet.web3j(on.chainId()), fx.devnet.metalayer(on.chainId()).router(), f,
                DefaultBlockParameterName.LATEST).get(0).getValue();
    }

    @Test
    void theRouterRejectsTamperedResultsOtherBlocksAndBadSignatureSets() throws Exception {
        var rollups = fx.devnet.network().rollups();
        Rollup from = rollups.get(1);
        Rollup to = rollups.get(2);
        Rollup third = rollups.get(0);
        Sent s = dispatchWithReads(from, to, third, "guarded reads");
        List<SignedCheckpoint> checkpoints = fx.relayer.gather(s.message()).block(Duration.ofSeconds(20));
        byte[] metadata = IsmMetadata.messageIdMultisig(checkpoints.get(0).checkpoint(), checkpoints);
        var attestations = fx.relayer.gatherReads(s.message()).block(Duration.ofSeconds(20));
        List<byte[]> results = attestations.stream().map(a -> a.get(0).result()).toList();
        List<ReadProof> proofs = attestations.stream().map(ReadProof::of).toList();
        ReadProof p0 = proofs.get(0);
        byte[] sigA = Arrays.copyOfRange(p0.signatures(), 0, 65);
        byte[] sigB = Arrays.copyOfRange(p0.signatures(), 65, 130);

        byte[] tampered = results.get(0).clone();
        tampered[tampered.length - 1] ^= 0x01;
        rejected(s, metadata, List.of(tampered, results.get(1)), proofs, "read not attested by a validator");
        rejected(s, metadata, results, with(proofs, new ReadProof(p0.blockNumber() - 1, p0.blockHash(), p0.signatures())),
                "read not attested by a validator");
        String otherHash = fx.devnet.web3j(third.chainId()).ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(p0.blockNumber() - 1)), false).send().getBlock().getHash();
        rejected(s, metadata, results, with(proofs, new ReadProof(p0.blockNumber() - 1, otherHash, p0.signatures())),
                "read not attested by a validator");
        rejected(s, metadata, results, with(proofs, p0.withSignatures(sigA)), "too few read signatures");
        rejected(s, metadata, results, with(proofs, p0.withSignatures(concat(sigA, sigA))), "read signatures not in validator order");
        rejected(s, metadata, results, with(proofs, p0.withSignatures(concat(sigB, sigA))), "read signatures not in validator order");
        // a well-formed signature over the right digest, by a key that is not a read validator
        Credentials stranger = Credentials.create(Keys.createEcKeyPair());
        var sig = Sign.signPrefixedMessage(attestations.get(0).get(0).digest(), stranger.getEcKeyPair());
        byte[] strangerSig = concat(sig.getR(), sig.getS(), sig.getV());
        rejected(s, metadata, results, with(proofs, p0.withSignatures(concat(sigA, strangerSig))), "read not attested by a validator");
        // a message with reads delivered around the router gets no results and is refused
        assertThatThrownBy(() -> fx.relayer.process(s.message(), metadata).block()).isInstanceOf(RollupRpc.Rejected.class)
                .hasMessageContaining("reads not attested");
        assertThat(fx.relayer.delivered(s.message()).block()).isFalse();

        fx.relayer.deliverWithReads(s.message(), metadata, results, proofs).block(Duration.ofSeconds(30));
        assertThat(fx.relayer.delivered(s.message()).block()).isTrue();
        assertThat(fx.received(to.domain()).stream().filter(r -> new String(r.message(), StandardCharsets.UTF_8)
                .equals("guarded reads")).toList()).hasSize(1);
    }

    @Test
    void aValidatorAttestsOnlyAtARecentBlockOfItsOwnChain() throws Exception {
        Rollup fast = fx.devnet.rollup("ember");
        StateSigner v = fx.stateSigners.get(0);
        var own = v.snapshot(fast.domain()).block(Duration.ofSeconds(10)).snapshot();
        var read = readsOf(fast).get(0);
        String id = "0x" + "ab".repeat(32);
        assertThat(v.attest(id, read, own).block(Duration.ofSeconds(10)).result())
                .isEqualTo(fx.ethCall(fast.domain(), read.target(), read.callData(), own.blockNumber()));
        long old = own.blockNumber() - MetalayerFixture.MAX_BLOCKS_BEHIND - 1;
        assertThat(old).isPositive();
        String oldHash = fx.devnet.web3j(fast.chainId()).ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(old)), false)
                .send().getBlock().getHash();
        assertThatThrownBy(() -> v.attest(id, read, new StateSnapshot(fast.domain(), old, oldHash, own.stateRoot())).block())
                .hasMessageContaining("will not attest block " + old);
        assertThatThrownBy(() -> v.attest(id, read, new StateSnapshot(fast.domain(), own.blockNumber(), "0x" + "11".repeat(32),
                own.stateRoot())).block()).hasMessageContaining("not 0x" + "11".repeat(32));
        // the store answers with the latest snapshot per rollup
        assertThat(fx.snapshots.latest(fast.domain()).blockOptional().orElseThrow().snapshot().blockNumber()).isGreaterThanOrEqualTo(own.blockNumber());
    }

    @Test
    void everyValidatorKeepsASignedSnapshotOfEveryRollupFreshWithinItsCadence() throws Exception {
        Thread.sleep(1_500);
        var now = java.time.Instant.now();
        for (Rollup r : fx.devnet.network().rollups()) {
            for (StateSigner v : fx.stateSigners) {
                var s = fx.snapshots.latest(r.domain(), v.validator()).blockOptional().orElseThrow();
                assertThat(Duration.between(s.signedAt(), now)).isLessThan(Duration.ofMillis(2_500));
                var block = fx.devnet.web3j(r.chainId()).ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(s.snapshot().blockNumber())), false).send().getBlock();
                assertThat(block.getHash()).isEqualToIgnoringCase(s.snapshot().blockHash());
                assertThat(block.getStateRoot()).isEqualToIgnoringCase(s.snapshot().stateRoot());
                byte[] sig = Numeric.hexStringToByteArray(s.signature());
                var data = new Sign.SignatureData(sig[64], Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64));
                var key = Sign.signedPrefixedMessageToKey(s.snapshot().digest(), data);
                assertThat(io.metaroute.core.chain.Address.of("0x" + Keys.getAddress(key))).isEqualTo(v.validator());
            }
        }
    }

    private void rejected(Sent s, byte[] metadata, List<byte[]> results, List<ReadProof> proofs, String reason) {
        assertThatThrownBy(() -> fx.relayer.deliverWithReads(s.message(), metadata, results, proofs).block())
                .isInstanceOf(RollupRpc.Rejected.class).hasMessageContaining(reason);
        assertThat(fx.relayer.delivered(s.message()).block()).isFalse();
    }

    private static List<ReadProof> with(List<ReadProof> proofs, ReadProof first) {
        var out = new ArrayList<>(proofs);
        out.set(0, first);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

}
