package io.metaroute.pipeline.inventory;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.token.Token;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much rebalancing opposite cross-rollup orders save. The router carries an order's input as it is: the
 * solver spends its inventory of that token on the destination (directly, or through the destination's pools) and
 * is repaid the input less the protocol fee on the origin. Measured by that repayment (what a fill spends beyond it
 * when prices moved is left out), each order moves {@code carried} of its token from the solver's inventory on
 * the destination to its inventory on the origin. Without netting, every order's carried amount would have to be
 * rebalanced back: the gross. Per symbol, what truly has to move is only each rollup's deficit, what fills spent
 * there beyond what orders repaid there: the imbalance. The difference is what netting saved.
 */
public final class InventoryNetting {
    private InventoryNetting() {
    }

    /** Released orders of one route and input token: {@code orders} of them, {@code carried} in all (base units). */
    public record Flow(ChainId origin, ChainId destination, Address tokenIn, BigInteger carried, long orders) {
    }

    /** Per symbol: what fills spent (gross), what still had to move (imbalance), what netting saved, and the orders counted. */
    public record Line(String symbol, BigInteger gross, BigInteger imbalance, BigInteger saved, long orders) {
        /** The share of the gross that netting saved, in basis points (0 with nothing spent). */
        public long savedBps() {
            return gross.signum() == 0 ? 0 : saved.multiply(BigInteger.valueOf(10_000)).divide(gross).longValueExact();
        }
    }

    public static List<Line> of(Network network, List<Flow> flows) {
        var in = new TreeMap<String, Map<ChainId, BigInteger>>();
        var out = new TreeMap<String, Map<ChainId, BigInteger>>();
        var orders = new TreeMap<String, Long>();
        for (Flow f : flows) {
            String symbol = symbol(network, f.origin(), f.tokenIn());
            in.computeIfAbsent(symbol, s -> new TreeMap<>(java.util.Comparator.comparingLong(ChainId::value)))
                    .merge(f.origin(), f.carried(), BigInteger::add);
            out.computeIfAbsent(symbol, s -> new TreeMap<>(java.util.Comparator.comparingLong(ChainId::value)))
                    .merge(f.destination(), f.carried(), BigInteger::add);
            orders.merge(symbol, f.orders(), Long::sum);
        }
        return out.entrySet().stream().map(e -> {
            BigInteger gross = e.getValue().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
            Map<ChainId, BigInteger> repaid = in.getOrDefault(e.getKey(), Map.of());
            BigInteger imbalance = e.getValue().entrySet().stream()
                    .map(o -> o.getValue().subtract(repaid.getOrDefault(o.getKey(), BigInteger.ZERO)).max(BigInteger.ZERO))
                    .reduce(BigInteger.ZERO, BigInteger::add);
            return new Line(e.getKey(), gross, imbalance, gross.subtract(imbalance), orders.get(e.getKey()));
        }).toList();
    }

    private static String symbol(Network network, ChainId chain, Address token) {
        return network.rollup(chain).flatMap(r -> r.token(token)).map(Token::symbol).orElse(token.checksummed());
    }
}
