package io.metaroute.devnet;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.ValidatorSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint96;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * Deploys Metalayer on one rollup, from its own deployer account so that every rollup gets the same
 * addresses (the account starts at nonce 0 everywhere and sends the same sequence): the routers can
 * then be enrolled with each other without waiting for the other rollups.
 * <ol>
 * <li>{@link #sendDeployment()}: Mailbox(local domain), MerkleTreeHook, StorageGasOracle and
 * InterchainGasPaymaster (configured for every remote domain), the message-id multisig ISM factory
 * and one ISM per finality mode, FinalityIsm, MetalayerRouter with its ISM, remote routers and read
 * validators (the INSTANT set), and the CrossSettler with its fee recipients and remote settlers;</li>
 * <li>{@link #sendConfiguration}, once those are mined: Mailbox.initialize(owner, default ISM =
 * INSTANT multisig, default hook = MerkleTreeHook, required hook = IGP) and FinalityIsm's modules per
 * origin, and a warp route per base token (a {@code HypERC20Collateral} router on every rollup).</li>
 * </ol>
 * Both go out pipelined, beside the rest of the rollup's deployment.
 */
final class MetalayerDeployer {
    /** Hyperlane's StorageGasOracle exchange rate scale: 1e10 means one remote gas token per local one. */
    static final BigInteger EXCHANGE_RATE_ONE = BigInteger.TEN.pow(10);
    /** Gas charged on top of the message's gas limit, per destination: the ISM's signature checks and the Mailbox. */
    static final BigInteger DESTINATION_GAS_OVERHEAD = BigInteger.valueOf(150_000);

    private static final long GAS_MAILBOX = 4_000_000;
    private static final long GAS_MERKLE_HOOK = 3_500_000;
    private static final long GAS_ORACLE = 1_500_000;
    private static final long GAS_IGP = 5_000_000;
    private static final long GAS_ISM_FACTORY = 4_000_000;
    private static final long GAS_ISM = 600_000;
    private static final long GAS_FINALITY_ISM = 1_500_000;
    private static final long GAS_ROUTER = 3_000_000;
    private static final long GAS_CONFIG = 400_000;
    private static final long GAS_CROSS_SETTLER = 5_000_000;

    private final RollupSpec local;
    private final List<RollupSpec> remotes;
    private final Web3j web3j;
    private final ChainWriter writer;
    private final Credentials deployer;
    private final Map<String, String> predicted = new LinkedHashMap<>(); // tx hash -> contract address
    private final List<String> hashes = new ArrayList<>();
    private String mailbox;
    private String merkleTreeHook;
    private String gasOracle;
    private String igp;
    private String ismFactory;
    private String finalityIsm;
    private String router;
    private String crossSettler;

    MetalayerDeployer(RollupSpec local, List<RollupSpec> all, Web3j web3j, ChainWriter writer, Credentials deployer) {
        this.local = local;
        this.remotes = all.stream().filter(s -> !s.domain().equals(local.domain())).toList();
        this.web3j = web3j;
        this.writer = writer;
        this.deployer = deployer;
    }

    private static final int FINALITY_ISM_NONCE = 10;
    private static final int ROUTER_NONCE = 11;
    private static final int CROSS_SETTLER_NONCE = 12;

    /** Sends the contracts and their first configuration; returns the transaction hashes (not awaited). */
    List<String> sendDeployment() {
        String from = deployer.getAddress();
        BigInteger nonce = pendingNonce(from);
        if (nonce.signum() != 0) {
            throw new DevnetException(local.name() + ": the Metalayer deployer " + from + " has sent " + nonce
                    + " transactions already; it must start from nonce 0 so that every rollup gets the same addresses");
        }
        mailbox = deploy(0, ContractArtifact.bytecode("Mailbox")
                + FunctionEncoder.encodeConstructor(List.of(new Uint32(local.domain().value()))), GAS_MAILBOX);
        merkleTreeHook = deploy(1, ContractArtifact.bytecode("MerkleTreeHook")
                + FunctionEncoder.encodeConstructor(List.of(address(mailbox))), GAS_MERKLE_HOOK);
        gasOracle = deploy(2, ContractArtifact.bytecode("StorageGasOracle"), GAS_ORACLE);
        igp = deploy(3, ContractArtifact.bytecode("InterchainGasPaymaster"), GAS_IGP);
        call(igp, fn("initialize", address(from), address(from)));
        var gasData = new ArrayList<RemoteGasData>();
        var gasConfigs = new ArrayList<GasParam>();
        for (RollupSpec remote : remotes) {
            gasData.add(new RemoteGasData(new Uint32(remote.domain().value()), new Uint128(EXCHANGE_RATE_ONE),
                    new Uint128(remote.baseFeeWei())));
            gasConfigs.add(new GasParam(new Uint32(remote.domain().value()),
                    new DomainGasConfig(address(gasOracle), new Uint96(DESTINATION_GAS_OVERHEAD))));
        }
        call(gasOracle, fn("setRemoteGasDataConfigs", new DynamicArray<>(RemoteGasData.class, gasData)));
        call(igp, fn("setDestinationGasConfigs", new DynamicArray<>(GasParam.class, gasConfigs)));
        ismFactory = deploy(7, ContractArtifact.bytecode("StaticMessageIdMultisigIsmFactory"), GAS_ISM_FACTORY);
        for (FinalityState f : FinalityState.values()) {
            hashes.add(writer.call(deployer, ismFactory, ismFunction("deploy", DevnetValidators.set(f)), GAS_ISM));
        }
        finalityIsm = deploy(FINALITY_ISM_NONCE, ContractArtifact.bytecode("FinalityIsm")
                + FunctionEncoder.encodeConstructor(List.of(address(from))), GAS_FINALITY_ISM);
        router = deploy(ROUTER_NONCE, ContractArtifact.bytecode("MetalayerRouter")
                + FunctionEncoder.encodeConstructor(List.of(address(mailbox), address(igp), address(from))), GAS_ROUTER);
        crossSettler = deploy(CROSS_SETTLER_NONCE, ContractArtifact.bytecode("CrossSettler")
                + FunctionEncoder.encodeConstructor(List.of(address(router), address(from))), GAS_CROSS_SETTLER);
        call(crossSettler, fn("setFeeRecipients", address(DevnetFees.rollup(local.domain()).hex()),
                address(DevnetFees.validators().hex())));
        for (RollupSpec remote : remotes) {
            // the same sequence everywhere puts every rollup's cross settler at this one's address
            call(crossSettler, fn("setRemote", new org.web3j.abi.datatypes.generated.Uint256(remote.chainId().value()),
                    new Uint32(remote.domain().value()), address(crossSettler),
                    address(DevnetFees.rollup(remote.domain()).hex())));
        }
        call(router, fn("setInterchainSecurityModule", address(finalityIsm)));
        for (RollupSpec remote : remotes) {
            // the same deployer and sequence on every rollup: the remote router sits at this rollup's router address
            call(router, fn("enrollRemoteRouter", new Uint32(remote.domain().value()), new Bytes32(word(router))));
        }
        // reads are attested at the head, by the INSTANT keys (Metalayer.readValidators())
        ValidatorSet reads = DevnetValidators.set(FinalityState.INSTANT);
        call(router, fn("setReadValidators", new DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                reads.validators().stream().map(a -> address(a.hex())).toList()), new Uint8(reads.threshold())));
        return List.copyOf(hashes);
    }

    /**
     * Gas the warp routers pay for on the destination (their {@code handle}: a token transfer), on top of
     * the IGP's overhead for the ISM and the Mailbox.
     */
    static final BigInteger WARP_DESTINATION_GAS = BigInteger.valueOf(120_000);
    private static final long GAS_WARP_ROUTER = 6_000_000;

    /** symbol -> the warp route's collateral router on this rollup (the same address on every rollup). */
    private final Map<String, String> warpRouters = new LinkedHashMap<>();
    /** symbol -> the token it wraps here. */
    private final Map<String, String> warpTokens = new LinkedHashMap<>();

    /**
     * Checks where the contracts landed; sends the second batch (not awaited): the Mailbox's and FinalityIsm's
     * configuration, then one warp route per base token in {@code tokens} (symbol -> address, the tokens mined
     * by now): Hyperlane's {@code HypERC20Collateral} over the token (scale 1/1), the Mailbox's default hook and
     * ISM (the INSTANT multisig), the other rollups' routers enrolled (the same sequence puts them at this
     * address) and their destination gas set. Returns the hashes.
     */
    List<String> sendConfiguration(List<org.web3j.protocol.core.methods.response.TransactionReceipt> deployment,
                                   Map<String, String> tokens) {
        for (var receipt : deployment) {
            String expected = predicted.get(receipt.getTransactionHash());
            if (expected != null && !expected.equalsIgnoreCase(receipt.getContractAddress())) {
                throw new DevnetException(local.name() + ": Metalayer contract landed at " + receipt.getContractAddress()
                        + ", expected " + expected);
            }
        }
        var second = new ArrayList<String>();
        String from = deployer.getAddress();
        BigInteger nonce = pendingNonce(from).add(BigInteger.ONE.add(BigInteger.valueOf(remotes.size())));
        second.add(writer.call(deployer, mailbox, fn("initialize", address(deployer.getAddress()),
                address(ism(FinalityState.INSTANT).hex()), address(merkleTreeHook), address(igp)), GAS_CONFIG));
        for (RollupSpec remote : remotes) {
            second.add(writer.call(deployer, finalityIsm, fn("setModules", new Uint32(remote.domain().value()),
                    address(ism(FinalityState.INSTANT).hex()), address(ism(FinalityState.FINALIZED).hex())), GAS_CONFIG));
        }
        for (String symbol : DevnetTokens.SYMBOLS) {
            String token = tokens.get(symbol);
            if (token == null) {
                continue;
            }
            String warp = RollupDeployer.createAddress(from, nonce);
            String hash = writer.deploy(deployer, ContractArtifact.bytecode("HypERC20Collateral") + FunctionEncoder.encodeConstructor(
                    List.of(address(token), new org.web3j.abi.datatypes.generated.Uint256(1),
                            new org.web3j.abi.datatypes.generated.Uint256(1), address(mailbox))), GAS_WARP_ROUTER);
            second.add(hash);
            predicted.put(hash, warp);
            nonce = nonce.add(BigInteger.ONE);
            warpRouters.put(symbol, warp);
            warpTokens.put(symbol, token);
        }
        for (String warp : warpRouters.values()) {
            String zero = "0x0000000000000000000000000000000000000000";
            second.add(writer.call(deployer, warp, fn("initialize", address(zero), address(zero), address(from)), GAS_CONFIG));
            second.add(writer.call(deployer, warp, fn("enrollRemoteRouters",
                    new DynamicArray<>(Uint32.class, remotes.stream().map(r -> new Uint32(r.domain().value())).toList()),
                    new DynamicArray<>(Bytes32.class, remotes.stream().map(r -> new Bytes32(word(warp))).toList())), GAS_CONFIG));
            for (RollupSpec remote : remotes) {
                second.add(writer.call(deployer, warp, fn("setDestinationGas", new Uint32(remote.domain().value()),
                        new org.web3j.abi.datatypes.generated.Uint256(WARP_DESTINATION_GAS)), GAS_CONFIG));
            }
        }
        return second;
    }

    /** symbol -> the warp route's router on this rollup, once {@link #sendConfiguration} has sent them. */
    Map<String, String> warpRouters() {
        return java.util.Collections.unmodifiableMap(warpRouters);
    }

    /** Where the CrossSettler is (or will be, once {@link #sendDeployment()}'s transactions are mined). */
    String crossSettler() {
        return crossSettler;
    }

    MetalayerContracts contracts() {
        return new MetalayerContracts(local.domain(), Address.of(mailbox), Address.of(merkleTreeHook), Address.of(igp),
                Address.of(gasOracle), Address.of(ismFactory), ism(FinalityState.INSTANT), ism(FinalityState.FINALIZED),
                Address.of(finalityIsm), Address.of(router), Address.of(crossSettler),
                warpRouters.keySet().stream().collect(java.util.stream.Collectors.toMap(
                        s -> Address.of(warpTokens.get(s)), s -> Address.of(warpRouters.get(s)))));
    }

    private final Map<FinalityState, Address> isms = new java.util.EnumMap<>(FinalityState.class);

    /** The multisig ISM for a finality mode, as the factory computes it (deterministic in validators and threshold). */
    private Address ism(FinalityState finality) {
        return isms.computeIfAbsent(finality, f -> {
            Function getAddress = ismFunction("getAddress", DevnetValidators.set(f));
            var out = ChainWriter.read(web3j, ismFactory, new Function(getAddress.getName(), getAddress.getInputParameters(),
                    List.of(new TypeReference<org.web3j.abi.datatypes.Address>() { })));
            return Address.of(out.get(0).getValue().toString());
        });
    }

    private static Function ismFunction(String name, ValidatorSet set) {
        var validators = set.validators().stream().map(a -> address(a.hex())).toList();
        return fn(name, new DynamicArray<>(org.web3j.abi.datatypes.Address.class, validators), new Uint8(set.threshold()));
    }

    private String deploy(int expectedNonce, String code, long gas) {
        String address = RollupDeployer.createAddress(deployer.getAddress(), BigInteger.valueOf(expectedNonce));
        String hash = writer.deploy(deployer, code, gas);
        hashes.add(hash);
        predicted.put(hash, address);
        return address;
    }

    private void call(String to, Function function) {
        hashes.add(writer.call(deployer, to, function, GAS_CONFIG));
    }

    private BigInteger pendingNonce(String account) {
        try {
            return web3j.ethGetTransactionCount(account, org.web3j.protocol.core.DefaultBlockParameterName.PENDING)
                    .send().getTransactionCount();
        } catch (java.io.IOException e) {
            throw new DevnetException("could not read the Metalayer deployer nonce on " + local.name(), e);
        }
    }

    private static byte[] word(String address) {
        return Numeric.toBytesPadded(Numeric.toBigInt(address), 32);
    }

    /** StorageGasOracle.RemoteGasDataConfig(uint32 remoteDomain, uint128 tokenExchangeRate, uint128 gasPrice). */
    public static final class RemoteGasData extends StaticStruct {
        public RemoteGasData(Uint32 remoteDomain, Uint128 tokenExchangeRate, Uint128 gasPrice) {
            super(remoteDomain, tokenExchangeRate, gasPrice);
        }
    }

    /** InterchainGasPaymaster.DomainGasConfig(address gasOracle, uint96 gasOverhead). */
    public static final class DomainGasConfig extends StaticStruct {
        public DomainGasConfig(org.web3j.abi.datatypes.Address gasOracle, Uint96 gasOverhead) {
            super(gasOracle, gasOverhead);
        }
    }

    /** InterchainGasPaymaster.GasParam(uint32 remoteDomain, DomainGasConfig config). */
    public static final class GasParam extends StaticStruct {
        public GasParam(Uint32 remoteDomain, DomainGasConfig config) {
            super(remoteDomain, config);
        }
    }

    @SuppressWarnings("rawtypes")
    private static Function fn(String name, Type... inputs) {
        return new Function(name, List.of(inputs), List.of());
    }

    private static org.web3j.abi.datatypes.Address address(String hex) {
        return new org.web3j.abi.datatypes.Address(hex);
    }
}
