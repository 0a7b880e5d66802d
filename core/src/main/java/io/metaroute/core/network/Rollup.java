package io.metaroute.core.network;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.token.Token;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One rollup as Metaroute sees it: endpoints, identity, contracts, tokens and pools. */
public record Rollup(
        String name,
        RollupProfile profile,
        ChainId chainId,
        Domain domain,
        URI rpcUrl,
        URI wsUrl,
        Duration blockTime,
        BigInteger gasPriceWei,
        Address settler,
        Address poolFactory,
        List<Token> tokens,
        List<PoolRef> pools) {

    public Rollup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Objects.requireNonNull(settler, "settler");
        tokens = List.copyOf(tokens);
        pools = List.copyOf(pools);
        for (Token t : tokens) {
            if (!t.chain().equals(chainId)) {
                throw new IllegalArgumentException("token " + t.symbol() + " is on chain " + t.chain() + ", not " + chainId);
            }
        }
    }

    public Optional<Token> token(Address address) {
        return tokens.stream().filter(t -> t.address().equals(address)).findFirst();
    }

    public Optional<Token> tokenBySymbol(String symbol) {
        return tokens.stream().filter(t -> t.symbol().equalsIgnoreCase(symbol)).findFirst();
    }
}
