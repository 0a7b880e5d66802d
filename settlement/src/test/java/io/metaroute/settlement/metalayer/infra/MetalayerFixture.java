package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.ContractArtifact;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.domain.InMemoryCheckpointSignatures;
import io.metaroute.settlement.metalayer.domain.InMemoryStateSnapshots;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The Metalayer parts a devnet test needs: the guardians (checkpoint and state signers) started on
 * demand, a relayer that can attest reads through them, a client, and a fresh test recipient per rollup.
 */
final class MetalayerFixture implements AutoCloseable {
    static final long GAS_LIMIT = 300_000;
    static final long MAX_BLOCKS_BEHIND = 16;

    final Devnet devnet;
    final MetalayerNetwork network;
    final InMemoryCheckpointSignatures signatures = new InMemoryCheckpointSignatures();
    final InMemoryStateSnapshots snapshots = new InMemoryStateSnapshots();
    final List<CheckpointSigner> checkpointSigners;
    final List<StateSigner> stateSigners;
    final Relayer relayer;
    final MetalayerClient client;
    final Credentials app;
    final Map<Domain, Address> recipients = new HashMap<>();
    private final List<Disposable> running = new ArrayList<>();

    MetalayerFixture(Devnet devnet) throws Exception {
        this.devnet = devnet;
        network = new MetalayerNetwork(devnet.network());
        checkpointSigners = DevnetValidators.keys(FinalityState.INSTANT).stream()
                .map(k -> new CheckpointSigner(network, k, FinalityState.INSTANT, signatures)).toList();
        stateSigners = DevnetValidators.keys(FinalityState.INSTANT).stream()
                .map(k -> new StateSigner(network, k, snapshots, MAX_BLOCKS_BEHIND)).toList();
        relayer = new Relayer(network, signatures, snapshots, ReadAttesters.inProcess(stateSigners),
                devnet.relayer().credentials(), Duration.ofSeconds(15));
        client = new MetalayerClient(network);
        app = devnet.wallets().get(2).credentials();
        for (Rollup r : devnet.network().rollups()) {
            var router = devnet.metalayer(r.chainId()).router();
            recipients.put(r.domain(), deploy(r, ContractArtifact.bytecode("MetalayerTestRecipient")
                    + FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.Address(router.hex())))));
        }
    }

    /** Starts the guardians: checkpoints every 50 ms, snapshots every {@code snapshotPeriod}. */
    void startGuardians(Duration snapshotPeriod) {
        running.add(Flux.merge(checkpointSigners.stream().map(s -> s.run(Duration.ofMillis(50))).toList()).subscribe());
        running.add(Flux.merge(stateSigners.stream().map(s -> s.run(snapshotPeriod)).toList()).subscribe());
    }

    Rollup rollup(Domain d) {
        return devnet.network().rollups().stream().filter(r -> r.domain().equals(d)).findFirst().orElseThrow();
    }

    record Received(long origin, byte[] sender, byte[] message, int reads, List<byte[]> readResults) {
    }

    @SuppressWarnings("rawtypes")
    List<Received> received(Domain domain) throws Exception {
        Web3j web3j = devnet.web3j(rollup(domain).chainId());
        Address recipient = recipients.get(domain);
        var count = new Function("count", List.of(), List.of(new TypeReference<Uint256>() { }));
        int n = ((BigInteger) call(web3j, recipient, count, DefaultBlockParameterName.LATEST).get(0).getValue()).intValueExact();
        var out = new ArrayList<Received>();
        for (int i = 0; i < n; i++) {
            var at = new Function("receivedAt", List.<Type>of(new Uint256(i)), List.of(new TypeReference<Uint32>() { },
                    new TypeReference<Bytes32>() { }, new TypeReference<DynamicBytes>() { }, new TypeReference<Uint256>() { },
                    new TypeReference<Uint256>() { }));
            List<Type> v = call(web3j, recipient, at, DefaultBlockParameterName.LATEST);
            int reads = ((BigInteger) v.get(3).getValue()).intValueExact();
            int results = ((BigInteger) v.get(4).getValue()).intValueExact();
            var resultBytes = new ArrayList<byte[]>();
            for (int j = 0; j < results; j++) {
                var r = new Function("readResultAt", List.<Type>of(new Uint256(i), new Uint256(j)),
                        List.of(new TypeReference<DynamicBytes>() { }));
                resultBytes.add((byte[]) call(web3j, recipient, r, DefaultBlockParameterName.LATEST).get(0).getValue());
            }
            out.add(new Received(((BigInteger) v.get(0).getValue()).longValueExact(), (byte[]) v.get(1).getValue(),
                    (byte[]) v.get(2).getValue(), reads, resultBytes));
        }
        return out;
    }

    /** Raw {@code eth_call} at a block number. */
    byte[] ethCall(Domain domain, Address to, byte[] data, long block) throws Exception {
        var r = devnet.web3j(rollup(domain).chainId()).ethCall(Transaction.createEthCallTransaction(null, to.hex(),
                Numeric.toHexString(data)), DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send();
        assertThat(r.hasError()).as("eth_call error").isFalse();
        return Numeric.hexStringToByteArray(r.getValue());
    }

    @SuppressWarnings("rawtypes")
    static List<Type> call(Web3j web3j, Address to, Function f, DefaultBlockParameter at) throws Exception {
        var r = web3j.ethCall(Transaction.createEthCallTransaction(null, to.hex(), FunctionEncoder.encode(f)), at).send();
        assertThat(r.hasError()).as("eth_call %s error", f.getName()).isFalse();
        return FunctionReturnDecoder.decode(r.getValue(), f.getOutputParameters());
    }

    long head(Domain d) throws Exception {
        return devnet.web3j(rollup(d).chainId()).ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private Address deploy(Rollup r, String code) throws Exception {
        var web3j = devnet.web3j(r.chainId());
        BigInteger nonce = web3j.ethGetTransactionCount(app.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
        BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
        var raw = RawTransaction.createContractTransaction(nonce, price, BigInteger.valueOf(2_000_000), BigInteger.ZERO, code);
        String hash = web3j.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(raw, r.chainId().value(), app)))
                .send().getTransactionHash();
        var receipt = devnet.receiptProcessor(r.chainId()).waitForTransactionReceipt(hash);
        assertThat(receipt.isStatusOK()).isTrue();
        return Address.of(receipt.getContractAddress());
    }

    @Override
    public void close() {
        running.forEach(Disposable::dispose);
        network.close();
    }
}
