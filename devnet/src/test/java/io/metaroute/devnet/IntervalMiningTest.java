package io.metaroute.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.network.Rollup;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.http.HttpService;

/** After deployment every rollup mines on its profile's interval, not on each transaction. */
@ExtendWith(DevnetExtension.class)
class IntervalMiningTest {

    @Test
    void blocksFollowEachProfilesBlockTime(Devnet devnet) throws Exception {
        List<Rollup> rollups = devnet.network().rollups();
        long[] before = new long[rollups.size()];
        for (int i = 0; i < rollups.size(); i++) {
            Rollup r = rollups.get(i);
            var automine = new Request<>("anvil_getAutomine", List.of(), new HttpService(r.rpcUrl().toString()),
                    AutomineResponse.class).send();
            assertThat(automine.getResult()).as("automine on %s", r.name()).isFalse();
            before[i] = devnet.web3j(r.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact();
        }
        long windowMillis = 2_100;
        Thread.sleep(windowMillis);
        for (int i = 0; i < rollups.size(); i++) {
            Rollup r = rollups.get(i);
            long after = devnet.web3j(r.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact();
            long expected = windowMillis / r.blockTime().toMillis();
            assertThat(after - before[i]).as("blocks mined on %s in %d ms", r.name(), windowMillis)
                    .isBetween(Math.max(1, expected - 2), expected + 1);
        }
    }

    public static class AutomineResponse extends org.web3j.protocol.core.Response<Boolean> {
    }
}
