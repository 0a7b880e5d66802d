package io.metaroute.devnet;

import io.metaroute.contracts.generated.MetarouteSettler;
import io.metaroute.contracts.generated.TestToken;
import io.metaroute.contracts.generated.UniswapV2Factory;
import io.metaroute.contracts.generated.UniswapV2Pair;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Deploys and seeds one rollup. Every address is predicted before anything is mined (CREATE from
 * the deployer's nonce, CREATE2 for pairs) so the whole deployment goes out as one pipelined batch,
 * which matters under sub-second interval mining; every prediction is then checked against the chain.
 * Same deployer and same order give the same addresses on every rollup.
 */
final class RollupDeployer {
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final BigInteger MAX_UINT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    /** Pools seeded per round of transactions before their receipts are awaited (the scale option seeds hundreds). */
    private static final int POOLS_PER_ROUND = 16;
    /**
     * The same under interval blocks of a fraction of a second: anvil was seen to drop pending
     * transactions that did not fit the next block, so a round stays within one block's gas.
     */
    private static final int POOLS_PER_ROUND_INTERVAL = 4;
    private static final long GAS_TOKEN = 1_500_000;
    private static final long GAS_FACTORY = 4_500_000;
    private static final long GAS_SETTLER = 3_000_000;
    private static final long GAS_CREATE_PAIR = 3_000_000;
    private static final long GAS_MINT = 120_000;
    private static final long GAS_PAIR_MINT = 300_000;
    private static final long GAS_APPROVE = 80_000;

    private final RollupSpec spec;
    private final AnvilProcess anvil;
    private final Web3j web3j;
    private final Credentials deployer;
    private final List<Credentials> wallets;
    /** The solver's executor: it fills cross-rollup orders out of its own inventory, so it holds every token too. */
    private final Credentials executor;
    private final ChainWriter writer;
    private final MetalayerDeployer metalayer;
    private MetalayerContracts metalayerContracts;

    /**
     * @param allSpecs every rollup of the devnet (Metalayer links this one to the others)
     * @param metalayerDeployer the account that deploys Metalayer, untouched so far on this chain
     */
    RollupDeployer(RollupSpec spec, List<RollupSpec> allSpecs, AnvilProcess anvil, Web3j web3j, Credentials deployer,
            Credentials metalayerDeployer, List<Credentials> wallets, Credentials executor) {
        this.spec = spec;
        this.anvil = anvil;
        this.web3j = web3j;
        this.deployer = deployer;
        this.wallets = wallets;
        this.executor = executor;
        this.writer = new ChainWriter(web3j, spec.chainId().value(), spec.baseFeeWei().multiply(BigInteger.TWO).add(GWEI));
        this.metalayer = new MetalayerDeployer(spec, allSpecs, web3j, writer, metalayerDeployer);
    }

    /** The Metalayer contracts {@link #deploy()} put on the rollup. */
    MetalayerContracts metalayerContracts() {
        if (metalayerContracts == null) {
            throw new IllegalStateException("not deployed yet");
        }
        return metalayerContracts;
    }

    /**
     * anvil's epoch length in slots: its {@code safe} tag trails the head by this many blocks and
     * {@code finalized} by twice as many, a real finality lag for Metalayer's FINALIZED mode that is
     * short enough to test (8 blocks: 2 s on the 250 ms rollup, 16 s on the 2 s one; anvil's default
     * of 32 would make it 64 blocks, over two minutes there).
     */
    static final int SLOTS_IN_AN_EPOCH = 4;

    static List<String> anvilArgs(RollupSpec spec) {
        var args = new ArrayList<>(List.of("--port", "0", "--chain-id", Long.toString(spec.chainId().value()),
                "--base-fee", spec.baseFeeWei().toString(), "--slots-in-an-epoch", Integer.toString(SLOTS_IN_AN_EPOCH)));
        if (!spec.wholeSecondBlockTime()) {
            // evm_setIntervalMining only takes whole seconds: fractional block times must be set at start
            args.addAll(List.of("--block-time", new java.math.BigDecimal(spec.blockTime().toMillis()).movePointLeft(3).toPlainString()));
        }
        return args;
    }

    static Web3j connect(AnvilProcess anvil) {
        return Web3j.build(new HttpService(anvil.rpcUrl()));
    }

    Rollup deploy() {
        String from = deployer.getAddress();
        BigInteger nonce = pendingNonce(from);
        var hashes = new ArrayList<String>();
        var contracts = new LinkedHashMap<String, String>(); // tx hash -> predicted address

        var tokens = new LinkedHashMap<String, String>();
        for (String symbol : spec.symbols()) {
            String address = createAddress(from, nonce);
            nonce = nonce.add(BigInteger.ONE);
            tokens.put(symbol, address);
            String args = FunctionEncoder.encodeConstructor(List.of(new Utf8String(DevnetTokens.displayName(symbol)),
                    new Utf8String(symbol), new Uint8(DevnetTokens.decimals(symbol))));
            track(hashes, contracts, writer.deploy(deployer, TestToken.BINARY + args, GAS_TOKEN), address);
        }
        String factory = createAddress(from, nonce);
        nonce = nonce.add(BigInteger.ONE);
        String factoryArgs = FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.Address(from)));
        track(hashes, contracts, writer.deploy(deployer, UniswapV2Factory.BINARY + factoryArgs, GAS_FACTORY), factory);
        String settler = createAddress(from, nonce);
        track(hashes, contracts, writer.deploy(deployer, MetarouteSettler.BINARY, GAS_SETTLER), settler);

        var pools = new ArrayList<PoolRef>();
        var receipts = new ArrayList<org.web3j.protocol.core.methods.response.TransactionReceipt>();
        for (PoolSeed seed : spec.pools()) {
            if (!pools.isEmpty() && pools.size() % poolsPerRound() == 0) {
                // a bounded pool of pending transactions: anvil was seen to stop automining with about 1,100 pending
                receipts.addAll(writer.awaitAll(hashes, spec.name() + " deployment"));
        if (scaled()) {
            resetBaseFee();
        }
                hashes.clear();
                resetBaseFee();
            }
            String a = tokens.get(seed.symbolA());
            String b = tokens.get(seed.symbolB());
            String pair = pairAddress(factory, a, b);
            hashes.add(writer.call(deployer, factory, fn("createPair", address(a), address(b)), GAS_CREATE_PAIR));
            hashes.add(mint(a, pair, seed.baseUnitsA(DevnetTokens.decimals(seed.symbolA()))));
            hashes.add(mint(b, pair, seed.baseUnitsB(DevnetTokens.decimals(seed.symbolB()))));
            hashes.add(writer.call(deployer, pair, fn("mint", address(from)), GAS_PAIR_MINT));
            boolean aFirst = a.compareToIgnoreCase(b) < 0;
            pools.add(new PoolRef(Address.of(pair), Address.of(aFirst ? a : b), Address.of(aFirst ? b : a)));
        }
        for (Credentials wallet : withExecutor()) {
            if (scaled()) { // one wallet's mints per round
                receipts.addAll(writer.awaitAll(hashes, spec.name() + " deployment"));
                hashes.clear();
            }
            for (String symbol : spec.symbols()) {
                hashes.add(mint(tokens.get(symbol), wallet.getAddress(),
                        PoolSeed.baseUnits(DevnetTokens.walletUnits(symbol), DevnetTokens.decimals(symbol))));
            }
        }
        var metalayerHashes = metalayer.sendDeployment();
        receipts.addAll(writer.awaitAll(hashes, spec.name() + " deployment"));
        for (var receipt : receipts) {
            String predicted = contracts.get(receipt.getTransactionHash());
            if (predicted != null && !predicted.equalsIgnoreCase(receipt.getContractAddress())) {
                throw new DevnetException(spec.name() + ": contract landed at " + receipt.getContractAddress()
                        + ", expected " + predicted);
            }
        }
        for (PoolRef pool : pools) {
            String actual = readAddress(factory, fn("getPair", address(pool.token0().hex()), address(pool.token1().hex())));
            if (!actual.equalsIgnoreCase(pool.address().hex())) {
                throw new DevnetException(spec.name() + ": pair landed at " + actual + ", CREATE2 predicted " + pool.address());
            }
        }

        var metalayerReceipts = writer.awaitAll(metalayerHashes, spec.name() + " Metalayer deployment");

        // approvals only once the tokens surely exist: a call to an empty address would "succeed" silently
        var approvals = new ArrayList<String>(metalayer.sendConfiguration(metalayerReceipts, tokens));
        // each warp route holds collateral here (what rebalancing into this rollup pays out), and the executor,
        // which moves its inventory through them, lets them take its tokens
        metalayer.warpRouters().forEach((symbol, warp) -> {
            approvals.add(mint(tokens.get(symbol), warp,
                    PoolSeed.baseUnits(DevnetTokens.walletUnits(symbol), DevnetTokens.decimals(symbol))));
            approvals.add(writer.call(executor, tokens.get(symbol), fn("approve", address(warp), new Uint256(MAX_UINT)), GAS_APPROVE));
        });
        for (Credentials wallet : withExecutor()) {
            if (scaled()) { // one wallet's approvals per round
                writer.awaitAll(approvals, spec.name() + " wallet approvals and Metalayer configuration");
                approvals.clear();
            }
            for (String token : tokens.values()) {
                approvals.add(writer.call(wallet, token, fn("approve", address(settler), new Uint256(MAX_UINT)), GAS_APPROVE));
                approvals.add(writer.call(wallet, token, fn("approve", address(metalayer.crossSettler()), new Uint256(MAX_UINT)),
                        GAS_APPROVE));
            }
        }
        writer.awaitAll(approvals, spec.name() + " wallet approvals and Metalayer configuration");
        metalayerContracts = metalayer.contracts();
        if (spec.wholeSecondBlockTime()) {
            setIntervalMining(spec.blockTime().toSeconds());
        }

        var tokenList = tokens.entrySet().stream()
                .map(e -> new Token(spec.chainId(), Address.of(e.getValue()), e.getKey(), DevnetTokens.decimals(e.getKey())))
                .toList();
        return new Rollup(spec.name(), spec.profile(), spec.chainId(), spec.domain(), URI.create(anvil.rpcUrl()),
                URI.create(anvil.wsUrl()), spec.blockTime(), spec.baseFeeWei(), Address.of(settler), Address.of(factory),
                tokenList, pools);
    }

    private List<Credentials> withExecutor() {
        var all = new ArrayList<>(wallets);
        all.add(executor);
        return all;
    }

    private String mint(String token, String to, BigInteger amount) {
        return writer.call(deployer, token, fn("mint", address(to), new Uint256(amount)), GAS_MINT);
    }

    private static void track(List<String> hashes, Map<String, String> contracts, String hash, String predicted) {
        hashes.add(hash);
        contracts.put(hash, predicted);
    }

    /** The scale option's devnet: more than the base tokens and pools, deployed in rounds. */
    private boolean scaled() {
        return spec.pools().size() > POOLS_PER_ROUND || spec.symbols().size() > DevnetTokens.SYMBOLS.size();
    }

    private int poolsPerRound() {
        return spec.wholeSecondBlockTime() ? POOLS_PER_ROUND : POOLS_PER_ROUND_INTERVAL;
    }

    private void setIntervalMining(long seconds) {
        anvilCall("evm_setIntervalMining", seconds);
    }

    /**
     * Back to the rollup's own base fee: rounds of full blocks (hundreds of pools seeded on a rollup
     * with interval blocks) raise it 12.5% per block, past what the deployment's transactions pay.
     */
    private void resetBaseFee() {
        anvilCall("anvil_setNextBlockBaseFeePerGas", "0x" + spec.baseFeeWei().toString(16));
    }

    private void anvilCall(String method, Object param) {
        try {
            var response = new Request<>(method, List.of(param), new HttpService(anvil.rpcUrl()), VoidResponse.class).send();
            if (response.hasError()) {
                throw new DevnetException(method + " failed on " + spec.name() + ": " + response.getError().getMessage());
            }
        } catch (IOException e) {
            throw new DevnetException(method + " failed on " + spec.name(), e);
        }
    }

    private BigInteger pendingNonce(String account) {
        try {
            return web3j.ethGetTransactionCount(account, org.web3j.protocol.core.DefaultBlockParameterName.PENDING)
                    .send().getTransactionCount();
        } catch (IOException e) {
            throw new DevnetException("could not read the deployer nonce on " + spec.name(), e);
        }
    }

    private String readAddress(String contract, Function function) {
        var out = ChainWriter.read(web3j, contract, new Function(function.getName(), function.getInputParameters(),
                List.of(new TypeReference<org.web3j.abi.datatypes.Address>() { })));
        return out.get(0).getValue().toString();
    }

    /** CREATE address of {@code sender} at {@code nonce}. */
    static String createAddress(String sender, BigInteger nonce) {
        return org.web3j.crypto.ContractUtils.generateContractAddress(sender, nonce);
    }

    /** The address UniswapV2Factory.createPair gives a pair: CREATE2 with salt keccak(token0 ‖ token1). */
    static String pairAddress(String factory, String tokenA, String tokenB) {
        boolean aFirst = tokenA.compareToIgnoreCase(tokenB) < 0;
        byte[] packed = new byte[40];
        System.arraycopy(Numeric.hexStringToByteArray(aFirst ? tokenA : tokenB), 0, packed, 0, 20);
        System.arraycopy(Numeric.hexStringToByteArray(aFirst ? tokenB : tokenA), 0, packed, 20, 20);
        byte[] salt = Hash.sha3(packed);
        byte[] initCodeHash = Hash.sha3(Numeric.hexStringToByteArray(UniswapV2Pair.BINARY));
        byte[] preimage = new byte[1 + 20 + 32 + 32];
        preimage[0] = (byte) 0xff;
        System.arraycopy(Numeric.hexStringToByteArray(factory), 0, preimage, 1, 20);
        System.arraycopy(salt, 0, preimage, 21, 32);
        System.arraycopy(initCodeHash, 0, preimage, 53, 32);
        byte[] hash = Hash.sha3(preimage);
        return Numeric.toHexString(java.util.Arrays.copyOfRange(hash, 12, 32));
    }

    @SuppressWarnings("rawtypes")
    private static Function fn(String name, Type... inputs) {
        return new Function(name, List.of(inputs), List.of());
    }

    private static org.web3j.abi.datatypes.Address address(String hex) {
        return new org.web3j.abi.datatypes.Address(hex);
    }
}
