package io.metaroute.api.config;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code metaroute.inventory.limits}: one {@code CHAIN:TOKEN:AMOUNT} each, checked against the network at start. */
final class InventoryLimits {
    private InventoryLimits() {
    }

    static Map<Inventory.Key, BigInteger> parse(Network network, List<String> entries) {
        return parse(network, entries, "metaroute.inventory.limits");
    }

    /** {@code CHAIN:TOKEN:AMOUNT} entries of {@code property}, the same shape as inventory limits. */
    static Map<Inventory.Key, BigInteger> parse(Network network, List<String> entries, String property) {
        var limits = new LinkedHashMap<Inventory.Key, BigInteger>();
        for (String entry : entries) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 3) {
                throw refused(property, entry, "expected CHAIN:TOKEN:AMOUNT");
            }
            ChainId chain;
            BigInteger amount;
            try {
                chain = ChainId.of(Long.parseLong(parts[0].trim()));
                amount = new BigInteger(parts[2].trim());
            } catch (NumberFormatException e) {
                throw refused(property, entry, "the chain id and the amount are decimal integers");
            }
            if (amount.signum() < 0) {
                throw refused(property, entry, "the amount is negative");
            }
            Rollup rollup = network.rollup(chain).orElseThrow(() -> refused(property, entry, "chain " + chain + " is not in the network"));
            String name = parts[1].trim();
            Address token = (name.startsWith("0x") ? rollup.token(Address.of(name)) : rollup.tokenBySymbol(name))
                    .map(Token::address)
                    .orElseThrow(() -> refused(property, entry, "token " + name + " is not listed on chain " + chain));
            if (limits.put(new Inventory.Key(chain, token), amount) != null) {
                throw refused(property, entry, "the token is listed twice");
            }
        }
        return limits;
    }

    /** Every token of every rollup, bounded only by what the executor holds. */
    static Map<Inventory.Key, BigInteger> everything(Network network) {
        var limits = new LinkedHashMap<Inventory.Key, BigInteger>();
        BigInteger unbounded = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        network.rollups().forEach(r -> r.tokens().forEach(t -> limits.put(new Inventory.Key(r.chainId(), t.address()), unbounded)));
        return limits;
    }

    /** {@code CHAIN:AMOUNT} entries of {@code property}: one amount per rollup of the network, each at most once. */
    static Map<ChainId, BigInteger> parsePerChain(Network network, List<String> entries, String property) {
        var limits = new LinkedHashMap<ChainId, BigInteger>();
        for (String entry : entries) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw refused(property, entry, "expected CHAIN:AMOUNT");
            }
            ChainId chain;
            BigInteger amount;
            try {
                chain = ChainId.of(Long.parseLong(parts[0].trim()));
                amount = new BigInteger(parts[1].trim());
            } catch (NumberFormatException e) {
                throw refused(property, entry, "the chain id and the amount are decimal integers");
            }
            if (amount.signum() < 0) {
                throw refused(property, entry, "the amount is negative");
            }
            if (network.rollup(chain).isEmpty()) {
                throw refused(property, entry, "chain " + chain + " is not in the network");
            }
            if (limits.put(chain, amount) != null) {
                throw refused(property, entry, "the chain is listed twice");
            }
        }
        return limits;
    }

    private static IllegalArgumentException refused(String property, String entry, String why) {
        return new IllegalArgumentException(property + " entry '" + entry + "': " + why);
    }
}
