package io.metaroute.api.config;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetConfig;
import io.metaroute.devnet.NetworkFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** Where the rollups are: a configured network description, or the embedded devnet by default. */
@Configuration(proxyBeanMethods = false)
public class NetworkConfig {

    /** The network and the executor key, wherever they come from. */
    public record NetworkContext(Network network, Credentials executor, Path descriptionFile) {
    }

    /**
     * Without a network file: the devnet, kept in {@code <metaroute.data-dir>/devnet} so that a
     * restart resumes the same chains (contracts, pools, balances, nonces) instead of new ones.
     */
    @Bean(destroyMethod = "close")
    EmbeddedDevnet embeddedDevnet(MetarouteProperties props, Environment env) {
        if (!props.network().embedded()) {
            return new EmbeddedDevnet(null);
        }
        DataDirectory data = DataDirectory.prepare(env);
        DevnetConfig config = DevnetConfig.defaults().withStateDirectory(data.devnet());
        // one block time for every rollup of a new devnet (benchmarks ask for 1 s blocks); the profiles' own otherwise
        java.time.Duration blockTime = env.getProperty("metaroute.devnet.block-time", java.time.Duration.class);
        if (blockTime != null) {
            config = config.withRollups(config.rollups().stream().map(r -> r.withBlockTime(blockTime)).toList());
        }
        // the scale option: more tokens and pools on every rollup, the same for the same seed (default: the five base pools)
        var scale = new io.metaroute.devnet.DevnetScale(env.getProperty("metaroute.devnet.scale.tokens", Integer.class, 4),
                env.getProperty("metaroute.devnet.scale.pools", Integer.class, 5),
                env.getProperty("metaroute.devnet.scale.seed", Long.class, 1L));
        if (!scale.isBase() || scale.poolsPerRollup() != 5) {
            config = config.withRollups(scale.apply(config.rollups()));
        }
        return new EmbeddedDevnet(Devnet.start(config));
    }

    @Bean
    NetworkContext networkContext(MetarouteProperties props, EmbeddedDevnet embedded) {
        Path file = embedded.devnet() != null ? embedded.devnet().descriptionFile() : Path.of(props.network().file());
        NetworkFile.Contents contents = NetworkFile.read(file);
        String key = props.executor().privateKey();
        Credentials executor;
        if (key != null && !key.isBlank()) {
            executor = Credentials.create(key);
        } else {
            executor = contents.devAccounts().stream().filter(a -> a.role().equals("executor")).findFirst()
                    .map(DevAccount::credentials)
                    .orElseThrow(() -> new IllegalStateException(
                            "no executor key: set metaroute.executor.private-key or list an executor in " + file));
        }
        return new NetworkContext(contents.network(), executor, file);
    }

    @Bean(destroyMethod = "")
    Map<ChainId, Web3j> rpcClients(NetworkContext ctx) {
        return ctx.network().rollups().stream().collect(Collectors.toUnmodifiableMap(Rollup::chainId,
                r -> Web3j.build(new HttpService(r.rpcUrl().toString()))));
    }

    /** Holds the devnet this process started, if any, and stops it with the context. */
    /**
     * A moving market on the embedded devnet when {@code metaroute.devnet.activity.swaps-per-second} is above 0:
     * random swaps against every rollup's pools, each up to {@code max-fraction} (0.002) of a reserve.
     */
    @Bean(destroyMethod = "close")
    AutoCloseable devnetMarketActivity(EmbeddedDevnet embedded, Environment env) {
        double rate = env.getProperty("metaroute.devnet.activity.swaps-per-second", Double.class, 0.0);
        if (embedded.devnet() == null || rate <= 0) {
            return () -> { };
        }
        return io.metaroute.devnet.MarketActivity.start(embedded.devnet(), rate,
                env.getProperty("metaroute.devnet.activity.max-fraction", Double.class, 0.002),
                env.getProperty("metaroute.devnet.activity.seed", Long.class, 1L));
    }

    public record EmbeddedDevnet(Devnet devnet) implements AutoCloseable {
        @Override
        public void close() {
            if (devnet != null) {
                devnet.close();
            }
        }
    }

}
