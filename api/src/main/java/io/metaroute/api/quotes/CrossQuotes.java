package io.metaroute.api.quotes;

import io.metaroute.api.input.Strict;
import io.metaroute.api.intents.Recipients;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossOrderTypedData;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.token.Token;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cross-rollup quotes: the route the cross settler executes (the input escrowed on the origin as it
 * is, the solver paying from its destination inventory and swapping there if the output differs),
 * every fee, the finality, the expected time to fill, and the {@code GaslessCrossChainOrder} to sign.
 * The minimum is what the saga's fill planner pays net of gas and the protocol fee, less the slippage.
 */
public final class CrossQuotes {
    private static final BigInteger BPS = BigInteger.valueOf(10_000);
    /** The devnet's {@code finalized} lag: two epochs of 4 slots (anvil {@code --slots-in-an-epoch 4}). */
    private static final int FINALITY_BLOCKS = 8;
    /** The open must be mined soon: the order's input is not escrowed before it. */
    private static final long OPEN_WINDOW_SECONDS = 120;

    private final Network network;
    private final MarketStore market;
    private final Router router;
    private final int feeBps;
    private final Duration maxDeadline;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final Map<io.metaroute.solver.routing.Inventory.Key, BigInteger> finalizedFrom;

    /**
     * {@code finalizedFrom}: per (origin, input token), the input from which a quote that names no finality
     * proposes FINALIZED (the solver then fills only once the open is final); below it, or with none, INSTANT.
     */
    public CrossQuotes(Network network, MarketStore market, Router router, int feeBps, Duration maxDeadline, Clock clock,
                       Map<io.metaroute.solver.routing.Inventory.Key, BigInteger> finalizedFrom) {
        this.finalizedFrom = Map.copyOf(finalizedFrom);
        this.network = network;
        this.market = market;
        this.router = router;
        this.feeBps = feeBps;
        this.maxDeadline = maxDeadline;
        this.clock = clock;
    }

    public record CrossQuoteResponse(long originChainId, long destinationChainId, String tokenIn, String tokenOut, String amountIn,
                                     String expectedAmountOut, String minAmountOut, int slippageBps, String finality,
                                     String finalityReason, long openDeadline, long fillDeadline, long expectedFillSeconds, Map<String, Object> route,
                                     Map<String, String> fees, Map<String, Object> typedData) {
    }

    /**
     * Checks a prospective cross-rollup trade as a quote does: two served rollups with Metalayer, the
     * input token on the origin and the output token on the destination (address or symbol), a positive amount.
     */
    public RouteRequest routeRequest(Long chainId, Long destinationChainId, String tokenIn, String tokenOut, String amountIn) {
        Rollup origin = rollup(chainId, "chainId");
        Rollup destination = rollup(destinationChainId, "destinationChainId");
        if (network.metalayer().contracts(origin.domain()).isEmpty()) {
            throw ApiProblem.of(ErrorKind.UNSUPPORTED_ROUTE, "chainId", "chain " + origin.chainId() + " has no Metalayer deployment");
        }
        if (network.metalayer().contracts(destination.domain()).isEmpty()) {
            throw ApiProblem.of(ErrorKind.UNSUPPORTED_ROUTE, "destinationChainId",
                    "chain " + destination.chainId() + " has no Metalayer deployment");
        }
        Token in = QuoteService.token(origin, tokenIn, "tokenIn");
        Token out = QuoteService.token(destination, tokenOut, "tokenOut");
        return new RouteRequest(origin.chainId(), destination.chainId(), in.address(), out.address(), Strict.amount(amountIn, "amountIn"));
    }

