package io.metaroute.core.rfq;

import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.TypedDataJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The EIP-712 typed data of a {@link MakerQuote} in the {@code eth_signTypedData_v4} shape a maker's
 * key signs, under the rollup settler's domain ({@code Metaroute}, {@code 1}, chain id, settler).
 * Types and domain are pinned here; the server never hashes types a client sent.
 */
public final class MakerQuoteTypedData {
    public static final String PRIMARY_TYPE = "MakerQuote";
    public static final String TYPE_STRING = "MakerQuote(address maker,address tokenIn,address tokenOut,uint256 amountIn,"
            + "uint256 amountOut,uint256 expiry,uint256 nonce)";

    /** Field name to Solidity type, in signing order. */
    public static final Map<String, String> MESSAGE_FIELDS = TypedDataJson.fields(
            "maker", "address", "tokenIn", "address", "tokenOut", "address", "amountIn", "uint256",
            "amountOut", "uint256", "expiry", "uint256", "nonce", "uint256");

    private MakerQuoteTypedData() {
    }

    /** The full typed-data object (types, primaryType, domain, message) with uints as decimal strings. */
    public static Map<String, Object> of(SigningDomain domain, MakerQuote quote) {
        return TypedDataJson.of(PRIMARY_TYPE, Map.of(PRIMARY_TYPE, MESSAGE_FIELDS), domain, message(quote));
    }

    public static Map<String, Object> message(MakerQuote quote) {
        var m = new LinkedHashMap<String, Object>();
        m.put("maker", quote.maker().checksummed());
        m.put("tokenIn", quote.tokenIn().checksummed());
        m.put("tokenOut", quote.tokenOut().checksummed());
        m.put("amountIn", quote.amountIn().toString());
        m.put("amountOut", quote.amountOut().toString());
        m.put("expiry", Long.toString(quote.expiry()));
        m.put("nonce", quote.nonce().toString());
        return m;
    }

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(quote))}: what the maker signs. */
    public static byte[] digest(SigningDomain domain, MakerQuote quote) {
        if (!domain.chainId().equals(quote.chain())) {
            throw new IllegalArgumentException("the domain's chain " + domain.chainId() + " is not the quote's " + quote.chain());
        }
        return TypedDataJson.digest(of(domain, quote));
    }

    /** The typed data as JSON. */
    public static String toJson(SigningDomain domain, MakerQuote quote) {
        return TypedDataJson.json(of(domain, quote));
    }
}
