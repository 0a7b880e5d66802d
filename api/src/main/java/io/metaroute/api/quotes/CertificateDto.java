package io.metaroute.api.quotes;

import io.metaroute.solver.routing.Certificate;
import io.metaroute.solver.routing.RouteOutcome;

/**
 * How close the quoted route is to the best possible, as the API shows it. {@code netAmountOut}
 * is the output less the execution gas priced in the output token; {@code upperBound} bounds the
 * net output of every route on the same market (null when the search proves none);
 * {@code relativeGap = (upperBound - netAmountOut) / upperBound}.
 */
public record CertificateDto(String netAmountOut, String upperBound, double relativeGap, String gasInTokenOut,
                             long gasUnits, int iterations, String method) {
    public static CertificateDto from(RouteOutcome.Found found) {
        Certificate c = found.certificate();
        return new CertificateDto(c.value().toString(), c.bounded() ? c.upperBound().toString() : null, c.gap(),
                found.costs().gasInTokenOut().toString(), found.costs().gasUnits(), c.iterations(), c.method());
    }
}
