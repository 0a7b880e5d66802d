package io.metaroute.solver.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.Transfer;
import io.metaroute.core.token.Token;
import io.metaroute.solver.routing.convex.SplitRouter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The optimal router: for an exact input, the split over every pool of the rollup that pays the
 * most net of gas, with a certificate of how far from the optimum it can be. Across rollups it
 * compares every token both rollups carry: swap on the origin into it, let the solver deliver it
 * from inventory on the destination (less the message fee), swap there into the output; each side
 * is solved optimally, and the bound covers every such single-carry plan.
 */
public final class Router {
    static final String NATIVE_WRAPPER = "WETH";

    private final Network network;
    private final RouterSettings settings;
    private final Supplier<Inventory> inventory;
    private final Clock clock;
    private final MarketFreshness freshness;
    private final GasPrices gasPrices;
    private final FirmQuotes quotes;
    private final SplitRouter split = new SplitRouter();
    private final RouteCosts costs;

    /**
     * Gas a leg that takes a maker's quote costs beyond a pool leg's 60,000: its calldata, the signature
     * check, the spent nonce and two token transfers. Measured on the devnet (`MakerQuoteFillTest`): a
     * fill of one maker leg 167,927 gas against 155,529 for one pool leg; a maker leg added beside a pool
     * leg 105,955. The router charges the larger.
     */
    public static final long GAS_PER_QUOTE_LEG_EXTRA = 46_000;

    /** When the market picture of a rollup was last confirmed complete, and whether its feed is healthy now. */
    @FunctionalInterface
    public interface MarketFreshness {
        Optional<Instant> confirmedAt(ChainId chain, MarketSnapshot snapshot);

        /**
         * Why routes must avoid {@code chain} now (its node is down, or its feed silent or stale), in a
         * sentence; empty while it may be used. Routes through such a rollup are declined with
         * {@link RouteOutcome.Reason#ROLLUP_UNHEALTHY}, until the feed recovers.
         */
        default Optional<String> unhealthy(ChainId chain) {
            return Optional.empty();
        }

        /** The snapshot's own time: right when every change is published as it happens. */
        MarketFreshness SNAPSHOT_TIME = (chain, snapshot) -> Optional.of(snapshot.takenAt());
    }

    /** What the next solve of the same request can start from. */
    public record WarmStart(RouteRequest request, SplitRouter.Warm origin) {
    }

    /** {@code gasPrices}: the live gas price per rollup, the network file's where it has none. */
    public Router(Network network, RouterSettings settings, Supplier<Inventory> inventory, Clock clock,
                  MarketFreshness freshness, GasPrices gasPrices) {
        this(network, settings, inventory, clock, freshness, gasPrices, FirmQuotes.NONE);
    }

    /** {@code quotes}: the makers' firm quotes same-rollup routes may take beside the pools. */
    public Router(Network network, RouterSettings settings, Supplier<Inventory> inventory, Clock clock,
                  MarketFreshness freshness, GasPrices gasPrices, FirmQuotes quotes) {
        this.quotes = Objects.requireNonNull(quotes, "quotes");
        this.network = Objects.requireNonNull(network, "network");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.gasPrices = Objects.requireNonNull(gasPrices, "gasPrices");
        this.costs = new RouteCosts(network, settings, gasPrices);
    }

    /** Gas at the network file's prices. */
    public Router(Network network, RouterSettings settings, Supplier<Inventory> inventory, Clock clock,
                  MarketFreshness freshness) {
        this(network, settings, inventory, clock, freshness, GasPrices.NETWORK_FILE);
    }

    public Router(Network network, RouterSettings settings, Supplier<Inventory> inventory, Clock clock) {
        this(network, settings, inventory, clock, MarketFreshness.SNAPSHOT_TIME);
    }

    public Router(Network network, RouterSettings settings) {
        this(network, settings, () -> Inventory.EMPTY, Clock.systemUTC());
    }

    public RouteOutcome route(MarketSnapshot snapshot, RouteRequest request) {
        return route(snapshot, request, BigInteger.ZERO, null);
    }

    /** This router over other makers' quotes ({@link FirmQuotes#NONE}: pools only). */
    public Router withQuotes(FirmQuotes other) {
        return new Router(network, settings, inventory, clock, freshness, gasPrices, other);
    }

    public RouteOutcome route(MarketSnapshot snapshot, RouteRequest request, BigInteger minAmountOut) {
        return route(snapshot, request, minAmountOut, null);
    }

