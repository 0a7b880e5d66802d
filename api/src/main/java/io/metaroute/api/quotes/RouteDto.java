package io.metaroute.api.quotes;

import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import java.util.List;

/** A route as the API shows it: amounts as decimal strings of base units. */
public record RouteDto(long chainId, String tokenIn, String tokenOut, String amountIn, String amountOut,
                       long snapshotVersion, List<LegDto> legs) {

    /**
     * {@code share}: parts in 10^18 of what the route holds of {@code tokenIn} when the leg runs. A leg that
     * takes a market maker's firm quote names the quote's venue id as its {@code pool} and the maker as
     * {@code maker} (absent for pool legs).
     */
    public record LegDto(String pool, String tokenIn, String tokenOut, String amountIn, String amountOut, String share,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         String maker) {
        public static LegDto from(Leg leg) {
            return from(leg, null);
        }

        static LegDto from(Leg leg, io.metaroute.core.chain.Address maker) {
            return new LegDto(leg.pool().checksummed(), leg.tokenIn().checksummed(), leg.tokenOut().checksummed(),
                    leg.amountIn().toString(), leg.amountOut().toString(), Long.toString(leg.share()),
                    maker == null ? null : maker.checksummed());
        }
    }

    public static RouteDto from(Route route) {
        var makers = new java.util.HashMap<io.metaroute.core.chain.Address, io.metaroute.core.chain.Address>();
        route.quotes().forEach(q -> makers.put(q.venue(), q.maker()));
        return new RouteDto(route.chain().value(), route.tokenIn().checksummed(), route.tokenOut().checksummed(),
                route.amountIn().toString(), route.amountOut().toString(), route.snapshotVersion(),
                route.legs().stream().map(l -> LegDto.from(l, makers.get(l.pool()))).toList());
    }
}
