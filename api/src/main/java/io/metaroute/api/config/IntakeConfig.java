package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Rollup;
import io.metaroute.execution.fill.WalletFunds;
import io.metaroute.execution.tx.ChainClient;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.web3j.protocol.Web3j;

/** What intake reads from the chains: each rollup's wallet balances and allowances to its settler. */
@Configuration(proxyBeanMethods = false)
public class IntakeConfig {

    /** Read-only clients: intake only calls, so these never take a nonce. */
    @Bean
    Map<ChainId, WalletFunds> walletFunds(NetworkContext ctx, Map<ChainId, Web3j> rpc, MetarouteProperties props) {
        return ctx.network().rollups().stream().collect(Collectors.toUnmodifiableMap(Rollup::chainId, r -> new WalletFunds(
                new ChainClient(r.chainId(), rpc.get(r.chainId()), ctx.executor(), props.executor().receiptPoll()), r.settler())));
    }
}