    /** As {@link #route(MarketSnapshot, RouteRequest, BigInteger)}, starting from a previous answer's warm start. */
    public RouteOutcome route(MarketSnapshot snapshot, RouteRequest request, BigInteger minAmountOut, Object warmStart) {
        Objects.requireNonNull(minAmountOut, "minAmountOut");
        Optional<RouteOutcome.NoRoute> stale = staleness(snapshot, request);
        if (stale.isPresent()) {
            return stale.get();
        }
        WarmStart warm = warmStart instanceof WarmStart w && w.request().origin().equals(request.origin())
                && w.request().destination().equals(request.destination()) && w.request().tokenIn().equals(request.tokenIn())
                && w.request().tokenOut().equals(request.tokenOut()) ? w : null;
        RouteOutcome outcome = request.isSameRollup()
                ? sameRollup(snapshot, request, warm, true)
                : crossRollup(snapshot, request, false);
        if (outcome instanceof RouteOutcome.Found found && found.plan().amountOut().compareTo(minAmountOut) < 0) {
            if (request.isSameRollup() && settings.priceGas()) {
                // The net-best plan falls short; the gross-best may not.
                RouteOutcome gross = sameRollup(snapshot, request, warm, false);
                if (gross instanceof RouteOutcome.Found g && g.plan().amountOut().compareTo(minAmountOut) >= 0) {
                    return g;
                }
            }
            return new RouteOutcome.NoRoute(RouteOutcome.Reason.BOUND_UNREACHABLE,
                    "the best route pays " + found.plan().amountOut() + ", less than the signed minimum " + minAmountOut
                            + " (no route can pay more than " + found.certificate().upperBound() + " plus gas)");
        }
        return outcome;
    }

