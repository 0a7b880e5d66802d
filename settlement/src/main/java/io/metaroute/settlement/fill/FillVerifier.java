package io.metaroute.settlement.fill;

import io.metaroute.core.intent.FillReport;
import io.metaroute.core.intent.SwapIntent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks an {@code IntentFilled} report against the intent the user signed, before the intent is
 * called filled: same intent (digest), same user, recipient and tokens, the whole input, and at
 * least the signed minimum out. Produces the double-entry ledger lines of the fill: the user's
 * input goes to the route's pools, the pools pay the recipient; per token the lines sum to zero.
 */
public final class FillVerifier {
    public static final String POOLS_ACCOUNT = "pools";
    /**
     * The other side of an intent settled together with others in one transaction: what it paid in
     * went partly to the other members and partly to pools, what it received came likewise; per
     * transaction and token this account's lines add up to what the pools netted.
     */
    public static final String MATCHED_ACCOUNT = "matched";

    public FillVerdict verify(SwapIntent intent, String expectedIntentHash, FillReport report) {
        return verify(intent, expectedIntentHash, report, POOLS_ACCOUNT);
    }

    /** As {@link #verify(SwapIntent, String, FillReport)}, booking the other side to {@code counterparty}. */
    public FillVerdict verify(SwapIntent intent, String expectedIntentHash, FillReport report, String counterparty) {
        List<String> violations = new ArrayList<>();
        if (!report.intentHash().toLowerCase(Locale.ROOT).equals(expectedIntentHash.toLowerCase(Locale.ROOT))) {
            violations.add("intent hash " + report.intentHash() + " is not the signed intent's " + expectedIntentHash);
        }
        if (!report.user().equals(intent.user())) {
            violations.add("filled for user " + report.user() + ", signed by " + intent.user());
        }
        if (!report.recipient().equals(intent.recipient())) {
            violations.add("paid " + report.recipient() + ", signed recipient " + intent.recipient());
        }
        if (!report.tokenIn().equals(intent.tokenIn()) || !report.tokenOut().equals(intent.tokenOut())) {
            violations.add("tokens " + report.tokenIn() + "->" + report.tokenOut() + " differ from the signed pair");
        }
        if (!report.amountIn().equals(intent.amountIn())) {
            violations.add("took " + report.amountIn() + " in, signed " + intent.amountIn());
        }
        if (report.amountOut().compareTo(intent.minAmountOut()) < 0) {
            violations.add("paid " + report.amountOut() + ", below the signed minimum " + intent.minAmountOut());
        }
        var chain = intent.originChainId();
        var entries = List.of(
                new LedgerEntry(chain, intent.tokenIn(), intent.user().hex(), report.amountIn().negate(), report.txHash()),
                new LedgerEntry(chain, intent.tokenIn(), counterparty, report.amountIn(), report.txHash()),
                new LedgerEntry(chain, intent.tokenOut(), counterparty, report.amountOut().negate(), report.txHash()),
                new LedgerEntry(chain, intent.tokenOut(), intent.recipient().hex(), report.amountOut(), report.txHash()));
        return new FillVerdict(violations, entries);
    }

    /** Sum of deltas per token: zero for every token of a balanced set of entries. */
    public static boolean balanced(List<LedgerEntry> entries) {
        return entries.stream()
                .collect(java.util.stream.Collectors.groupingBy(e -> e.chain() + "/" + e.token(),
                        java.util.stream.Collectors.reducing(BigInteger.ZERO, LedgerEntry::delta, BigInteger::add)))
                .values().stream().allMatch(s -> s.signum() == 0);
    }
}
