package io.metaroute.api.network;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.NetworkFile;
import io.metaroute.quotefeeds.fanout.SnapshotJson;
import io.metaroute.quotefeeds.market.MarketStore;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The network the service sees: rollups, tokens, pools and the live market. */
@RestController
public class NetworkController {
    private final NetworkContext ctx;
    private final MarketStore market;

    public NetworkController(NetworkContext ctx, MarketStore market) {
        this.ctx = ctx;
        this.market = market;
    }

    public record ChainView(String name, String profile, long chainId, long domain, String rpcUrl, String wsUrl,
                            long blockTimeMillis, String gasPriceWei, String settler, String poolFactory,
                            Map<String, Object> signingDomain, int tokens, int pools) {
        static ChainView of(Rollup r) {
            return new ChainView(r.name(), r.profile() == null ? null : r.profile().name(), r.chainId().value(), r.domain().value(),
                    r.rpcUrl().toString(), r.wsUrl() == null ? null : r.wsUrl().toString(),
                    r.blockTime() == null ? 0 : r.blockTime().toMillis(), r.gasPriceWei() == null ? null : r.gasPriceWei().toString(),
                    r.settler().checksummed(), r.poolFactory() == null ? null : r.poolFactory().checksummed(),
                    IntentTypedData.domain(SigningDomain.of(r.chainId(), r.settler())), r.tokens().size(), r.pools().size());
        }
    }

    public record TokenView(long chainId, String symbol, String address, int decimals) {
    }

    /** The whole network description (rollups, tokens, pools) in the network-file format, without keys. */
    @GetMapping(path = "/v1/network", produces = "application/json")
    public String network() {
        return NetworkFile.toJson(ctx.network(), List.of());
    }

    @GetMapping(path = "/v1/chains", produces = "application/json")
    public List<ChainView> chains() {
        return ctx.network().rollups().stream().map(ChainView::of).toList();
    }

    @GetMapping(path = "/v1/tokens", produces = "application/json")
    public List<TokenView> tokens(@RequestParam(name = "chainId", required = false) Long chainId) {
        if (chainId != null && (chainId <= 0 || ctx.network().rollup(ChainId.of(chainId)).isEmpty())) {
            throw ApiProblem.of(io.metaroute.api.problem.ErrorKind.UNKNOWN_CHAIN, "chainId", "chain " + chainId + " is not served here");
        }
        return ctx.network().tokens().stream()
                .filter(t -> chainId == null || t.chain().value() == chainId)
                .map(t -> new TokenView(t.chain().value(), t.symbol(), t.address().checksummed(), t.decimals()))
                .toList();
    }

    /** The current market snapshot (every pool's reserves and the version), in the Redis fan-out's wire form. */
    @GetMapping(path = "/v1/market/snapshot", produces = "application/json")
    public String snapshot() {
        return SnapshotJson.write(market.current());
    }
}
