package io.metaroute.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.network.Rollup;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** One node of a devnet stopped and started again: the same port, the same chain, mining again. */
class NodeRestartTest {

    @Test
    void aStoppedNodeComesBackOnItsPortWithItsChainAndItsBlockTime(@TempDir Path dir) throws Exception {
        // veil mines by evm_setIntervalMining (whole seconds), which a new process must be told again
        var config = DevnetConfig.defaults().withRollups(List.of(DevnetConfig.defaultRollups().get(1))).withStateDirectory(dir);
        try (Devnet devnet = Devnet.start(config)) {
            Rollup veil = devnet.network().rollups().getFirst();
            var web3j = devnet.web3j(veil.chainId());
            long before = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();

            devnet.stopNode(veil.chainId());
            assertThat(devnet.nodeRunning(veil.chainId())).isFalse();
            assertThatThrownBy(() -> web3j.ethBlockNumber().send()).as("nothing listens on its port").isInstanceOf(java.io.IOException.class);

            devnet.startNode(veil.chainId());
            assertThat(devnet.nodeRunning(veil.chainId())).isTrue();
            long after = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            assertThat(after).as("the chain came back from its state file").isGreaterThanOrEqualTo(before);
            String code = web3j.ethGetCode(veil.settler().hex(), DefaultBlockParameterName.LATEST).send().getCode();
            assertThat(code).as("the settler is still deployed").isNotEqualTo("0x");
            Thread.sleep(2_500);
            assertThat(web3j.ethBlockNumber().send().getBlockNumber().longValueExact()).as("it mines again").isGreaterThan(after);
            assertThatThrownBy(() -> devnet.startNode(veil.chainId())).isInstanceOf(IllegalStateException.class);
        }
    }
}
