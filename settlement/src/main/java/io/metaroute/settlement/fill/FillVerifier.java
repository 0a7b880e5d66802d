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

    public FillVerdict verify(SwapIntent intent, String expectedIntentHash, FillReport report) {
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
                new LedgerEntry(chain, intent.tokenIn(), POOLS_ACCOUNT, report.amountIn(), report.txHash()),
                new LedgerEntry(chain, intent.tokenOut(), POOLS_ACCOUNT, report.amountOut().negate(), report.txHash()),
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
