package io.metaroute.api.quotes;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.solver.cow.MatchSettlement;
import java.util.List;

/**
 * How an intent settled against opposite intents is shown: what it sells and receives, how much of
 * its input went to the other side at the clearing price (quote per base, in base units), what the
 * best route alone would have paid, and the pool legs the whole match ran for its net imbalance
 * (shares of what the settler held; amounts for the match as a whole).
 */
public record MatchedRouteDto(String kind, long chainId, String tokenIn, String tokenOut, String amountIn, String amountOut,
                              String matchedIn, String aloneAmountOut, int members, String pair, String clearingPrice,
                              List<RouteDto.LegDto> legs) {

    public static MatchedRouteDto from(SwapIntent intent, MatchSettlement match, MatchSettlement.Member member) {
        return new MatchedRouteDto("coincidence_of_wants", match.chain().value(), intent.tokenIn().checksummed(),
                intent.tokenOut().checksummed(), member.amountIn().toString(), member.amountOut().toString(),
                member.matchedIn().toString(), member.alone().toString(), match.members().size(), match.pair().toString(),
                match.price().numerator() + "/" + match.price().denominator(),
                match.legs().stream().map(RouteDto.LegDto::from).toList());
    }
}
