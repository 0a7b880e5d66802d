package io.metaroute.api.quotes;

import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import java.util.List;

/** A route as the API shows it: amounts as decimal strings of base units. */
public record RouteDto(long chainId, String tokenIn, String tokenOut, String amountIn, String amountOut,
                       long snapshotVersion, List<LegDto> legs) {

    /** {@code share}: parts in 10^18 of what the route holds of {@code tokenIn} when the leg runs. */
    public record LegDto(String pool, String tokenIn, String tokenOut, String amountIn, String amountOut, String share) {
        public static LegDto from(Leg leg) {
            return new LegDto(leg.pool().checksummed(), leg.tokenIn().checksummed(), leg.tokenOut().checksummed(),
                    leg.amountIn().toString(), leg.amountOut().toString(), Long.toString(leg.share()));
        }
    }

    public static RouteDto from(Route route) {
        return new RouteDto(route.chain().value(), route.tokenIn().checksummed(), route.tokenOut().checksummed(),
                route.amountIn().toString(), route.amountOut().toString(), route.snapshotVersion(),
                route.legs().stream().map(LegDto::from).toList());
    }
}
