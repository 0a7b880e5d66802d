package io.metaroute.solver.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * What the router charges a route: gas per fill and per leg at the rollup's live gas price (the
 * network file's where none is known), maker-quote legs' extra gas, and the Metalayer message fee,
 * each priced in the token it is compared in at the pools' mid price of the native wrapper, and
 * rounded up so that a cost is never understated.
 */
final class RouteCosts {
    private final Network network;
    private final RouterSettings settings;
    private final GasPrices gasPrices;

    RouteCosts(Network network, RouterSettings settings, GasPrices gasPrices) {
        this.network = network;
        this.settings = settings;
        this.gasPrices = gasPrices;
    }

    /** Gas of an {@code n}-leg fill on {@code chain}, priced in {@code token} at the pools' mid price. */
    IntFunction<BigInteger> gasIn(ChainId chain, List<PoolState> pools, Address token) {
        Rollup r = rollup(chain);
        Optional<Double> rate = !settings.priceGas() || r == null ? Optional.empty() : nativeRate(r, pools, token);
        if (rate.isEmpty()) {
            return n -> BigInteger.ZERO;
        }
        BigInteger price = gasPrice(r); // one price for the whole solve, even if a new one arrives meanwhile
        return n -> priced(gasWei(price, n), rate.get());
    }

    BigInteger originGasInTokenOut(Rollup origin, List<PoolState> originPools, Rollup destination,
                                           List<PoolState> destPools, Address tokenOut, int legs) {
        if (legs == 0 || !settings.priceGas()) {
            return BigInteger.ZERO;
        }
        // Origin gas is paid in the origin's native coin: the same asset as the destination's, priced there.
        return nativeRate(destination, destPools, tokenOut).map(rate -> priced(gasWei(origin, legs), rate)).orElse(BigInteger.ZERO);
    }

    /** The settling message's fee in {@code token}: live from {@code quoteDispatch} when known, else the configured one. */
    BigInteger feeIn(List<PoolState> destPools, Rollup destination, Rollup origin, Address token) {
        BigInteger wei = gasPrices.messageFeeWei(destination.chainId(), origin.chainId()).orElse(settings.messageFeeWei());
        if (wei.signum() == 0) {
            return BigInteger.ZERO;
        }
        return nativeRate(destination, destPools, token).map(rate -> priced(wei, rate)).orElse(BigInteger.ZERO);
    }

    private BigInteger gasWei(Rollup r, int legs) {
        return gasWei(gasPrice(r), legs);
    }

    private BigInteger gasWei(BigInteger price, int legs) {
        return BigInteger.valueOf(settings.gasPerFill() + (long) legs * settings.gasPerLeg()).multiply(price);
    }

    /** Base units of {@code token} one wei of the rollup's native coin is worth, at the mid price of its wrapper. */
    private static Optional<Double> nativeRate(Rollup r, List<PoolState> pools, Address token) {
        return r.tokenBySymbol(Router.NATIVE_WRAPPER).flatMap(weth -> MidPrice.rate(pools, weth.address(), token));
    }

    /** {@code wei} at {@code rate}, rounded up: a cost is never understated. */
    private static BigInteger priced(BigInteger wei, double rate) {
        return new BigDecimal(wei).multiply(BigDecimal.valueOf(rate)).setScale(0, RoundingMode.CEILING).toBigInteger();
    }

    /** What a fill of {@code legs} legs costs, {@code quoteLegs} of which take makers' quotes; gas in the output token from {@code priced}. */
    Costs costs(ChainId chain, List<PoolState> pools, IntFunction<BigInteger> priced, Address tokenOut, int legs, int quoteLegs) {
        long extra = quoteLegs * (settings.priceGas() ? Router.GAS_PER_QUOTE_LEG_EXTRA : 0);
        long units = settings.gasPerFill() + (long) legs * settings.gasPerLeg() + extra;
        Rollup r = rollup(chain);
        BigInteger wei = r == null ? BigInteger.ZERO : gasWei(r, legs).add(BigInteger.valueOf(extra).multiply(gasPrice(r)));
        BigInteger inToken = priced.apply(legs).add(gasInUnits(chain, pools, tokenOut, extra));
        return new Costs(units, wei, inToken, BigInteger.ZERO);
    }

    /** {@code units} of gas on {@code chain}, priced in {@code token} (zero when gas is not priced). */
    BigInteger gasInUnits(ChainId chain, List<PoolState> pools, Address token, long units) {
        Rollup r = rollup(chain);
        if (units == 0 || !settings.priceGas() || r == null) {
            return BigInteger.ZERO;
        }
        return nativeRate(r, pools, token).map(rate -> priced(BigInteger.valueOf(units).multiply(gasPrice(r)), rate))
                .orElse(BigInteger.ZERO);
    }

    /** The gas price the router charges on {@code chain} now: the live one, else the network file's (zero if neither). */
    BigInteger gasPriceWei(ChainId chain) {
        Rollup r = rollup(chain);
        return r == null ? BigInteger.ZERO : gasPrice(r);
    }

    BigInteger gasPrice(Rollup r) {
        return gasPrices.gasPriceWei(r.chainId())
                .orElseGet(() -> r.gasPriceWei() == null ? BigInteger.ZERO : r.gasPriceWei());
    }

    private Rollup rollup(ChainId chain) {
        return network.rollup(chain).orElse(null);
    }
}
