package io.metaroute.core.pool;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The state of one constant-product (Uniswap V2) pool at a block: which tokens, which reserves.
 * {@code token0 < token1} by address, as the pair contract orders them.
 */
public record PoolState(
        ChainId chain,
        Address address,
        Address token0,
        Address token1,
        BigInteger reserve0,
        BigInteger reserve1,
        long blockNumber) {

    public PoolState {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token0, "token0");
        Objects.requireNonNull(token1, "token1");
        if (token0.equals(token1)) {
            throw new InvalidValueException("token1", "a pool needs two different tokens");
        }
        Uint256.require("reserve0", reserve0);
        Uint256.require("reserve1", reserve1);
    }

    public PoolKey key() {
        return new PoolKey(chain, address);
    }

    public boolean has(Address token) {
        return token0.equals(token) || token1.equals(token);
    }

    public Address other(Address token) {
        if (token0.equals(token)) {
            return token1;
        }
        if (token1.equals(token)) {
            return token0;
        }
        throw new IllegalArgumentException(token + " is not in pool " + address);
    }

    public BigInteger reserveOf(Address token) {
        return token0.equals(token) ? reserve0 : reserve1;
    }

    /** Exact output for selling {@code amountIn} of {@code tokenIn}, as the chain would pay it. */
    public BigInteger amountOut(Address tokenIn, BigInteger amountIn) {
        if (!has(tokenIn)) {
            throw new IllegalArgumentException(tokenIn + " is not in pool " + address);
        }
        return UniswapV2Math.amountOut(amountIn, reserveOf(tokenIn), reserveOf(other(tokenIn)));
    }

    public PoolState withReserves(BigInteger newReserve0, BigInteger newReserve1, long atBlock) {
        return new PoolState(chain, address, token0, token1, newReserve0, newReserve1, atBlock);
    }
}
