package io.metaroute.api.quotes;

import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Route;
import io.metaroute.solver.routing.RouteOutcome;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A standing quote's answer as the streams send it: {@code route} with the route and its
 * certificate, or {@code no_route} with the reason. A cross-rollup answer ({@code crossRollup: true})
 * shows the route as a cross quote does ({@link CrossQuotes#routeView}): the origin's legs, what is
 * carried, the destination's route, and {@code expectedAmountOut} net of the protocol fee.
 */
public final class RouteMessages {
    private RouteMessages() {
    }

    /** A same-rollup answer, as {@code /v1/quotes/stream} has always sent it. */
    public static Map<String, Object> of(RouteOutcome outcome) {
        return of(outcome, null);
    }

    /** {@code cross}: how cross-rollup answers are priced; null where only same-rollup answers come. */
    public static Map<String, Object> of(RouteOutcome outcome, CrossQuotes cross) {
        var m = new LinkedHashMap<String, Object>();
        switch (outcome) {
            case RouteOutcome.Found f when f.plan() instanceof Route route -> {
                m.put("type", "route");
                m.put("snapshotVersion", route.snapshotVersion());
                m.put("expectedAmountOut", route.amountOut().toString());
                m.put("route", RouteDto.from(route));
                m.put("certificate", CertificateDto.from(f));
            }
            case RouteOutcome.Found f -> {
                var plan = (CrossRollupRoute) f.plan();
                m.put("type", "route");
                m.put("crossRollup", true);
                plan.destination().or(plan::origin).ifPresent(r -> m.put("snapshotVersion", r.snapshotVersion()));
                m.put("originChainId", plan.originChain().value());
                m.put("destinationChainId", plan.destinationChain().value());
                m.put("expectedAmountOut", (cross == null ? plan.amountOut() : cross.expectedAmountOut(plan)).toString());
                m.put("route", CrossQuotes.routeView(plan));
                var fees = new LinkedHashMap<String, String>();
                fees.put("messageFeeInCarriedToken", plan.transfer().fee().toString());
                fees.put("destinationGasInTokenOut", f.costs().gasInTokenOut().toString());
                if (cross != null) {
                    fees.put("protocolFeeBps", Integer.toString(cross.feeBps()));
                }
                m.put("fees", fees);
            }
            case RouteOutcome.NoRoute n -> {
                m.put("type", "no_route");
                m.put("reason", n.reason().name().toLowerCase(Locale.ROOT));
                m.put("detail", n.detail());
            }
        }
        return m;
    }
}
