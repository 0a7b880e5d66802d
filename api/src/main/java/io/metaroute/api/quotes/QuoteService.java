package io.metaroute.api.quotes;

import io.metaroute.api.input.Strict;
import io.metaroute.api.intents.Recipients;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import io.metaroute.core.token.Token;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.solver.batch.Objective;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Prices a prospective intent against the live market and prepares what the wallet signs. The
 * quote states what the fill costs (gas in the output token, in the certificate) and derives the
 * minimum from the output net of those costs, so a signed quote fills while the market holds.
 */
public final class QuoteService {
    private static final int MAX_SLIPPAGE_BPS = 5_000;
    private static final BigInteger BPS = BigInteger.valueOf(10_000);

    private final Network network;
    private final MarketStore market;
    private final Router finder;
    private final Duration maxDeadline;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final java.util.function.Consumer<RouteRequest> rfq;

    public QuoteService(Network network, MarketStore market, Router finder, Duration maxDeadline, Clock clock) {
        this(network, market, finder, maxDeadline, clock, r -> { });
    }

    /** {@code rfq}: asks the market makers for a firm quote of every trade quoted (answers serve later quotes and the intent). */
    public QuoteService(Network network, MarketStore market, Router finder, Duration maxDeadline, Clock clock,
                        java.util.function.Consumer<RouteRequest> rfq) {
        this.rfq = rfq;
        this.network = network;
        this.market = market;
        this.finder = finder;
        this.maxDeadline = maxDeadline;
        this.clock = clock;
    }

    public QuoteResponse quote(QuoteRequest q) {
        RouteRequest request = routeRequest(q.chainId(), q.tokenIn(), q.tokenOut(), q.amountIn());
        Rollup rollup = network.rollup(request.chain()).orElseThrow();
        Token in = rollup.token(request.tokenIn()).orElseThrow();
        Token out = rollup.token(request.tokenOut()).orElseThrow();
        BigInteger amountIn = request.amountIn();
        int slippage = q.slippageBps() == null ? 50 : q.slippageBps();
        if (slippage < 0 || slippage > MAX_SLIPPAGE_BPS) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "slippageBps", "slippageBps must be an integer between 0 and " + MAX_SLIPPAGE_BPS);
        }
        Address user = Strict.address(q.user(), "user");
        Address recipient = q.recipient() == null ? user : Strict.address(q.recipient(), "recipient");
        Recipients.check(rollup, recipient, "recipient");
        long ttl = q.deadlineSeconds() == null ? 600 : q.deadlineSeconds();
        if (ttl <= 0 || ttl > maxDeadline.toSeconds()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "deadlineSeconds", "deadlineSeconds must be between 1 and " + maxDeadline.toSeconds());
        }
        BigInteger nonce = q.nonce() == null ? new BigInteger(128, random) : Strict.uint(q.nonce(), "nonce", ErrorKind.INVALID_FIELD);
        rfq.accept(request);

        RouteOutcome.Found found = switch (finder.route(market.current(), request)) {
            case RouteOutcome.Found f -> f;
            case RouteOutcome.NoRoute n -> throw ApiProblem.of(ErrorKind.NO_ROUTE, "amountIn",
                    n.reason().name().toLowerCase() + ": " + n.detail());
        };
        Route route = found.route();
        BigInteger minOut = executableMinimum(found, slippage, out.symbol());
        long deadline = clock.instant().getEpochSecond() + ttl;
        var intent = new SwapIntent(user, recipient, nonce, rollup.chainId(), rollup.chainId(), in.address(), amountIn,
                out.address(), minOut, deadline);
        var typed = IntentTypedData.of(SigningDomain.of(rollup.chainId(), rollup.settler()), intent);
        return new QuoteResponse(rollup.chainId().value(), in.address().checksummed(), out.address().checksummed(),
                amountIn.toString(), route.amountOut().toString(), minOut.toString(), slippage, deadline, RouteDto.from(route),
                CertificateDto.from(found), typed);
    }

    /**
     * The signed minimum an intent from this quote fills at while the market stays where it is:
     * the route's output less every cost the fill is charged (gas, and a message fee where the plan
     * crosses rollups, all in the output token), less the slippage. The batch fills an intent only
     * when what the route pays above the minimum covers those costs ({@link Objective}: surplus and
     * costs in ppm of the minimum); a minimum that does not pass that same test here would be
     * accepted and never filled, so the quote refuses it with the numbers instead.
     */
    private static BigInteger executableMinimum(RouteOutcome.Found found, int slippage, String symbol) {
        Plan plan = found.plan();
        BigInteger gross = plan.amountOut();
        BigInteger costs = found.costs().gasInTokenOut().add(Objective.messageFeeInTokenOut(plan));
        BigInteger net = gross.subtract(costs);
        String numbers = "the best route pays " + gross + " base units of " + symbol + ", its gas and fees cost " + costs
                + " in " + symbol + ", leaving " + net;
        if (net.signum() <= 0) {
            throw ApiProblem.of(ErrorKind.NO_ROUTE, "amountIn", "costs_exceed_output: " + numbers + "; trade a larger amount");
        }
        BigInteger min = net.multiply(BPS.subtract(BigInteger.valueOf(slippage))).divide(BPS);
        if (min.signum() == 0) {
            throw ApiProblem.of(ErrorKind.NO_ROUTE, "amountIn", "costs_exceed_output: " + numbers
                    + ", too little to set a non-zero minimum at " + slippage + " bps");
        }
        if (Objective.surplusPpm(gross, min) < Objective.costPpm(plan, found.costs(), min)) {
            throw ApiProblem.of(ErrorKind.NO_ROUTE, "slippageBps", "costs_exceed_slippage: " + numbers + "; at " + slippage
                    + " bps the minimum would be " + min + ", and the " + gross.subtract(min) + " above it does not cover the "
                    + costs + " the fill costs once rounded to millionths of the minimum; allow at least 1 bps");
        }
        return min;
    }

    /** Checks a prospective trade: a served chain, two different tokens on it (address or symbol), a positive amount. */
    public RouteRequest routeRequest(Long chainId, String tokenIn, String tokenOut, String amountIn) {
        if (chainId == null) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, "chainId", "chainId is required");
        }
        Rollup rollup = network.rollup(validChain(chainId)).orElseThrow(() -> ApiProblem.of(ErrorKind.UNKNOWN_CHAIN, "chainId",
                "chain " + chainId + " is not served here; see GET /v1/chains"));
        Token in = token(rollup, tokenIn, "tokenIn");
        Token out = token(rollup, tokenOut, "tokenOut");
        if (in.equals(out)) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "tokenOut", "tokenOut must differ from tokenIn");
        }
        return new RouteRequest(rollup.chainId(), in.address(), out.address(), Strict.amount(amountIn, "amountIn"));
    }

    private static ChainId validChain(long id) {
        if (id <= 0) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_CHAIN, "chainId", "no chain has id " + id);
        }
        return ChainId.of(id);
    }

    static Token token(Rollup rollup, String ref, String field) {
        if (ref == null) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, field, field + " is required (address or symbol)");
        }
        if (ref.isBlank()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, field, field + " must be a token address or symbol, not an empty string");
        }
        var found = ref.startsWith("0x") ? rollup.token(Strict.address(ref, field)) : rollup.tokenBySymbol(ref);
        return found.orElseThrow(() -> ApiProblem.of(ErrorKind.UNKNOWN_TOKEN, field,
                ref + " is not a token on chain " + rollup.chainId() + "; see GET /v1/tokens"));
    }
}
