package io.metaroute.devnet;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.RollupProfile;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to start a {@link Devnet}: the rollups, an optional anvil binary (else {@code METAROUTE_ANVIL},
 * else the npm-installed one found upward from the working directory, else {@code anvil} on the
 * PATH), an optional path for the description file (else a fresh temporary file), and an optional
 * state directory: with one, every rollup keeps its chain in {@code <dir>/<name>.state.json}
 * (anvil's {@code --state}, dumped every {@link #STATE_INTERVAL_SECONDS} s and on exit) and the
 * description in {@code <dir>/network.json}, and a later start with the same directory resumes
 * those chains instead of deploying new ones (see {@link DevnetState}).
 */
public record DevnetConfig(List<RollupSpec> rollups, Path anvilPath, Path descriptionFile, Path stateDirectory) {
    /** How often a persistent rollup's anvil writes its state file, on top of the write at exit. */
    public static final int STATE_INTERVAL_SECONDS = 1;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    public DevnetConfig {
        rollups = List.copyOf(rollups);
        if (rollups.isEmpty()) {
            throw new IllegalArgumentException("a devnet needs at least one rollup");
        }
    }

    public DevnetConfig(List<RollupSpec> rollups, Path anvilPath, Path descriptionFile) {
        this(rollups, anvilPath, descriptionFile, null);
    }

    /** The three default rollups with the product brief's division of labour. */
    public static DevnetConfig defaults() {
        return new DevnetConfig(defaultRollups(), null, null, null);
    }

    public DevnetConfig withRollups(List<RollupSpec> specs) {
        return new DevnetConfig(specs, anvilPath, descriptionFile, stateDirectory);
    }

    public DevnetConfig withAnvil(Path anvil) {
        return new DevnetConfig(rollups, anvil, descriptionFile, stateDirectory);
    }

    public DevnetConfig withDescriptionFile(Path file) {
        return new DevnetConfig(rollups, anvilPath, file, stateDirectory);
    }

    /** Keep the chains and their description in {@code dir}, and resume them from there when present. */
    public DevnetConfig withStateDirectory(Path dir) {
        return new DevnetConfig(rollups, anvilPath, descriptionFile, dir);
    }

    public Optional<Path> state() {
        return Optional.ofNullable(stateDirectory);
    }

    public Optional<Path> anvil() {
        return Optional.ofNullable(anvilPath);
    }

    public Optional<Path> description() {
        return Optional.ofNullable(descriptionFile);
    }

    /**
     * Prices differ by a few percent between rollups (WETH ~3000 / ~3060 / ~2950 USD) and on
     * {@code ember} the direct USDC/WETH pool is shallow, so that selling 10,000 USDC for WETH pays
     * more through USDC -> USDT -> WETH than directly.
     */
    public static List<RollupSpec> defaultRollups() {
        var ember = new RollupSpec("ember", RollupProfile.GAMING, ChainId.of(710001), Domain.of(7101),
                Duration.ofMillis(250), GWEI.divide(BigInteger.valueOf(100)), List.of(
                        PoolSeed.of("USDC", 90_000, "WETH", 30),
                        PoolSeed.of("USDT", 6_000_000, "WETH", 2_000),
                        PoolSeed.of("USDC", 5_000_000, "USDT", 5_000_000),
                        PoolSeed.of("DAI", 3_000_000, "WETH", 1_000),
                        PoolSeed.of("DAI", 2_000_000, "USDC", 2_000_000)));
        var veil = new RollupSpec("veil", RollupProfile.ZK_PRIVACY, ChainId.of(710002), Domain.of(7102),
                Duration.ofSeconds(1), GWEI.divide(BigInteger.valueOf(20)), List.of(
                        PoolSeed.of("USDC", 6_120_000, "WETH", 2_000),
                        PoolSeed.of("USDT", 3_045_000, "WETH", 1_000),
                        PoolSeed.of("USDC", 1_000_000, "USDT", 1_001_000),
                        PoolSeed.of("DAI", 1_530_000, "WETH", 500),
                        PoolSeed.of("DAI", 1_000_000, "USDC", 998_000)));
        var ledger = new RollupSpec("ledger", RollupProfile.ENTERPRISE, ChainId.of(710003), Domain.of(7103),
                Duration.ofSeconds(2), GWEI, List.of(
                        PoolSeed.of("USDC", 8_850_000, "WETH", 3_000),
                        PoolSeed.of("USDT", 2_980_000, "WETH", 1_000),
                        PoolSeed.of("USDC", 3_000_000, "USDT", 2_997_000),
                        PoolSeed.of("DAI", 2_925_000, "WETH", 1_000),
                        PoolSeed.of("DAI", 500_000, "USDC", 501_000)));
        return List.of(ember, veil, ledger);
    }
}
