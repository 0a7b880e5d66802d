package io.metaroute.core.cross;

import io.metaroute.core.intent.SigningDomain;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Hash;
import io.metaroute.core.intent.TypedDataJson;
import org.web3j.utils.Numeric;

/**
 * The EIP-712 typed data of a {@link CrossOrder} in the {@code eth_signTypedData_v4} shape: the
 * {@code GaslessCrossChainOrder} with its {@code orderData} typed as the {@code MetarouteOrder} it
 * encodes, so a wallet shows every term. The domain is the origin's cross settler ("Metaroute",
 * "1", origin chain id). Types are pinned here, as the contract pins them.
 */
public final class CrossOrderTypedData {
    public static final String PRIMARY_TYPE = "GaslessCrossChainOrder";
    public static final String ORDER_DATA_TYPE = "MetarouteOrder";
    public static final String ORDER_DATA_TYPE_STRING = "MetarouteOrder(address tokenIn,uint256 amountIn,"
            + "uint256 destinationChainId,address tokenOut,uint256 minAmountOut,address recipient,uint8 finality,uint16 feeBps)";
    /** {@code orderDataType}: the EIP-712 type hash of {@link #ORDER_DATA_TYPE_STRING}. */
    public static final String ORDER_DATA_TYPEHASH =
            Numeric.toHexString(Hash.sha3(ORDER_DATA_TYPE_STRING.getBytes(StandardCharsets.UTF_8)));

    public static final Map<String, String> ORDER_FIELDS = fields("originSettler", "address", "user", "address",
            "nonce", "uint256", "originChainId", "uint256", "openDeadline", "uint32", "fillDeadline", "uint32",
            "orderDataType", "bytes32", "orderData", ORDER_DATA_TYPE);
    public static final Map<String, String> ORDER_DATA_FIELDS = fields("tokenIn", "address", "amountIn", "uint256",
            "destinationChainId", "uint256", "tokenOut", "address", "minAmountOut", "uint256", "recipient", "address",
            "finality", "uint8", "feeBps", "uint16");

    private CrossOrderTypedData() {
    }

    public static SigningDomain domain(CrossOrder order) {
        return SigningDomain.of(order.originChainId(), order.originSettler());
    }

    /** The full typed data (types, primaryType, domain, message) with numbers as decimal strings. */
    public static Map<String, Object> of(CrossOrder order) {
        var structs = new LinkedHashMap<String, Map<String, String>>();
        structs.put(PRIMARY_TYPE, ORDER_FIELDS);
        structs.put(ORDER_DATA_TYPE, ORDER_DATA_FIELDS);
        return TypedDataJson.of(PRIMARY_TYPE, structs, domain(order), message(order));
    }

    public static Map<String, Object> message(CrossOrder o) {
        var data = new LinkedHashMap<String, Object>();
        data.put("tokenIn", o.tokenIn().checksummed());
        data.put("amountIn", o.amountIn().toString());
        data.put("destinationChainId", Long.toString(o.destinationChainId().value()));
        data.put("tokenOut", o.tokenOut().checksummed());
        data.put("minAmountOut", o.minAmountOut().toString());
        data.put("recipient", o.recipient().checksummed());
        data.put("finality", Integer.toString(o.finality().code()));
        data.put("feeBps", Integer.toString(o.feeBps()));
        var m = new LinkedHashMap<String, Object>();
        m.put("originSettler", o.originSettler().checksummed());
        m.put("user", o.user().checksummed());
        m.put("nonce", o.nonce().toString());
        m.put("originChainId", Long.toString(o.originChainId().value()));
        m.put("openDeadline", Long.toString(o.openDeadline()));
        m.put("fillDeadline", Long.toString(o.fillDeadline()));
        m.put("orderDataType", ORDER_DATA_TYPEHASH);
        m.put("orderData", data);
        return m;
    }

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(order))}: what the user signs. */
    public static byte[] digest(CrossOrder order) {
        return TypedDataJson.digest(of(order));
    }

    /** The typed data as JSON. */
    public static String toJson(CrossOrder order) {
        return TypedDataJson.json(of(order));
    }

    private static Map<String, String> fields(String... nameTypePairs) {
        return TypedDataJson.fields(nameTypePairs);
    }
}
