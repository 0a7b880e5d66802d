package io.metaroute.settlement.ledger;

import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.settlement.ledger.Posting.Role;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The double-entry lines of a cross-rollup order's money, by the CrossSettler's own rules, computed
 * from the signed terms and not from what the chain says, so that reconciling them against balances
 * checks the rules as well as the books:
 * <ul>
 *   <li>opened: the input leaves the user for the origin settler's escrow;</li>
 *   <li>filled: the output reaches the recipient on the destination from the filler's side;</li>
 *   <li>released (one settlement message): each escrow leaves the settler, to the filler less its fee
 *       ({@code amountIn * feeBps / 10000}, rounded down); the message's fees, summed per token, split
 *       30% to the origin rollup and 30% to the destination rollup (each rounded down) and the rest to the
 *       validators;</li>
 *   <li>refunded: the whole escrow returns to the user, no fee.</li>
 * </ul>
 */
public final class CrossLedger {
    private static final BigInteger BPS = BigInteger.valueOf(10_000);
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);
    private static final BigInteger THIRTY = BigInteger.valueOf(30);

    /** Where one settlement message's fees go on the origin. */
    public record FeeAccounts(Address originRollup, Address destinationRollup, Address validators) {
    }

    /** An order a release message paid, and the filler its fill record names. */
    public record Released(CrossOrder order, Address filler) {
    }

    private CrossLedger() {
    }

    public static BigInteger fee(CrossOrder o) {
        return o.amountIn().multiply(BigInteger.valueOf(o.feeBps())).divide(BPS);
    }

    public static List<Posting> opened(CrossOrder o) {
        return List.of(new Posting(o.originChainId(), o.tokenIn(), o.user(), Role.USER, o.amountIn().negate()),
                new Posting(o.originChainId(), o.tokenIn(), o.originSettler(), Role.ESCROW, o.amountIn()));
    }

    public static List<Posting> filled(CrossOrder o, Address filler, BigInteger amountOut) {
        return List.of(new Posting(o.destinationChainId(), o.tokenOut(), filler, Role.SOLVER, amountOut.negate()),
                new Posting(o.destinationChainId(), o.tokenOut(), o.recipient(), Role.RECIPIENT, amountOut));
    }

    /**
     * The ledger's opening balances: each holding's {@code balance} (as the chain showed it when the
     * ledger first reconciled) against the opening equity account ({@link Address#ZERO}, role
     * {@code OPENING}), so the lines sum to zero per (chain, token) like every other entry.
     */
    public static List<Posting> opening(Map<Posting.Holding, BigInteger> balances, Map<Address, Role> roles) {
        var out = new ArrayList<Posting>();
        balances.forEach((h, balance) -> {
            if (balance.signum() == 0) {
                return;
            }
            out.add(new Posting(h.chain(), h.token(), h.account(), roles.getOrDefault(h.account(), Role.OPENING), balance));
            out.add(new Posting(h.chain(), h.token(), Address.ZERO, Role.OPENING, balance.negate()));
        });
        return out;
    }

    /** The lines that undo {@code lines}: what a reorganisation took back. */
    public static List<Posting> reversed(List<Posting> lines) {
        return lines.stream().map(p -> new Posting(p.chain(), p.token(), p.account(), p.role(), p.delta().negate())).toList();
    }

    public static List<Posting> refunded(List<CrossOrder> orders) {
        var out = new ArrayList<Posting>();
        for (CrossOrder o : orders) {
            out.add(new Posting(o.originChainId(), o.tokenIn(), o.originSettler(), Role.ESCROW, o.amountIn().negate()));
            out.add(new Posting(o.originChainId(), o.tokenIn(), o.user(), Role.USER, o.amountIn()));
        }
        return out;
    }

    /** The lines of one release message; its orders share an origin and a destination. */
    public static List<Posting> released(List<Released> orders, FeeAccounts fees) {
        var out = new ArrayList<Posting>();
        Map<Address, BigInteger> feesByToken = new LinkedHashMap<>();
        for (Released r : orders) {
            CrossOrder o = r.order();
            BigInteger fee = fee(o);
            out.add(new Posting(o.originChainId(), o.tokenIn(), o.originSettler(), Role.ESCROW, o.amountIn().negate()));
            out.add(new Posting(o.originChainId(), o.tokenIn(), r.filler(), Role.SOLVER, o.amountIn().subtract(fee)));
            feesByToken.merge(o.tokenIn(), fee, BigInteger::add);
        }
        if (orders.isEmpty()) {
            return out;
        }
        var chain = orders.get(0).order().originChainId();
        feesByToken.forEach((token, total) -> {
            if (total.signum() == 0) {
                return;
            }
            BigInteger originShare = total.multiply(THIRTY).divide(HUNDRED);
            BigInteger destinationShare = total.multiply(THIRTY).divide(HUNDRED);
            out.add(new Posting(chain, token, fees.originRollup(), Role.ORIGIN_FEES, originShare));
            out.add(new Posting(chain, token, fees.destinationRollup(), Role.DESTINATION_FEES, destinationShare));
            out.add(new Posting(chain, token, fees.validators(), Role.VALIDATOR_FEES,
                    total.subtract(originShare).subtract(destinationShare)));
        });
        return out;
    }
}
