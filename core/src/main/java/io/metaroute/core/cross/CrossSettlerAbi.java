package io.metaroute.core.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.route.RouteReplay;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The CrossSettler's ABI: {@code openFor} on the origin, {@code fill} on the destination, the views
 * the service and the validators read ({@code escrows}, {@code fills}, {@code fillStatus}, {@code fillRange}), and the
 * body of a release or refund message. Encoding only; the contract is the judge of what it accepts.
 */
public final class CrossSettlerAbi {
    /** The message kinds of {@code CrossSettler}: RELEASE pays the fillers, REFUND returns the input. */
    public enum Kind {
        RELEASE(1), REFUND(2);

        public final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /** An escrow's state on the origin, in the contract's enum order. */
    public enum EscrowStatus { NONE, OPEN, RELEASED, REFUNDED }

    public static final String OPEN_FOR_SIGNATURE =
            "openFor((address,address,uint256,uint256,uint32,uint32,bytes32,bytes),bytes,bytes)";
    public static final String HASH_ORDER_SIGNATURE = "hashOrder((address,address,uint256,uint256,uint32,uint32,bytes32,bytes))";
    public static final String FILL_SIGNATURE = "fill(bytes32,bytes,bytes)";
    public static final String FILL_STATUS_SIGNATURE = "fillStatus(bytes32[])";
    public static final String FILL_RANGE_SIGNATURE = "fillRange(uint256,uint256,uint256)";
    public static final String FEES_PAID_TOPIC = Hash.sha3String("FeesPaid(address,uint256,uint256,uint256,uint256)");
    public static final String SETTLED_TOPIC = Hash.sha3String("Settled(uint8,uint256,uint256,uint256)");
    public static final String PAID_TOPIC = Hash.sha3String("Paid(address,address,uint256)");
    public static final String ORDER_FILLED_TOPIC = Hash.sha3String("OrderFilled(bytes32,address,address,uint256)");
    public static final String ESCROWED_TOPIC = Hash.sha3String("Escrowed(bytes32,address,address,uint256,uint256)");

    private CrossSettlerAbi() {
    }

    /** {@code openFor(order, signature, "")}: the order's input escrowed as it is (no swap on the origin). */
    public static String openFor(CrossOrder o, byte[] signature) {
        List<Type> inputs = List.of(gasless(o), new DynamicBytes(signature), new DynamicBytes(new byte[0]));
        return selector(OPEN_FOR_SIGNATURE) + FunctionEncoder.encodeConstructor(inputs);
    }

    /** {@code hashOrder(order)}: the EIP-712 digest as the settler computes it. */
    public static String hashOrder(CrossOrder o) {
        return selector(HASH_ORDER_SIGNATURE) + FunctionEncoder.encodeConstructor(List.of(gasless(o)));
    }

    private static DynamicStruct gasless(CrossOrder o) {
        return new DynamicStruct(addr(o.originSettler()), addr(o.user()), new Uint256(o.nonce()),
                new Uint256(o.originChainId().value()), new Uint32(o.openDeadline()), new Uint32(o.fillDeadline()),
                new Bytes32(Numeric.hexStringToByteArray(CrossOrderTypedData.ORDER_DATA_TYPEHASH)),
                new DynamicBytes(o.orderData()));
    }

    /**
     * {@code fill(orderId, originData, fillerData)}: the filler pays {@code amountSpent} of {@code tokenSpent},
     * turned into the output token by {@code steps} (none: it must be the output token), and is repaid on
     * the origin at {@code repayTo}.
     */
    public static String fill(CrossOrder o, Address repayTo, Address tokenSpent, BigInteger amountSpent,
                              List<RouteReplay.Step> steps) {
        List<Type> inputs = List.of(new Bytes32(o.orderId()), new DynamicBytes(o.originData()),
                new DynamicBytes(fillerData(repayTo, tokenSpent, amountSpent, steps)));
        return selector(FILL_SIGNATURE) + FunctionEncoder.encodeConstructor(inputs);
    }

    static byte[] fillerData(Address repayTo, Address tokenSpent, BigInteger amountSpent, List<RouteReplay.Step> steps) {
        var program = new DynamicArray<>(StaticStruct.class, steps.stream().map(s -> new StaticStruct(addr(s.pool()),
                addr(s.tokenIn()), addr(s.tokenOut()), new Uint256(BigInteger.valueOf(s.share())))).toList());
        List<Type> parts = List.of(addr(repayTo), addr(tokenSpent), new Uint256(amountSpent), program);
        return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(parts));
    }