    private Optional<RouteOutcome.NoRoute> staleness(MarketSnapshot snapshot, RouteRequest request) {
        for (ChainId chain : request.isSameRollup() ? List.of(request.origin()) : List.of(request.origin(), request.destination())) {
            Optional<String> unhealthy = freshness.unhealthy(chain);
            if (unhealthy.isPresent()) {
                return Optional.of(new RouteOutcome.NoRoute(RouteOutcome.Reason.ROLLUP_UNHEALTHY,
                        unhealthy.get() + "; routes avoid it until its feed recovers"));
            }
        }
        if (settings.maxSnapshotAge() == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (ChainId chain : List.of(request.origin(), request.destination())) {
            Optional<Instant> at = freshness.confirmedAt(chain, snapshot);
            if (at.isEmpty() || at.get().plus(settings.maxSnapshotAge()).isBefore(now)) {
                return Optional.of(new RouteOutcome.NoRoute(RouteOutcome.Reason.MARKET_STALE,
                        "the market picture of chain " + chain + " was last confirmed "
                                + at.map(Instant::toString).orElse("never") + ", more than "
                                + settings.maxSnapshotAge().toSeconds() + " s ago"));
            }
        }
        return Optional.empty();
    }

    private RouteOutcome sameRollup(MarketSnapshot snapshot, RouteRequest request, WarmStart warm, boolean net) {
        ChainId chain = request.origin();
        List<PoolState> pools = snapshot.poolsOn(chain);
        // Priced once per solve (a walk over the pools): the route's costs below are charged at the same rate.
        IntFunction<BigInteger> priced = costs.gasIn(chain, pools, request.tokenOut());
        IntFunction<BigInteger> gas = net ? priced : n -> BigInteger.ZERO;
        List<io.metaroute.core.rfq.SignedQuote> firm = quotes.on(chain);
        BigInteger quoteExtra = net ? costs.gasInUnits(chain, pools, request.tokenOut(), GAS_PER_QUOTE_LEG_EXTRA) : BigInteger.ZERO;
        SplitRouter.Solved s = split.solve(chain, pools, firm, quoteExtra, request.tokenIn(), request.tokenOut(),
                request.amountIn(), snapshot.version(), settings.maxLegs(), gas, warm == null ? null : warm.origin());
        if (s == null) {
            return new RouteOutcome.NoRoute(RouteOutcome.Reason.NO_PATH,
                    "no pools connect " + request.tokenIn() + " to " + request.tokenOut() + " on chain " + chain);
        }
        if (s.route() == null || s.route().amountOut().signum() == 0) {
            if (s.overflowed()) {
                return new RouteOutcome.NoRoute(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY, "selling " + request.amountIn()
                        + " would push a pair's reserve past 2^112-1, which the pair refuses, on every route found");
            }
            return new RouteOutcome.NoRoute(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY,
                    "the pools between " + request.tokenIn() + " and " + request.tokenOut() + " pay nothing for "
                            + request.amountIn() + " base units");
        }
        int legs = s.legs();
        BigInteger oneLeg = gas.apply(1);
        BigInteger upper = s.grossBound().subtract(oneLeg);
        Certificate.Parts parts = null;
        if (s.unlimitedOutput() != null) {
            BigInteger gross = s.route().amountOut();
            parts = new Certificate.Parts(Certificate.share(s.grossBound().subtract(s.unlimitedOutput()), upper),
                    Certificate.share(s.unlimitedOutput().subtract(gross), upper),
                    Certificate.share(gas.apply(legs).subtract(oneLeg), upper), s.unlimitedOutput(), s.unlimitedLegs());
        }
        var certificate = Certificate.of(s.netOutput(), upper, s.iterations(),
                "dual decomposition (L-BFGS on log prices), " + s.candidates() + " leg set(s) compared, exact integer recompute",
                parts);
        return new RouteOutcome.Found(s.route(), certificate,
                costs.costs(chain, pools, priced, request.tokenOut(), legs, s.route().quotes().size()), new WarmStart(request, s.warmStart()));
    }

    /**
     * A cross-rollup route that carries the input token itself (no swap on the origin), as the cross
     * settler executes it today: it escrows the input as signed and the solver delivers from inventory
     * on the destination, swapping there if the output is another token.
     */
    public RouteOutcome routeCarryingInput(MarketSnapshot snapshot, RouteRequest request) {
        if (request.isSameRollup()) {
            throw new IllegalArgumentException("a carry crosses rollups");
        }
        Optional<RouteOutcome.NoRoute> stale = staleness(snapshot, request);
        return stale.isPresent() ? stale.get() : crossRollup(snapshot, request, true);
    }

    private RouteOutcome crossRollup(MarketSnapshot snapshot, RouteRequest request, boolean carryInputOnly) {
        Rollup origin = rollup(request.origin());
        Rollup destination = rollup(request.destination());
        if (origin == null || destination == null) {
            return new RouteOutcome.NoRoute(RouteOutcome.Reason.NO_PATH, "chain " + (origin == null ? request.origin()
                    : request.destination()) + " is not in the network");
        }
        List<PoolState> originPools = snapshot.poolsOn(origin.chainId());
        List<PoolState> destPools = snapshot.poolsOn(destination.chainId());
        IntFunction<BigInteger> destGas = costs.gasIn(destination.chainId(), destPools, request.tokenOut());
        RouteOutcome.Found best = null;
        BigInteger bestNet = null;
        BigInteger bound = BigInteger.ZERO;
        var refusals = new ArrayList<String>();
        int candidates = 0;
        int iterations = 0;
        for (Token carried : origin.tokens()) {
            Optional<Token> arriving = destination.tokenBySymbol(carried.symbol());
            if (arriving.isEmpty()) {
                continue;
            }
            candidates++;
            Address tA = carried.address();
            Address tB = arriving.get().address();
            if (carryInputOnly && !tA.equals(request.tokenIn())) {
                candidates--;
                continue;
            }
            // Origin side.
            Optional<Route> originRoute = Optional.empty();
            BigInteger carriedAmount = request.amountIn();
            BigInteger carriedBound = request.amountIn();
            int originLegs = 0;
            if (!tA.equals(request.tokenIn())) {
                SplitRouter.Solved a = split.solve(origin.chainId(), originPools, request.tokenIn(), tA, request.amountIn(),
                        snapshot.version(), settings.maxLegs(), costs.gasIn(origin.chainId(), originPools, tA), null);
                if (a == null || a.route() == null || a.route().amountOut().signum() == 0) {
                    refusals.add(carried.symbol() + ": no origin pools into it");
                    continue;
                }
                iterations += a.iterations();
                originRoute = Optional.of(a.route());
                carriedAmount = a.route().amountOut();
                carriedBound = a.grossBound();
                originLegs = a.legs();
            }
            BigInteger fee = costs.feeIn(destPools, destination, origin, tB);
            BigInteger delivered = carriedAmount.subtract(fee);
            if (delivered.signum() <= 0) {
                refusals.add(carried.symbol() + ": the message fee " + fee + " exceeds the amount carried");
                continue;
            }
            BigInteger held = inventory.get().of(destination.chainId(), tB);
            if (held.compareTo(delivered) < 0) {
                refusals.add(carried.symbol() + ": solver inventory on chain " + destination.chainId() + " is " + held
                        + ", " + delivered + " needed");
                continue;
            }
            var transfer = new Transfer(origin.chainId(), tA, destination.chainId(), tB, carriedAmount, fee, delivered);
            Optional<Route> destRoute = Optional.empty();
            BigInteger out = delivered;
            BigInteger outBound = carriedBound.subtract(fee).max(BigInteger.ZERO);
            int destLegs = 0;
            if (!tB.equals(request.tokenOut())) {
                SplitRouter.Solved b = split.solve(destination.chainId(), destPools, tB, request.tokenOut(), delivered,
                        snapshot.version(), settings.maxLegs(), destGas, null);
                if (b == null || b.route() == null || b.route().amountOut().signum() == 0) {
                    refusals.add(carried.symbol() + ": no destination pools out of it");
                    continue;
                }
                iterations += b.iterations();
                destRoute = Optional.of(b.route());
                out = b.route().amountOut();
                destLegs = b.legs();
                // The dual bound is affine in the input with slope ν_source: extend it to the origin's bound.
                BigDecimal extra = new BigDecimal(carriedBound.subtract(fee).subtract(delivered).max(BigInteger.ZERO))
                        .multiply(BigDecimal.valueOf(b.sourcePrice()));
                outBound = b.grossBound().add(extra.setScale(0, RoundingMode.CEILING).toBigInteger());
            }
            BigInteger gasCost = costs.originGasInTokenOut(origin, originPools, destination, destPools, request.tokenOut(), originLegs)
                    .add(destLegs == 0 ? BigInteger.ZERO : destGas.apply(destLegs));
            BigInteger minGas = originLegs == 0 ? BigInteger.ZERO
                    : costs.originGasInTokenOut(origin, originPools, destination, destPools, request.tokenOut(), 1);
            minGas = minGas.add(destLegs == 0 ? BigInteger.ZERO : destGas.apply(1));
            bound = bound.max(outBound.subtract(minGas));
            BigInteger net = out.subtract(gasCost);
            if (bestNet == null || net.compareTo(bestNet) > 0) {
                Plan plan = new CrossRollupRoute(originRoute, transfer, destRoute);
                long units = (originLegs == 0 ? 0 : settings.gasPerFill() + originLegs * settings.gasPerLeg())
                        + (destLegs == 0 ? settings.gasPerFill() : settings.gasPerFill() + destLegs * settings.gasPerLeg());
                BigInteger wei = BigInteger.valueOf(units).multiply(costs.gasPrice(destination));
                bestNet = net;
                best = new RouteOutcome.Found(plan, Certificate.of(net, bound, iterations, ""),
                        new Costs(units, wei, gasCost, fee), null);
            }
        }
        if (best == null) {
            if (candidates == 0) {
                return new RouteOutcome.NoRoute(RouteOutcome.Reason.NO_PATH,
                        "no token is carried between chain " + origin.chainId() + " and chain " + destination.chainId());
            }
            return new RouteOutcome.NoRoute(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY, String.join("; ", refusals));
        }
        var certificate = Certificate.of(bestNet, bound, iterations, "best of " + candidates
                + " carried token(s); each side by dual decomposition with exact integer recompute; bound covers single-carry plans");
        return new RouteOutcome.Found(best.plan(), certificate, best.costs(), null);
    }

    /**
     * What a fill of {@code legs} pool legs on {@code chain} costs in base units of {@code token}, as
     * the router charges it when it compares routes (zero when gas is not priced).
     */
    public BigInteger gasCost(MarketSnapshot snapshot, ChainId chain, Address token, int legs) {
        return costs.gasIn(chain, snapshot.poolsOn(chain), token).apply(legs);
    }

    /**
     * What {@code amount} of {@code token} on {@code chain} is worth in wei of the rollup's native coin, at the pools'
     * mid price of its wrapper ({@value #NATIVE_WRAPPER}), rounded up; empty when no pools connect the two. A
     * valuation for risk limits, never a price to trade at.
     */
    public Optional<BigInteger> nativeValue(MarketSnapshot snapshot, ChainId chain, Address token, BigInteger amount) {
        Optional<Address> wrapper = network.rollup(chain).flatMap(r -> r.tokenBySymbol(NATIVE_WRAPPER)).map(t -> t.address());
        return wrapper.flatMap(w -> MidPrice.rate(snapshot.poolsOn(chain), token, w))
                .map(rate -> new java.math.BigDecimal(amount).multiply(java.math.BigDecimal.valueOf(rate))
                        .setScale(0, java.math.RoundingMode.CEILING).toBigInteger());
    }

    /** The gas price the router charges on {@code chain} now: the live one, else the network file's (zero if neither). */
    public BigInteger gasPriceWei(ChainId chain) {
        return costs.gasPriceWei(chain);
    }

    private Rollup rollup(ChainId chain) {
        return network.rollup(chain).orElse(null);
    }

    public Network network() {
        return network;
    }

    public RouterSettings settings() {
        return settings;
    }
}
