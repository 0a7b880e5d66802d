package io.metaroute.core.pool;

import java.math.BigInteger;

/**
 * Uniswap V2 constant-product math in integers, exactly as {@code UniswapV2Library.getAmountOut}
 * and our settler compute it: {@code out = in*997*rOut / (rIn*1000 + in*997)}, rounded down.
 */
public final class UniswapV2Math {
    private static final BigInteger FEE_NUMERATOR = BigInteger.valueOf(997);
    private static final BigInteger FEE_DENOMINATOR = BigInteger.valueOf(1000);

    private UniswapV2Math() {
    }

    public static BigInteger amountOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut) {
        if (amountIn.signum() <= 0 || reserveIn.signum() <= 0 || reserveOut.signum() <= 0) {
            return BigInteger.ZERO;
        }
        BigInteger inWithFee = amountIn.multiply(FEE_NUMERATOR);
        BigInteger numerator = inWithFee.multiply(reserveOut);
        BigInteger denominator = reserveIn.multiply(FEE_DENOMINATOR).add(inWithFee);
        return numerator.divide(denominator);
    }
}
