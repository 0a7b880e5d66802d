package io.metaroute.devnet;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Metalayer;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.ValidatorSet;
import io.metaroute.core.network.Rollup;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * A local multi-rollup network: one real anvil node per rollup, each with the test tokens, the
 * Uniswap V2 factory and seeded pairs, the {@code MetarouteSettler} and Metalayer (Hyperlane's
 * Mailbox, hooks and multisig ISMs, our router; see {@link MetalayerDeployer}) deployed, and dev
 * wallets funded and approved. {@link #close()} stops every anvil it started, and so does the death of
 * this JVM (each node runs under a watchdog, see {@link AnvilProcess}). With a state directory
 * ({@link DevnetConfig#withStateDirectory}) the chains outlive the process on disk and the next
 * start resumes them.
 */
public final class Devnet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Devnet.class);
    private static final int DEPLOYER = 0;
    private static final int EXECUTOR = 1;
    private static final int FIRST_WALLET = 2;
    private static final int WALLETS = 3;
    /** anvil account 5 deploys Metalayer (its own nonces: the same addresses on every rollup). */
    private static final int METALAYER_DEPLOYER = 5;
    /** anvil account 6 relays Metalayer messages (pays for Mailbox.process on every rollup). */
    private static final int RELAYER = 6;

    private final Network network;
    private final Path descriptionFile;
    private final boolean deleteDescription;
    private final List<DevAccount> accounts;
    private final Map<ChainId, Web3j> clients;
    /** One node per rollup, in the network's rollup order; a node started again replaces its entry. */
    private final java.util.concurrent.CopyOnWriteArrayList<AnvilProcess> anvils;
    private final DevAccount relayer;
    private volatile boolean closed;

    private Devnet(Network network, Path descriptionFile, boolean deleteDescription, List<DevAccount> accounts,
            Map<ChainId, Web3j> clients, List<AnvilProcess> anvils) {
        var keys = anvils.get(0).privateKeys();
        if (keys.size() <= RELAYER) {
            throw new DevnetException("anvil printed " + keys.size() + " dev keys, need " + (RELAYER + 1));
        }
        this.relayer = account(DevAccount.RELAYER, keys.get(RELAYER));
        this.network = network;
        this.descriptionFile = descriptionFile;
        this.deleteDescription = deleteDescription;
        this.accounts = List.copyOf(accounts);
        this.clients = Map.copyOf(clients);
        this.anvils = new java.util.concurrent.CopyOnWriteArrayList<>(anvils);
        // No shutdown hook: the nodes' watchdogs stop them when this JVM ends, and a hook of our own
        // would pull the nodes away from an application still closing over them.
    }

    /** The default three rollups (ember, veil, ledger); blocks until deployed and seeded. */
    public static Devnet start() {
        return start(DevnetConfig.defaults());
    }

    public static Devnet start(DevnetConfig config) {
        long t0 = System.nanoTime();
        Path anvilBinary = AnvilProcess.locate(config.anvilPath());
        List<RollupSpec> specs = config.rollups();
        DevnetState state = config.state().map(dir -> new DevnetState(dir, specs)).orElse(null);
        if (state != null) {
            if (state.resumable()) {
                return state.resume(anvilBinary, t0);
            }
            state.clear();
            config = config.withDescriptionFile(state.descriptionFile());
        }
        var anvils = new ArrayList<AnvilProcess>();
        var clients = new LinkedHashMap<ChainId, Web3j>();
        try {
            var metalayer = new ArrayList<MetalayerContracts>();
            var rollups = startAll(specs, spec -> startRollup(anvilBinary, spec, specs, state), anvils, clients, metalayer);
            var keys = anvils.get(0).privateKeys();
            if (keys.size() < FIRST_WALLET + WALLETS) {
                throw new DevnetException("anvil printed " + keys.size() + " dev keys, need " + (FIRST_WALLET + WALLETS));
            }
            var accounts = new ArrayList<DevAccount>();
            accounts.add(account(DevAccount.EXECUTOR, keys.get(EXECUTOR)));
            for (int i = FIRST_WALLET; i < FIRST_WALLET + WALLETS; i++) {
                accounts.add(account(DevAccount.WALLET, keys.get(i)));
            }
            var network = new Network(rollups, new Metalayer(metalayer, validatorSets()));
            boolean temporary = config.description().isEmpty();
            Path file = config.description().orElseGet(Devnet::temporaryDescription);
            NetworkFile.write(file, network, accounts);
            logReady(network, file, t0);
            return new Devnet(network, file, temporary, accounts, clients, anvils);
        } catch (RuntimeException e) {
            throw cleanup(e, anvils, clients);
        }
    }

    /** A devnet of nodes already started and checked, e.g. resumed from a state directory. */
    static Devnet assemble(Network network, Path descriptionFile, List<DevAccount> accounts, Map<ChainId, Web3j> clients,
            List<AnvilProcess> anvils) {
        return new Devnet(network, descriptionFile, false, accounts, clients, anvils);
    }

    static void logReady(Network network, Path file, long t0) {
        for (Rollup r : network.rollups()) {
            log.info("devnet rollup {} ({}, chain {}, domain {}, block {} ms) at {}", r.name(), r.profile(),
                    r.chainId(), r.domain(), r.blockTime().toMillis(), r.rpcUrl());
        }
        log.info("devnet ready in {} ms, described in {}", (System.nanoTime() - t0) / 1_000_000, file);
    }

    /**
     * Starts every rollup at once with {@code starter}; fills {@code anvils} and {@code clients} with
     * what started (so the caller can clean up) and returns the rollups in spec order. One failure
     * fails the whole start, with the others' failures suppressed into it.
     */
    static List<Rollup> startAll(List<RollupSpec> specs, java.util.function.Function<RollupSpec, Started> starter,
            List<AnvilProcess> anvils, Map<ChainId, Web3j> clients, List<MetalayerContracts> metalayer) {
        var pool = Executors.newFixedThreadPool(specs.size(), r -> {
            Thread t = new Thread(r, "devnet-deploy");
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<Future<Started>>();
            for (RollupSpec spec : specs) {
                futures.add(pool.submit(() -> starter.apply(spec)));
            }
            var rollups = new ArrayList<Rollup>();
            DevnetException failure = null;
            for (Future<Started> f : futures) {
                try {
                    Started s = f.get();
                    anvils.add(s.anvil());
                    clients.put(s.rollup().chainId(), s.web3j());
                    rollups.add(s.rollup());
                    metalayer.add(s.metalayer());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (failure == null) {
                        failure = cause instanceof DevnetException d ? d : new DevnetException("devnet start failed: " + cause, cause);
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return rollups;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while starting the devnet", e);
        } finally {
            pool.shutdownNow();
        }
    }

    record Started(AnvilProcess anvil, Web3j web3j, Rollup rollup, MetalayerContracts metalayer) {
    }

    /** The guardian validators' sets, one per finality mode. */
    static Map<FinalityState, ValidatorSet> validatorSets() {
        var sets = new java.util.EnumMap<FinalityState, ValidatorSet>(FinalityState.class);
        for (FinalityState f : FinalityState.values()) {
            sets.put(f, DevnetValidators.set(f));
        }
        return sets;
    }

    private static Started startRollup(Path anvilBinary, RollupSpec spec, List<RollupSpec> specs, DevnetState state) {
        var args = new ArrayList<>(RollupDeployer.anvilArgs(spec));
        if (state != null) {
            args.addAll(state.anvilArgs(spec));
        }
        AnvilProcess anvil = AnvilProcess.start(anvilBinary, args, spec.name());
        Web3j web3j = RollupDeployer.connect(anvil);
        try {
            var keys = anvil.privateKeys();
            if (keys.size() <= RELAYER) {
                throw new DevnetException("anvil " + spec.name() + " printed only " + keys.size() + " dev keys");
            }
            var wallets = keys.subList(FIRST_WALLET, FIRST_WALLET + WALLETS).stream().map(Credentials::create).toList();
            var deployer = new RollupDeployer(spec, specs, anvil, web3j, Credentials.create(keys.get(DEPLOYER)),
                    Credentials.create(keys.get(METALAYER_DEPLOYER)), wallets, Credentials.create(keys.get(EXECUTOR)));
            Rollup rollup = deployer.deploy();
            return new Started(anvil, web3j, rollup, deployer.metalayerContracts());
        } catch (RuntimeException e) {
            web3j.shutdown();
            anvil.close();
            throw e;
        }
    }

    static RuntimeException cleanup(RuntimeException e, List<AnvilProcess> anvils, Map<ChainId, Web3j> clients) {
        clients.values().forEach(Web3j::shutdown);
        stopAll(anvils);
        return e;
    }

    private static DevAccount account(String role, String privateKey) {
        return new DevAccount(role, Address.of(Credentials.create(privateKey).getAddress()), privateKey);
    }

    private static Path temporaryDescription() {
        try {
            return Files.createTempFile("metaroute-devnet-", ".json");
        } catch (IOException e) {
            throw new DevnetException("could not create a temporary description file", e);
        }
    }

    public Network network() {
        return network;
    }

    public Rollup rollup(ChainId chain) {
        return network.rollup(chain).orElseThrow(() -> new IllegalArgumentException("no rollup with chain id " + chain));
    }

    public Rollup rollup(String name) {
        return network.rollups().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rollup named " + name));
    }

    public Path descriptionFile() {
        return descriptionFile;
    }

    public List<DevAccount> devAccounts() {
        return accounts;
    }

    public DevAccount executor() {
        return accounts.stream().filter(a -> a.role().equals(DevAccount.EXECUTOR)).findFirst().orElseThrow();
    }

    /** The Metalayer deployment: every rollup's contracts and the validator sets. */
    public Metalayer metalayer() {
        return network.metalayer();
    }

    public MetalayerContracts metalayer(ChainId chain) {
        return network.metalayer().contracts(rollup(chain).domain())
                .orElseThrow(() -> new IllegalStateException("no Metalayer contracts on chain " + chain));
    }

    /** The funded account that relays Metalayer messages (anvil account 6; not among {@link #devAccounts()}). */
    /** The key that deployed the rollups' tokens (their owner, the only one who may mint): for the devnet's own tools. */
    Credentials tokenOwner() {
        return Credentials.create(anvils.get(0).privateKeys().get(DEPLOYER));
    }

    public DevAccount relayer() {
        return relayer;
    }

    public List<DevAccount> wallets() {
        return accounts.stream().filter(a -> a.role().equals(DevAccount.WALLET)).toList();
    }

    /** The shared HTTP client of a rollup. Do not shut it down: {@link #close()} does. */
    public Web3j web3j(ChainId chain) {
        Web3j client = clients.get(chain);
        if (client == null) {
            throw new IllegalArgumentException("no rollup with chain id " + chain);
        }
        return client;
    }

    /** A receipt processor that polls every 20 ms (web3j's default polls every 15 s). */
    public TransactionReceiptProcessor receiptProcessor(ChainId chain) {
        return ChainWriter.receiptProcessor(web3j(chain));
    }

    /** ERC-20 {@code balanceOf(holder)} at the latest block. */
    public BigInteger balanceOf(ChainId chain, Address token, Address holder) {
        var function = new Function("balanceOf", List.of(new org.web3j.abi.datatypes.Address(holder.hex())),
                List.of(new TypeReference<Uint256>() { }));
        return (BigInteger) ChainWriter.read(web3j(chain), token.hex(), function).get(0).getValue();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        clients.values().forEach(Web3j::shutdown);
        killAnvils();
        if (deleteDescription) {
            try {
                Files.deleteIfExists(descriptionFile);
            } catch (IOException e) {
                log.debug("could not delete {}", descriptionFile, e);
            }
        }
    }

    /**
     * Stops the node of {@code chain} and waits until it is gone (it dumps its state first, if it keeps
     * one): its clients' connections are refused from then on, until {@link #startNode}.
     */
    public void stopNode(ChainId chain) {
        node(chain).close();
    }

    /**
     * Starts the stopped node of {@code chain} again on the same port, so every client's URL still
     * holds, and restores its block time. A devnet with a state directory gets its chain back as it
     * was when the node stopped; without one the node starts from an empty chain.
     */
    public void startNode(ChainId chain) {
        int index = network.rollups().indexOf(rollup(chain));
        AnvilProcess again = anvils.get(index).startAgain();
        anvils.set(index, again);
        java.time.Duration blockTime = rollup(chain).blockTime();
        if (blockTime != null && !blockTime.isZero() && blockTime.toMillis() % 1000 == 0) {
            DevnetState.setIntervalMining(again, blockTime.toSeconds(), rollup(chain).name());
        }
    }

    /** Whether the node of {@code chain} is running. */
    public boolean nodeRunning(ChainId chain) {
        return node(chain).alive();
    }

    private AnvilProcess node(ChainId chain) {
        return anvils.get(network.rollups().indexOf(rollup(chain)));
    }

    /** The process ids of every node and its watchdog, while they run. */
    public List<Long> processIds() {
        return anvils.stream().flatMap(a -> a.pids().stream()).toList();
    }

    private void killAnvils() {
        stopAll(anvils);
    }

    /** Asks every node to stop at once (each dumps its state, if it keeps one), then waits for them. */
    private static void stopAll(List<AnvilProcess> anvils) {
        anvils.forEach(AnvilProcess::requestStop);
        anvils.forEach(AnvilProcess::awaitStop);
    }
}
