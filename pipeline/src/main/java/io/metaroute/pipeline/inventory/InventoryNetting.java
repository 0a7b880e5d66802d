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
 * How much rebalancing opposite cross-rollup orders save. A released order leaves the solver {@code amountIn} of its
 * input on the origin and costs it {@code filled} of its output on the destination. Without netting, every fill's
 * output would have to be carried back to the destination from somewhere: the gross. Per symbol, what truly has to
 * move is only each rollup's deficit, what it paid out beyond what orders paid in there: the imbalance. The
 * difference is what netting saved.
 */
public final class InventoryNetting {
    private InventoryNetting() {
    }

    /** One released order's flows (base units): in on the origin, out on the destination. */
    public record Flow(ChainId origin, Address tokenIn, BigInteger amountIn, ChainId destination, Address tokenOut,
                       BigInteger filled) {
    }

    /** Per symbol: what fills paid out (gross), what still had to move (imbalance), and the orders counted. */
    public record Line(String symbol, BigInteger gross, BigInteger imbalance, BigInteger saved, long orders) {
        /** The share of the gross that netting saved, in basis points (0 with nothing paid out). */
        public long savedBps() {
            return gross.signum() == 0 ? 0 : saved.multiply(BigInteger.valueOf(10_000)).divide(gross).longValueExact();
        }
    }

    public static List<Line> of(Network network, List<Flow> flows) {
        var in = new TreeMap<String, Map<ChainId, BigInteger>>();
        var out = new TreeMap<String, Map<ChainId, BigInteger>>();
        var orders = new TreeMap<String, Long>();
        for (Flow f : flows) {
            String symbolIn = symbol(network, f.origin(), f.tokenIn());
            String symbolOut = symbol(network, f.destination(), f.tokenOut());
            in.computeIfAbsent(symbolIn, s -> new TreeMap<>(java.util.Comparator.comparingLong(ChainId::value)))
                    .merge(f.origin(), f.amountIn(), BigInteger::add);
            out.computeIfAbsent(symbolOut, s -> new TreeMap<>(java.util.Comparator.comparingLong(ChainId::value)))
                    .merge(f.destination(), f.filled(), BigInteger::add);
            orders.merge(symbolOut, 1L, Long::sum);
        }
        return out.entrySet().stream().map(e -> {
            BigInteger gross = e.getValue().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
            Map<ChainId, BigInteger> paidIn = in.getOrDefault(e.getKey(), Map.of());
            BigInteger imbalance = e.getValue().entrySet().stream()
                    .map(o -> o.getValue().subtract(paidIn.getOrDefault(o.getKey(), BigInteger.ZERO)).max(BigInteger.ZERO))
                    .reduce(BigInteger.ZERO, BigInteger::add);
            return new Line(e.getKey(), gross, imbalance, gross.subtract(imbalance), orders.get(e.getKey()));
        }).toList();
    }

    private static String symbol(Network network, ChainId chain, Address token) {
        return network.rollup(chain).flatMap(r -> r.token(token)).map(Token::symbol).orElse(token.checksummed());
    }
}