    /** {@code fillStatus(orderIds)}: the read a release or refund message carries. */
    public static byte[] fillStatus(List<byte[]> orderIds) {
        return Numeric.hexStringToByteArray(selector(FILL_STATUS_SIGNATURE)
                + FunctionEncoder.encodeConstructor(List.of(ids(orderIds))));
    }

    /**
     * {@code fillRange(originChainId, from, count)}: the read a release message carries to settle entries
     * [from, from + count) of the destination's log of fills of orders from {@code originChainId}, whatever
     * their number (the origin skips those it cannot release: not opened there, bound elsewhere, settled).
     */
    public static byte[] fillRange(long originChainId, long from, long count) {
        return Numeric.hexStringToByteArray(selector(FILL_RANGE_SIGNATURE) + FunctionEncoder.encodeConstructor(List.of(
                new Uint256(originChainId), new Uint256(from), new Uint256(count))));
    }

    /**
     * The body of a release or refund message: {@code abi.encode(uint8 kind)}. The orders it settles are
     * those its one read, {@link #fillStatus} or (a release) {@link #fillRange}, answers about.
     */
    public static byte[] message(Kind kind) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(new Uint8(kind.code))));
    }

    /** {@code fillStatus}'s answer: the block's timestamp and, per order, whom its fill repays (zero: unfilled). */
    public record FillStatus(long timestamp, List<Address> repayTo) {
    }

    public static FillStatus decodeFillStatus(byte[] result) {
        String d = Numeric.toHexStringNoPrefix(result);
        long timestamp = word(d, 0).longValueExact();
        int offset = word(d, 1).intValueExact() / 32;
        int n = word(d, offset).intValueExact();
        var out = new ArrayList<Address>(n);
        for (int i = 0; i < n; i++) {
            out.add(Address.of("0x" + d.substring((offset + 1 + i) * 64 + 24, (offset + 2 + i) * 64)));
        }
        return new FillStatus(timestamp, List.copyOf(out));
    }

    /**
     * {@code fillRange}'s answer: the block's timestamp, the length of the origin's fill log, and the entries asked
     * for that it has, each an order id and whom its fill repays.
     */
    public record FillRange(long timestamp, long length, List<byte[]> orderIds, List<Address> repayTo) {
    }

    /**
     * Decodes {@code abi.encode(timestamp, length, bytes entries)}, the entries packed as a marker byte, then (marker 1)
     * the 20-byte payee or (marker 0) nothing, the previous entry's payee, then the 32-byte order id.
     */
    public static FillRange decodeFillRange(byte[] result) {
        String d = Numeric.toHexStringNoPrefix(result);
        long timestamp = word(d, 0).longValueExact();
        long length = word(d, 1).longValueExact();
        int offset = word(d, 2).intValueExact();
        int size = new BigInteger(d.substring(offset * 2, offset * 2 + 64), 16).intValueExact();
        byte[] entries = java.util.Arrays.copyOfRange(result, offset + 32, offset + 32 + size);
        var ids = new ArrayList<byte[]>();
        var repayTo = new ArrayList<Address>();
        Address payee = Address.ZERO;
        int at = 0;
        while (at < entries.length) {
            if (entries[at] != 0) {
                payee = Address.of(Numeric.toHexString(java.util.Arrays.copyOfRange(entries, at + 1, at + 21)));
                at += 21;
            } else {
                at += 1;
            }
            ids.add(java.util.Arrays.copyOfRange(entries, at, at + 32));
            repayTo.add(payee);
            at += 32;
        }
        return new FillRange(timestamp, length, List.copyOf(ids), List.copyOf(repayTo));
    }

    /** Hyperlane {@code Mailbox.delivered(messageId)}: whether the message was processed there. */
    public static String delivered(String messageId) {
        return FunctionEncoder.encode(new Function("delivered", List.of(new Bytes32(Numeric.hexStringToByteArray(messageId))),
                List.of()));
    }

    /** {@code escrowOf(orderId)}. */
    public static String escrowOf(byte[] orderId) {
        return FunctionEncoder.encode(new Function("escrowOf", List.of(new Bytes32(orderId)), List.of()));
    }

    /** An escrow as {@code escrowOf(orderId)} answers it; {@code status} NONE for an order never opened there. */
    public record Escrow(Address token, BigInteger amount, long destinationChainId, long fillDeadline, int feeBps,
                         Address user, EscrowStatus status) {
    }

    public static Escrow decodeEscrow(String hex) {
        String d = hex.startsWith("0x") ? hex.substring(2) : hex;
        return new Escrow(address(d, 0), word(d, 1), word(d, 2).longValueExact(), word(d, 3).longValueExact(),
                word(d, 4).intValueExact(), address(d, 5), EscrowStatus.values()[word(d, 6).intValueExact()]);
    }

    /** {@code fills(orderId)}. */
    public static String fills(byte[] orderId) {
        return FunctionEncoder.encode(new Function("fills", List.of(new Bytes32(orderId)), List.of()));
    }

    /**
     * A fill record as {@code fills(orderId)} answers it; {@code repayTo} is zero for an unfilled order, and
     * {@code logIndex} its place in the destination's log of fills of orders from its origin.
     */
    public record FillRecord(Address repayTo, long filledAt, long logIndex, BigInteger amountOut) {
        public boolean filled() {
            return !repayTo.isZero();
        }
    }

    public static FillRecord decodeFillRecord(String hex) {
        String d = hex.startsWith("0x") ? hex.substring(2) : hex;
        return new FillRecord(address(d, 0), word(d, 1).longValueExact(), word(d, 2).longValueExact(), word(d, 3));
    }

    /**
     * {@code MetalayerRouter.dispatch} (or {@code quoteDispatch}, by {@code function}) of a release or refund
     * message: to {@code settler} on {@code destinationDomain}, with one read of {@code readTarget} on
     * {@code readDomain}. The message's fee is {@code quoteDispatch}'s answer, paid as the call's value.
     */
    public static String routerCall(String function, long destinationDomain, Address settler, long readDomain, Address readTarget,
                                    byte[] readCallData, byte[] write, int finality, long gasLimit) {
        var read = new DynamicStruct(new Uint32(readDomain), addr(readTarget), new DynamicBytes(readCallData));
        List<Type> inputs = List.of(new Uint32(destinationDomain), addr(settler), new DynamicArray<>(DynamicStruct.class, List.of(read)),
                new DynamicBytes(write), new Uint8(finality), new Uint256(gasLimit));
        String signature = function + "(uint32,address,(uint32,address,bytes)[],bytes,uint8,uint256)";
        return selector(signature) + FunctionEncoder.encodeConstructor(inputs);
    }

    /** The first word of a call's answer; an empty answer (no contract at the address) reads as zero. */
    public static BigInteger decodeUint(String hex) {
        String h = hex == null ? "" : hex.startsWith("0x") ? hex.substring(2) : hex;
        return h.isEmpty() ? BigInteger.ZERO : new BigInteger(h.substring(0, Math.min(64, h.length())), 16);
    }

    /** {@code feeRecipient()}: where this rollup's 30% share of fees is paid. */
    public static String feeRecipient() {
        return FunctionEncoder.encode(new Function("feeRecipient", List.of(), List.of()));
    }

    /** {@code validatorFeeRecipient()}: where the validators' 40% share is paid. */
    public static String validatorFeeRecipient() {
        return FunctionEncoder.encode(new Function("validatorFeeRecipient", List.of(), List.of()));
    }

    /** {@code remotes(chainId)}: (domain, settler, feeRecipient) of another rollup. */
    public static String remotes(long chainId) {
        return FunctionEncoder.encode(new Function("remotes", List.of(new Uint256(chainId)), List.of()));
    }

    /** ERC-20 {@code balanceOf(holder)}. */
    public static String balanceOf(Address holder) {
        return FunctionEncoder.encode(new Function("balanceOf", List.of(addr(holder)), List.of()));
    }

    /** The address in word {@code index} of a call's answer. */
    public static Address decodeAddress(String hex, int index) {
        return address(hex.startsWith("0x") ? hex.substring(2) : hex, index);
    }

    /** {@code nonceUsed(user, nonce)}. */
    public static String nonceUsed(Address user, BigInteger nonce) {
        return FunctionEncoder.encode(new Function("nonceUsed", List.of(addr(user), new Uint256(nonce)), List.of()));
    }

    private static DynamicArray<Bytes32> ids(List<byte[]> orderIds) {
        return new DynamicArray<>(Bytes32.class, orderIds.stream().map(Bytes32::new).toList());
    }

    private static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    private static org.web3j.abi.datatypes.Address addr(Address a) {
        return new org.web3j.abi.datatypes.Address(a.hex());
    }

    private static BigInteger word(String d, int index) {
        return new BigInteger(d.substring(index * 64, (index + 1) * 64), 16);
    }

    private static Address address(String d, int index) {
        return Address.of("0x" + d.substring(index * 64 + 24, (index + 1) * 64));
    }

}
