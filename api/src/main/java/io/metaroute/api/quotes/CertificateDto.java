package io.metaroute.api.quotes;

import io.metaroute.solver.routing.Certificate;
import io.metaroute.solver.routing.RouteOutcome;

/**
 * How close the quoted route is to the best possible, as the API shows it. {@code netAmountOut}
 * is the output less the execution gas priced in the output token; {@code upperBound} bounds the
 * net output of every route on the same market (null when the search proves none);
 * {@code relativeGap = (upperBound - netAmountOut) / upperBound}; {@code holds} is false when the
 * bound fell below the route (a fault of the search, never hidden); {@code gapParts} splits the gap
 * into the solver's, the leg limit's and gas's shares (null when not known).
 */
public record CertificateDto(String netAmountOut, String upperBound, double relativeGap, boolean holds, GapParts gapParts,
                             String gasInTokenOut, long gasUnits, int iterations, String method) {

    /** Shares of the bound: {@code solver + legLimit + gas = relativeGap}; the unlimited optimum's exact output and legs. */
    public record GapParts(double solver, double legLimit, double gas, String unlimitedAmountOut, int unlimitedLegs) {
        static GapParts from(Certificate.Parts p) {
            return p == null ? null
                    : new GapParts(p.solver(), p.legLimit(), p.gas(), p.unlimitedOutput().toString(), p.unlimitedLegs());
        }
    }

    public static CertificateDto from(RouteOutcome.Found found) {
        Certificate c = found.certificate();
        return new CertificateDto(c.value().toString(), c.bounded() ? c.upperBound().toString() : null, c.gap(), c.holds(),
                GapParts.from(c.parts()), found.costs().gasInTokenOut().toString(), found.costs().gasUnits(), c.iterations(),
                c.method());
    }
}
