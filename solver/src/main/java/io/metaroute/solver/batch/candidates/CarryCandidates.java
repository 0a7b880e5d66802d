package io.metaroute.solver.batch.candidates;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.Transfer;
import io.metaroute.core.token.Uint256;
import io.metaroute.solver.routing.RouteFinder;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Cross-rollup options built from single paths: for each token the solver can carry from the
 * intent's origin to its destination, swap into it on the origin (best single path), carry it
 * across (the solver pays out of its destination inventory, less the message fee), and swap into
 * the output token on the destination (best single path). One option per carry that connects.
 */
public final class CarryCandidates implements CandidateSource {
    public static final String SOURCE = "carry";

    /** A token the solver carries across: taken as {@code tokenFrom} on one rollup, paid as {@code tokenTo} on another, less {@code fee}. */
    public record Carry(ChainId fromChain, Address tokenFrom, ChainId toChain, Address tokenTo, BigInteger fee) {
        public Carry {
            Objects.requireNonNull(fromChain, "fromChain");
            Objects.requireNonNull(tokenFrom, "tokenFrom");
            Objects.requireNonNull(toChain, "toChain");
            Objects.requireNonNull(tokenTo, "tokenTo");
            Uint256.require("fee", fee);
            if (fromChain.equals(toChain)) {
                throw new IllegalArgumentException("a carry crosses rollups");
            }
        }
    }

    private final RouteFinder finder;
    private final List<Carry> carries;
    private final CostModel costs;

    public CarryCandidates(RouteFinder finder, List<Carry> carries, CostModel costs) {
        this.finder = Objects.requireNonNull(finder, "finder");
        this.carries = List.copyOf(carries);
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    @Override
    public List<Candidate> candidates(SwapIntent intent, MarketSnapshot snapshot) {
        if (intent.sameChain()) {
            return List.of();
        }
        var out = new ArrayList<Candidate>();
        for (Carry carry : carries) {
            if (carry.fromChain().equals(intent.originChainId()) && carry.toChain().equals(intent.destinationChainId())) {
                plan(intent, carry, snapshot).ifPresent(plan -> out.add(new Candidate(plan, costs.of(plan, snapshot), SOURCE)));
            }
        }
        return out;
    }

    private Optional<CrossRollupRoute> plan(SwapIntent intent, Carry carry, MarketSnapshot snapshot) {
        Optional<Route> origin = Optional.empty();
        BigInteger carried = intent.amountIn();
        if (!intent.tokenIn().equals(carry.tokenFrom())) {
            var request = new RouteRequest(carry.fromChain(), intent.tokenIn(), carry.tokenFrom(), intent.amountIn());
            if (!(finder.best(snapshot, request) instanceof RouteOutcome.Found found)) {
                return Optional.empty();
            }
            origin = Optional.of(found.route());
            carried = found.route().amountOut();
        }
        if (carried.compareTo(carry.fee()) <= 0) {
            return Optional.empty();
        }
        var transfer = new Transfer(carry.fromChain(), carry.tokenFrom(), carry.toChain(), carry.tokenTo(), carried,
                carry.fee(), carried.subtract(carry.fee()));
        Optional<Route> destination = Optional.empty();
        if (!carry.tokenTo().equals(intent.tokenOut())) {
            var request = new RouteRequest(carry.toChain(), carry.tokenTo(), intent.tokenOut(), transfer.amountOut());
            if (!(finder.best(snapshot, request) instanceof RouteOutcome.Found found)) {
                return Optional.empty();
            }
            destination = Optional.of(found.route());
        }
        return Optional.of(new CrossRollupRoute(origin, transfer, destination));
    }
}
