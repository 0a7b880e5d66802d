package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A cross-rollup hop: {@code amountIn} of {@code tokenFrom} is taken on {@code fromChain}, and the
 * solver delivers {@code amountOut = amountIn - fee} of {@code tokenTo} from its own inventory on
 * {@code toChain}, settled afterwards by a Metalayer message. {@code fee} covers the message fee,
 * in base units of the token.
 */
public record Transfer(ChainId fromChain, Address tokenFrom, ChainId toChain, Address tokenTo,
                       BigInteger amountIn, BigInteger fee, BigInteger amountOut) {
    public Transfer {
        Objects.requireNonNull(fromChain, "fromChain");
        Objects.requireNonNull(tokenFrom, "tokenFrom");
        Objects.requireNonNull(toChain, "toChain");
        Objects.requireNonNull(tokenTo, "tokenTo");
        Uint256.requirePositive("amountIn", amountIn);
        Uint256.require("fee", fee);
        Uint256.require("amountOut", amountOut);
        if (fromChain.equals(toChain)) {
            throw new IllegalArgumentException("a transfer crosses rollups");
        }
        if (!amountIn.subtract(fee).equals(amountOut)) {
            throw new IllegalArgumentException("amountOut must be amountIn - fee");
        }
    }
}
