package io.metaroute.core.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.token.Uint256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Objects;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A cross-rollup order as the user signs it: ERC-7683's {@code GaslessCrossChainOrder} (settler,
 * user, nonce, origin chain, open and fill deadlines) whose {@code orderData} is Metaroute's
 * {@code MetarouteOrder}: {@code amountIn} of {@code tokenIn} given on the origin for at least
 * {@code minAmountOut} of {@code tokenOut} paid to {@code recipient} on the destination, filled once
 * the origin is as final as {@code finality} says, with a protocol fee of {@code feeBps} parts per
 * 10,000 of the escrow taken from the filler's repayment. The same shape as the contracts'
 * {@code CrossOrders.sol}; deadlines are unix seconds that fit a {@code uint32}.
 */
public record CrossOrder(
        Address originSettler,
        Address user,
        BigInteger nonce,
        ChainId originChainId,
        long openDeadline,
        long fillDeadline,
        Address tokenIn,
        BigInteger amountIn,
        ChainId destinationChainId,
        Address tokenOut,
        BigInteger minAmountOut,
        Address recipient,
        FinalityState finality,
        int feeBps) {

    /** The contracts' {@code MAX_FEE_BPS}: at most 1% of the escrow. */
    public static final int MAX_FEE_BPS = 100;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    public CrossOrder {
        Objects.requireNonNull(originSettler, "originSettler");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(originChainId, "originChainId");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(destinationChainId, "destinationChainId");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(finality, "finality");
        Uint256.require("nonce", nonce);
        Uint256.requirePositive("amountIn", amountIn);
        Uint256.require("minAmountOut", minAmountOut);
        if (openDeadline < 0 || openDeadline > UINT32_MAX) {
            throw new InvalidValueException("openDeadline", "must be a uint32 of unix seconds, got " + openDeadline);
        }
        if (fillDeadline < openDeadline || fillDeadline > UINT32_MAX) {
            throw new InvalidValueException("fillDeadline", "must be a uint32 of unix seconds, not before openDeadline "
                    + openDeadline + ", got " + fillDeadline);
        }
        if (originChainId.equals(destinationChainId)) {
            throw new InvalidValueException("destinationChainId", "must differ from originChainId " + originChainId);
        }
        if (feeBps < 0 || feeBps > MAX_FEE_BPS) {
            throw new InvalidValueException("feeBps", "must be 0.." + MAX_FEE_BPS + ", got " + feeBps);
        }
        if (recipient.isZero()) {
            throw new InvalidValueException("recipient", "must not be the zero address");
        }
    }

    /** ABI encoding of the {@code MetarouteOrder}: the order's {@code orderData} bytes. */
    public byte[] orderData() {
        return words(tokenIn, amountIn, BigInteger.valueOf(destinationChainId.value()), tokenOut, minAmountOut, recipient,
                BigInteger.valueOf(finality.code()), BigInteger.valueOf(feeBps));
    }

    /** ABI encoding of the {@code FillOrder} the destination fills: the fill instruction's {@code originData}. */
    public byte[] originData() {
        return words(BigInteger.valueOf(originChainId.value()), originSettler, user, nonce, BigInteger.valueOf(fillDeadline),
                BigInteger.valueOf(destinationChainId.value()), tokenOut, minAmountOut, recipient,
                BigInteger.valueOf(finality.code()));
    }

    /** {@code keccak256(originData)}: the order's id on both rollups. */
    public byte[] orderId() {
        return Hash.sha3(originData());
    }

    public String orderIdHex() {
        return Numeric.toHexString(orderId());
    }

    /** The escrow's fee, as the origin settler takes it at release: {@code amountIn × feeBps / 10,000}, rounded down. */
    public BigInteger fee() {
        return amountIn.multiply(BigInteger.valueOf(feeBps)).divide(BigInteger.valueOf(10_000));
    }

    private static byte[] words(Object... values) {
        var out = new ByteArrayOutputStream(32 * values.length);
        for (Object v : values) {
            BigInteger n = v instanceof Address a ? Numeric.toBigInt(a.hex()) : (BigInteger) v;
            out.writeBytes(Numeric.toBytesPadded(n, 32));
        }
        return out.toByteArray();
    }
}
