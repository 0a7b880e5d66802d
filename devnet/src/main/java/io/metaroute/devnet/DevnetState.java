package io.metaroute.devnet;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * A devnet kept in a directory: {@code network.json} (the description, written once the deployment
 * is complete) and one {@code <rollup>.state.json} per rollup (anvil's {@code --state}). When both
 * are there, the rollups are resumed: the same anvil arguments load each chain back, every contract
 * the description names (Metalayer's included) is checked to be on its chain, the description is kept (only the RPC and
 * WebSocket URLs change, since nodes listen on fresh ports) and nothing is deployed again. A
 * deployment that did not finish leaves no description, so the next start clears the state files
 * and deploys afresh.
 */
final class DevnetState {
    static final String DESCRIPTION = "network.json";

    private final Path dir;
    private final List<RollupSpec> specs;

    DevnetState(Path dir, List<RollupSpec> specs) {
        this.dir = dir.toAbsolutePath();
        this.specs = List.copyOf(specs);
    }

    Path descriptionFile() {
        return dir.resolve(DESCRIPTION);
    }

    Path stateFile(RollupSpec spec) {
        return dir.resolve(spec.name() + ".state.json");
    }

    /** The anvil arguments that load a rollup's chain from its file and keep writing it there. */
    List<String> anvilArgs(RollupSpec spec) {
        return List.of("--state", stateFile(spec).toString(),
                "--state-interval", Integer.toString(DevnetConfig.STATE_INTERVAL_SECONDS));
    }

    /** A complete earlier deployment is on disk: its description and every rollup's state. */
    boolean resumable() {
        return Files.isRegularFile(descriptionFile()) && specs.stream().allMatch(s -> Files.isRegularFile(stateFile(s)));
    }

    /** Removes what an unfinished deployment left, so the next one starts from empty chains. */
    void clear() {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(descriptionFile());
            for (RollupSpec spec : specs) {
                Files.deleteIfExists(stateFile(spec));
            }
        } catch (IOException e) {
            throw new DevnetException("could not prepare the devnet state directory " + dir, e);
        }
    }

    /** Starts every rollup from its state file and checks it is the chain the description describes. */
    Devnet resume(Path anvilBinary, long t0) {
        NetworkFile.Contents stored = NetworkFile.read(descriptionFile());
        Map<String, Rollup> described = stored.network().rollups().stream()
                .collect(Collectors.toMap(Rollup::name, Function.identity()));
        var metalayer = stored.network().metalayer();
        if (!metalayer.deployed()) {
            throw new DevnetException(descriptionFile() + " describes no Metalayer deployment (written before the devnet"
                    + " deployed one); start afresh (metaroute.fresh=true) or use another data directory");
        }
        for (RollupSpec spec : specs) {
            Rollup r = described.get(spec.name());
            if (r == null || !r.chainId().equals(spec.chainId())) {
                throw new DevnetException(descriptionFile() + " describes other rollups (" + described.keySet()
                        + ") than this devnet starts; start afresh (metaroute.fresh=true) or use another data directory");
            }
            if (r.pools().size() != spec.pools().size() || r.tokens().size() != spec.symbols().size()) {
                throw new DevnetException(descriptionFile() + " describes " + r.pools().size() + " pools and " + r.tokens().size()
                        + " tokens on " + spec.name() + ", this devnet seeds " + spec.pools().size() + " and " + spec.symbols().size()
                        + " (another scale); start afresh (metaroute.fresh=true) or use another data directory");
            }
        }
        var anvils = new ArrayList<AnvilProcess>();
        var clients = new LinkedHashMap<ChainId, Web3j>();
        try {
            var contracts = new ArrayList<MetalayerContracts>();
            var rollups = Devnet.startAll(specs, spec -> resumeRollup(anvilBinary, spec, described.get(spec.name()),
                    metalayer.contracts(spec.domain()).orElse(null)), anvils, clients, contracts);
            var network = new Network(rollups, metalayer);
            NetworkFile.write(descriptionFile(), network, stored.devAccounts());
            Devnet.logReady(network, descriptionFile(), t0);
            return Devnet.assemble(network, descriptionFile(), stored.devAccounts(), clients, anvils);
        } catch (RuntimeException e) {
            throw Devnet.cleanup(e, anvils, clients);
        }
    }

    private Devnet.Started resumeRollup(Path anvilBinary, RollupSpec spec, Rollup stored, MetalayerContracts metalayer) {
        if (metalayer == null) {
            throw new DevnetException(descriptionFile() + " has no Metalayer contracts for " + spec.name()
                    + "; start afresh (metaroute.fresh=true)");
        }
        var args = new ArrayList<>(RollupDeployer.anvilArgs(spec));
        args.addAll(anvilArgs(spec));
        AnvilProcess anvil = AnvilProcess.start(anvilBinary, args, spec.name());
        Web3j web3j = RollupDeployer.connect(anvil);
        try {
            checkDeployed(web3j, stored, metalayer);
            if (spec.wholeSecondBlockTime()) {
                setIntervalMining(anvil, spec.blockTime().toSeconds(), spec.name());
            }
            Rollup rollup = new Rollup(stored.name(), stored.profile(), stored.chainId(), stored.domain(),
                    URI.create(anvil.rpcUrl()), URI.create(anvil.wsUrl()), stored.blockTime(), stored.gasPriceWei(),
                    stored.settler(), stored.poolFactory(), stored.tokens(), stored.pools());
            return new Devnet.Started(anvil, web3j, rollup, metalayer);
        } catch (RuntimeException e) {
            web3j.shutdown();
            anvil.close();
            throw e;
        }
    }

    /** The loaded chain has the description's chain id and holds code at every address it names. */
    private void checkDeployed(Web3j web3j, Rollup stored, MetalayerContracts metalayer) {
        try {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            if (chainId != stored.chainId().value()) {
                throw new DevnetException(stored.name() + ": " + stateFileName(stored) + " holds chain " + chainId
                        + ", the description says " + stored.chainId());
            }
            var addresses = new ArrayList<Address>();
            addresses.add(stored.settler());
            addresses.add(stored.poolFactory());
            stored.tokens().forEach(t -> addresses.add(t.address()));
            stored.pools().forEach(p -> addresses.add(p.address()));
            addresses.addAll(List.of(metalayer.mailbox(), metalayer.merkleTreeHook(), metalayer.interchainGasPaymaster(),
                    metalayer.gasOracle(), metalayer.multisigIsmFactory(), metalayer.instantIsm(), metalayer.finalizedIsm(),
                    metalayer.finalityIsm(), metalayer.router()));
            for (Address a : addresses) {
                String code = web3j.ethGetCode(a.hex(), DefaultBlockParameterName.LATEST).send().getCode();
                if (code == null || code.equals("0x")) {
                    throw new DevnetException(stored.name() + ": no contract at " + a + " in " + stateFileName(stored)
                            + " (the state was not written after the deployment); start afresh (metaroute.fresh=true)");
                }
            }
        } catch (IOException e) {
            throw new DevnetException("could not check the resumed rollup " + stored.name(), e);
        }
    }

    private String stateFileName(Rollup stored) {
        return dir.resolve(stored.name() + ".state.json").toString();
    }

    static void setIntervalMining(AnvilProcess anvil, long seconds, String name) {
        try {
            var response = new Request<>("evm_setIntervalMining", List.of(seconds),
                    new HttpService(anvil.rpcUrl()), VoidResponse.class).send();
            if (response.hasError()) {
                throw new DevnetException("evm_setIntervalMining failed on " + name + ": " + response.getError().getMessage());
            }
        } catch (IOException e) {
            throw new DevnetException("evm_setIntervalMining failed on " + name, e);
        }
    }
}