    public CrossQuoteResponse quote(QuoteRequest q) {
        RouteRequest request = routeRequest(q.chainId(), q.destinationChainId(), q.tokenIn(), q.tokenOut(), q.amountIn());
        Rollup origin = network.rollup(request.origin()).orElseThrow();
        Rollup destination = network.rollup(request.destination()).orElseThrow();
        MetalayerContracts settlerSide = network.metalayer().contracts(origin.domain()).orElseThrow();
        Token in = origin.token(request.tokenIn()).orElseThrow();
        Token out = destination.token(request.tokenOut()).orElseThrow();
        BigInteger amountIn = request.amountIn();
        int slippage = q.slippageBps() == null ? 50 : q.slippageBps();
        if (slippage < 0 || slippage > 5_000) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "slippageBps", "slippageBps must be an integer between 0 and 5000");
        }
        Address user = Strict.address(q.user(), "user");
        Address recipient = q.recipient() == null ? user : Strict.address(q.recipient(), "recipient");
        Recipients.check(destination, recipient, "recipient");
        long ttl = q.deadlineSeconds() == null ? 600 : q.deadlineSeconds();
        if (ttl <= 0 || ttl > maxDeadline.toSeconds()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "deadlineSeconds", "deadlineSeconds must be between 1 and " + maxDeadline.toSeconds());
        }
        BigInteger threshold = finalizedFrom.get(new io.metaroute.solver.routing.Inventory.Key(origin.chainId(), in.address()));
        FinalityState finality = q.finality() != null ? finality(q.finality())
                : threshold != null && amountIn.compareTo(threshold) >= 0 ? FinalityState.FINALIZED : FinalityState.INSTANT;
        String finalityReason = q.finality() != null ? "as asked"
                : threshold == null ? "INSTANT: no FINALIZED threshold for this input"
                : finality == FinalityState.FINALIZED ? "FINALIZED: the input is at or above " + threshold
                : "INSTANT: the input is below the FINALIZED threshold of " + threshold;
        BigInteger nonce = q.nonce() == null ? new BigInteger(128, random) : Strict.uint(q.nonce(), "nonce", ErrorKind.INVALID_FIELD);

        RouteOutcome.Found found = switch (router.routeCarryingInput(market.current(), request)) {
            case RouteOutcome.Found f -> f;
            case RouteOutcome.NoRoute n -> throw ApiProblem.of(ErrorKind.NO_ROUTE, "amountIn",
                    n.reason().name().toLowerCase(Locale.ROOT) + ": " + n.detail());
        };
        var cross = (CrossRollupRoute) found.plan();
        BigInteger keep = BPS.subtract(BigInteger.valueOf(feeBps));
        BigInteger gas = found.costs().gasInTokenOut();
        // what the fill pays the recipient (the solver bears the gas), and the minimum the solver still fills
        // at once the gas is counted: the fill planner's own test
        BigInteger expected = expectedAmountOut(cross);
        BigInteger net = cross.amountOut().subtract(gas).multiply(keep).divide(BPS);
        BigInteger min = net.multiply(BPS.subtract(BigInteger.valueOf(slippage))).divide(BPS);
        if (min.signum() <= 0) {
            throw ApiProblem.of(ErrorKind.NO_ROUTE, "amountIn", "costs_exceed_output: the route pays " + cross.amountOut()
                    + " of " + out.symbol() + " and its gas costs " + gas + "; trade a larger amount");
        }
        long now = clock.instant().getEpochSecond();
        long fillDeadline = now + ttl;
        var order = new CrossOrder(settlerSide.crossSettler(), user, nonce, origin.chainId(), now + Math.min(ttl, OPEN_WINDOW_SECONDS),
                fillDeadline, in.address(), amountIn, destination.chainId(), out.address(), min, recipient, finality, feeBps);

        Map<String, Object> route = routeView(cross);
        var fees = new LinkedHashMap<String, String>();
        fees.put("messageFeeInCarriedToken", cross.transfer().fee().toString());
        fees.put("destinationGasInTokenOut", gas.toString());
        fees.put("protocolFeeBps", Integer.toString(feeBps));
        fees.put("protocolFeeInTokenIn", order.fee().toString());
        fees.put("protocolFeeSplit", "30% origin rollup, 30% destination rollup, 40% validators");
        return new CrossQuoteResponse(origin.chainId().value(), destination.chainId().value(), in.address().checksummed(),
                out.address().checksummed(), amountIn.toString(), expected.toString(), min.toString(), slippage, finality.name(),
                finalityReason, order.openDeadline(), fillDeadline, expectedFillSeconds(origin, destination, finality), route, fees,
                CrossOrderTypedData.of(order));
    }

    /** A cross-rollup route as quotes and streams show it: the origin's legs, what is carried, the destination's route. */
    public static Map<String, Object> routeView(CrossRollupRoute cross) {
        var route = new LinkedHashMap<String, Object>();
        route.put("originLegs", cross.origin().map(r -> (Object) r.legs().stream().map(RouteDto.LegDto::from).toList())
                .orElse(java.util.List.of()));
        route.put("carried", Map.of("tokenFrom", cross.transfer().tokenFrom().checksummed(),
                "tokenTo", cross.transfer().tokenTo().checksummed(), "amountIn", cross.transfer().amountIn().toString(),
                "amountOut", cross.transfer().amountOut().toString()));
        route.put("destination", cross.destination().map(RouteDto::from).orElse(null));
        return route;
    }

    /** What the fill pays the recipient on a carry route: its output less the protocol fee (the solver bears the gas). */
    public BigInteger expectedAmountOut(CrossRollupRoute cross) {
        return cross.amountOut().multiply(BPS.subtract(BigInteger.valueOf(feeBps))).divide(BPS);
    }

    public int feeBps() {
        return feeBps;
    }

    /** The open mined on the origin, final enough, then the fill mined on the destination. */
    private static long expectedFillSeconds(Rollup origin, Rollup destination, FinalityState finality) {
        long originBlocks = finality == FinalityState.FINALIZED ? FINALITY_BLOCKS + 1 : 1;
        long millis = origin.blockTime().toMillis() * originBlocks + destination.blockTime().toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static FinalityState finality(String f) {
        if (f == null) {
            return FinalityState.INSTANT;
        }
        try {
            return FinalityState.valueOf(f);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "finality", "finality must be INSTANT or FINALIZED, got " + f);
        }
    }

    private Rollup rollup(Long chainId, String field) {
        if (chainId == null) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, field, field + " is required");
        }
        if (chainId <= 0) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_CHAIN, field, "no chain has id " + chainId);
        }
        return network.rollup(ChainId.of(chainId)).orElseThrow(() -> ApiProblem.of(ErrorKind.UNKNOWN_CHAIN, field,
                "chain " + chainId + " is not served here; see GET /v1/chains"));
    }
}
