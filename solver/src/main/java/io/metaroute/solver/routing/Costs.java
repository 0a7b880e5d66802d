package io.metaroute.solver.routing;

import java.math.BigInteger;

/**
 * What carrying out a route costs beyond pool fees: gas on each rollup it touches (in wei, and
 * priced in the output token by selling that much WETH on the destination's pools), and the
 * cross-rollup message fee already deducted from the transfer, in the carried token's base units.
 */
public record Costs(long gasUnits, BigInteger gasWei, BigInteger gasInTokenOut, BigInteger transferFee) {
    public static final Costs NONE = new Costs(0, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
}
