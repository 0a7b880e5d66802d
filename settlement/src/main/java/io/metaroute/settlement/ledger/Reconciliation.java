package io.metaroute.settlement.ledger;

import io.metaroute.settlement.ledger.Posting.Holding;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ledger against the chain: for every holding read on chain, what the ledger says it should be.
 * A difference seen once may be a step the chain has mined and the books not yet taken; one seen
 * twice running with the same amount is a real one.
 */
public final class Reconciliation {
    /** A holding whose balance on chain is not what the ledger says; {@code delta} = chain − ledger. */
    public record Difference(Holding holding, BigInteger ledger, BigInteger chain) {
        public BigInteger delta() {
            return chain.subtract(ledger);
        }
    }

    private Reconciliation() {
    }

    /** Every holding of {@code onChain} whose balance differs from {@code expected} (absent there: zero). */
    public static List<Difference> compare(Map<Holding, BigInteger> expected, Map<Holding, BigInteger> onChain) {
        var out = new ArrayList<Difference>();
        onChain.forEach((h, chain) -> {
            BigInteger ledger = expected.getOrDefault(h, BigInteger.ZERO);
            if (ledger.compareTo(chain) != 0) {
                out.add(new Difference(h, ledger, chain));
            }
        });
        return out;
    }

    /** The differences of {@code now} that {@code before} also had, by the same amount. */
    public static List<Difference> confirmed(List<Difference> before, List<Difference> now) {
        return now.stream().filter(d -> before.stream().anyMatch(b -> b.holding().equals(d.holding())
                && b.delta().equals(d.delta()))).toList();
    }

    /** Sums lines into balances per holding. */
    public static Map<Holding, BigInteger> balances(Iterable<Posting> lines) {
        var out = new java.util.LinkedHashMap<Holding, BigInteger>();
        for (Posting p : lines) {
            out.merge(p.holding(), p.delta(), BigInteger::add);
        }
        return out;
    }
}
