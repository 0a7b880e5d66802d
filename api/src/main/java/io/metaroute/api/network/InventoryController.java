package io.metaroute.api.network;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.api.persistence.InventoryMoveRepository;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import io.metaroute.pipeline.inventory.InventoryMove;
import io.metaroute.pipeline.inventory.InventoryNetting;
import io.metaroute.pipeline.inventory.InventoryRebalancer;
import io.metaroute.pipeline.inventory.WarpRouteChains;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The solver's inventory across rollups: what the executor holds of every token that has a warp route, the
 * rebalancing target, what the route's router holds as collateral there; the latest moves; and how much
 * rebalancing opposite cross-rollup orders saved.
 */
@RestController
public class InventoryController {
    private static final int RECENT = 50;

    private final NetworkContext ctx;
    private final InventoryMoveRepository moves;
    private final WarpRouteChains warps;
    private final InventoryRebalancer rebalancer;

    public InventoryController(NetworkContext ctx, InventoryMoveRepository moves, WarpRouteChains warps, InventoryRebalancer rebalancer) {
        this.ctx = ctx;
        this.moves = moves;
        this.warps = warps;
        this.rebalancer = rebalancer;
    }

    /** {@code balance} and {@code collateral} are null when the rollup's node did not answer. */
    public record BalanceView(long chainId, String symbol, String token, String warpRoute, String balance, String target,
                              String collateral) {
    }

    /** {@code txHash} is the transfer's current version (once mined, the version mined); {@code replacedTxHashes} the others. */
    public record MoveView(String id, String symbol, long fromChainId, long toChainId, String amount, String status, String txHash,
                           List<String> replacedTxHashes, String messageId, String reason, String createdAt) {
        static MoveView of(InventoryMove m) {
            return new MoveView(m.id().toString(), m.symbol(), m.from().value(), m.to().value(), m.amount().toString(), m.status().db(),
                    m.tx() == null ? null : m.tx().hash(), m.replaced().stream().map(v -> v.hash()).toList(), m.messageId(), m.reason(),
                    m.createdAt().toString());
        }
    }

    public record NettingView(String symbol, long orders, String gross, String imbalance, String saved, long savedBps) {
    }

    public record InventoryView(boolean rebalancing, List<BalanceView> balances, List<MoveView> moves,
                                Map<String, String> deliveredBySymbol, List<NettingView> netting) {
    }

    @GetMapping(path = "/v1/inventory", produces = "application/json")
    public Mono<InventoryView> inventory() {
        Address solver = Address.of(ctx.executor().getAddress());
        var targets = rebalancer.targets().values().stream().flatMap(List::stream).toList();
        Flux<BalanceView> balances = Flux.fromIterable(ctx.network().rollups())
                .concatMap(r -> Flux.fromIterable(r.tokens()).concatMap(t -> routeOf(r, t).map(route -> {
                    String target = targets.stream().filter(x -> x.chain().equals(r.chainId()) && x.token().equals(t.address()))
                            .findFirst().map(x -> x.amount().toString()).orElse(null);
                    return Mono.zip(read(warps.balance(r.chainId(), t.address(), solver)), read(warps.balance(r.chainId(), t.address(), route)))
                            .map(z -> new BalanceView(r.chainId().value(), t.symbol(), t.address().checksummed(), route.checksummed(),
                                    z.getT1().orElse(null), target, z.getT2().orElse(null)));
                }).orElse(Mono.empty())));
        return Mono.zip(balances.collectList(), moves.recent(RECENT).map(MoveView::of).collectList(),
                        moves.deliveredBySymbol(), moves.releasedFlows().collectList())
                .map(z -> new InventoryView(rebalancer.configured(), z.getT1(), z.getT2(),
                        z.getT3().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString(),
                                (a, b) -> a, java.util.TreeMap::new)),
                        InventoryNetting.of(ctx.network(), z.getT4()).stream().map(l -> new NettingView(l.symbol(), l.orders(),
                                l.gross().toString(), l.imbalance().toString(), l.saved().toString(), l.savedBps())).toList()));
    }

    private Optional<Address> routeOf(Rollup r, Token t) {
        return ctx.network().metalayer().contracts(r.domain()).flatMap(c -> c.warpRoute(t.address()));
    }

    private static Mono<Optional<String>> read(Mono<BigInteger> balance) {
        return balance.map(b -> Optional.of(b.toString())).onErrorReturn(Optional.empty()).defaultIfEmpty(Optional.empty());
    }
}
