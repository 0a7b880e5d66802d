package io.metaroute.solver.cow;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.solver.routing.Inventory;
import java.util.Map;
import java.util.Optional;

/** Which asset a token on a rollup is. Tokens it does not know are never matched. */
@FunctionalInterface
public interface Assets {

    Optional<AssetId> assetOf(ChainId chain, Address token);

    /** The default identity: a token is its symbol (case-insensitive) and decimals, on every rollup of the network. */
    static Assets bySymbol(Network network) {
        return (chain, token) -> network.token(chain, token).map(t -> new AssetId(t.symbol(), t.decimals()));
    }

    /** An explicit table of tokens and their assets. */
    static Assets of(Map<Inventory.Key, AssetId> table) {
        Map<Inventory.Key, AssetId> copy = Map.copyOf(table);
        return (chain, token) -> Optional.ofNullable(copy.get(new Inventory.Key(chain, token)));
    }
}
