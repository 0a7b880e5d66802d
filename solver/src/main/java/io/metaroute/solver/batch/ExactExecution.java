package io.metaroute.solver.batch;

import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.core.route.Transfer;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Runs a plan's program exactly over the pools as earlier fills left them, with the settler's
 * integer math ({@link RouteReplay}); a cross-rollup plan carries whatever its origin side now
 * delivers, less the same message fee.
 */
final class ExactExecution {

    /**
     * @param plan      the plan with its exact amounts (the original plan when it cannot run)
     * @param delivered what the recipient receives (zero when the plan cannot run)
     * @param drawn     what the solver pays out of its destination inventory
     */
    record Outcome(Plan plan, BigInteger delivered, BigInteger drawn, PoolBook after) {
    }

    private ExactExecution() {
    }

    static Outcome run(Plan plan, PoolBook book) {
        return switch (plan) {
            case Route route -> {
                var r = RouteReplay.replay(route, book.on(route.chain()));
                yield new Outcome(r.route(), r.route().amountOut(), BigInteger.ZERO, book.with(route.chain(), r.poolsAfter()));
            }
            case CrossRollupRoute cross -> cross(cross, book);
        };
    }

    private static Outcome cross(CrossRollupRoute plan, PoolBook book) {
        PoolBook after = book;
        Optional<Route> origin = Optional.empty();
        BigInteger carried = plan.transfer().amountIn();
        if (plan.origin().isPresent()) {
            var r = RouteReplay.replay(plan.origin().get(), after.on(plan.originChain()));
            origin = Optional.of(r.route());
            carried = r.route().amountOut();
            after = after.with(plan.originChain(), r.poolsAfter());
        }
        Transfer t = plan.transfer();
        if (carried.compareTo(t.fee()) <= 0) {
            return new Outcome(plan, BigInteger.ZERO, BigInteger.ZERO, book);
        }
        var transfer = new Transfer(t.fromChain(), t.tokenFrom(), t.toChain(), t.tokenTo(), carried, t.fee(), carried.subtract(t.fee()));
        Optional<Route> destination = Optional.empty();
        BigInteger delivered = transfer.amountOut();
        if (plan.destination().isPresent()) {
            Route d = plan.destination().get();
            var r = RouteReplay.run(d.chain(), d.tokenIn(), d.tokenOut(), transfer.amountOut(),
                    d.legs().stream().map(RouteReplay.Step::of).toList(), after.on(d.chain()), d.snapshotVersion());
            destination = Optional.of(r.route());
            delivered = r.route().amountOut();
            after = after.with(d.chain(), r.poolsAfter());
        }
        return new Outcome(new CrossRollupRoute(origin, transfer, destination), delivered, transfer.amountOut(), after);
    }
}
