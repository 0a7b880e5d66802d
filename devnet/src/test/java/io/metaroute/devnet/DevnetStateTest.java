package io.metaroute.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** A devnet kept in a state directory comes back as the same chains, and its nodes stop with it. */
class DevnetStateTest {

    @Test
    void aSecondStartResumesTheSameChainsInsteadOfDeployingAgain(@TempDir Path dir) throws Exception {
        var config = DevnetConfig.defaults().withRollups(List.of(DevnetConfig.defaultRollups().get(1))).withStateDirectory(dir);
        Rollup before;
        BigInteger paid = BigInteger.valueOf(123_456_789);
        BigInteger usdcBefore;
        BigInteger walletNonce;
        long block;
        DevAccount payer;
        DevAccount payee;
        List<DevAccount> wallets;
        try (Devnet first = Devnet.start(config)) {
            before = first.network().rollups().getFirst();
            payer = first.wallets().get(0);
            payee = first.wallets().get(1);
            wallets = first.wallets();
            var usdc = before.tokenBySymbol("USDC").orElseThrow().address();
            var writer = new ChainWriter(first.web3j(before.chainId()), before.chainId().value(), BigInteger.TEN.pow(10));
            String hash = writer.call(payer.credentials(), usdc.hex(), new Function("transfer",
                    List.of(new org.web3j.abi.datatypes.Address(payee.address().hex()), new Uint256(paid)), List.of()), 100_000);
            writer.await(hash, "transfer");
            usdcBefore = first.balanceOf(before.chainId(), usdc, payee.address());
            walletNonce = nonce(first, before, payer.credentials());
            block = first.web3j(before.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact();
            assertThat(first.processIds()).hasSizeGreaterThanOrEqualTo(2); // the watchdog (and its reader) and anvil
        }
        assertThat(dir.resolve("network.json")).exists();
        assertThat(dir.resolve(before.name() + ".state.json")).exists();

        try (Devnet second = Devnet.start(config)) {
            Rollup after = second.network().rollups().getFirst();
            assertThat(after.settler()).isEqualTo(before.settler());
            assertThat(after.pools()).isEqualTo(before.pools());
            assertThat(after.tokens()).isEqualTo(before.tokens());
            assertThat(after.rpcUrl()).isNotEqualTo(before.rpcUrl()); // a fresh port, the same chain
            assertThat(second.wallets()).isEqualTo(wallets);
            var usdc = after.tokenBySymbol("USDC").orElseThrow().address();
            assertThat(second.balanceOf(after.chainId(), usdc, payee.address())).isEqualTo(usdcBefore);
            assertThat(nonce(second, after, payer.credentials())).isEqualTo(walletNonce);
            assertThat(second.web3j(after.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact())
                    .isGreaterThanOrEqualTo(block);
            assertThat(NetworkFile.read(dir.resolve("network.json")).network().rollups().getFirst().rpcUrl())
                    .isEqualTo(after.rpcUrl());
        }
    }

    @Test
    void closingStopsEveryNodeAndItsWatchdog(@TempDir Path dir) {
        var config = DevnetConfig.defaults().withRollups(List.of(DevnetConfig.defaultRollups().get(1))).withStateDirectory(dir);
        List<Long> pids;
        try (Devnet devnet = Devnet.start(config)) {
            pids = devnet.processIds();
            assertThat(pids).isNotEmpty().allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aDescriptionOfOtherRollupsIsRefusedRatherThanResumed(@TempDir Path dir) throws Exception {
        var veil = DevnetConfig.defaults().withRollups(List.of(DevnetConfig.defaultRollups().get(1))).withStateDirectory(dir);
        try (Devnet ignored = Devnet.start(veil)) {
            // deploys veil into dir
        }
        var ledger = DevnetConfig.defaultRollups().get(2);
        Files.copy(dir.resolve("veil.state.json"), dir.resolve("ledger.state.json"));
        assertThatThrownBy(() -> Devnet.start(veil.withRollups(List.of(ledger))))
                .isInstanceOf(DevnetException.class).hasMessageContaining("describes other rollups");
    }

    private static BigInteger nonce(Devnet devnet, Rollup r, Credentials who) throws Exception {
        return devnet.web3j(r.chainId()).ethGetTransactionCount(who.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount();
    }
}
