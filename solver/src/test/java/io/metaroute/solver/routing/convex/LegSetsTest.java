package io.metaroute.solver.routing.convex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leg sets built from the best single paths and grown from a chosen one: two paths run side by side
 * pay more than either alone when the trade is large against each, and a chosen set with room left
 * takes the pool beside one it uses.
 */
class LegSetsTest {
    private static final int SOURCE = 0;
    private static final int SINK = 1;
    private static final int A = 2;
    private static final int B = 3;

    /**
     * Pools, all at price 1: 0 source/A, 1 A/sink, 2 source/B, 3 B/sink, 4 a second A/sink, 5 A/B,
     * 6 B/A (a second pool between them, token order reversed), 7 a shallow third A/sink.
     */
    private static PoolGraph graph() {
        int[] t0 = {SOURCE, A, SOURCE, B, A, A, B, A};
        int[] t1 = {A, SINK, B, SINK, SINK, B, A, SINK};
        double[] depth = {1_000, 1_000, 800, 800, 500, 300, 300, 10};
        var curves = new PoolCurve[t0.length];
        for (int i = 0; i < curves.length; i++) {
            curves[i] = ConstantProductCurve.v2(depth[i], depth[i]);
        }
        return PoolGraph.ofCurves(4, SOURCE, SINK, t0, t1, curves);
    }

    private static FlowProgram path(PoolGraph g, int[]... hops) {
        var edges = new ArrayList<FlowProgram.Edge>();
        for (int[] h : hops) {
            edges.add(new FlowProgram.Edge(h[0], h[1], h[2], 1.0));
        }
        return FlowProgram.of(edges, g);
    }

    private static List<Integer> pools(FlowProgram p) {
        return p.edges().stream().map(FlowProgram.Edge::pool).sorted().toList();
    }

    @Test
    void twoPathsMakeOneProgramInTokenOrderWithEachTokenSplitEvenly() {
        PoolGraph g = graph();
        FlowProgram viaA = path(g, new int[] {0, SOURCE, A}, new int[] {1, A, SINK});
        FlowProgram viaB = path(g, new int[] {2, SOURCE, B}, new int[] {3, B, SINK});
        FlowProgram both = LegSets.union(g, viaA, viaB, 8);
        assertThat(pools(both)).containsExactly(0, 1, 2, 3);
        assertThat(both.edges().get(0).from()).isEqualTo(SOURCE);
        assertThat(both.edges().get(1).from()).isEqualTo(SOURCE);
        assertThat(both.edges()).filteredOn(e -> e.from() == SOURCE).allSatisfy(e -> assertThat(e.fraction()).isEqualTo(0.5));
        assertThat(both.edges()).filteredOn(e -> e.from() != SOURCE).allSatisfy(e -> assertThat(e.fraction()).isEqualTo(1.0));
        // the whole trade split over both pays more than either path alone
        double x = 600;
        assertThat(both.polish(g, x, LegSets.SWEEPS).value()).isGreaterThan(Math.max(viaA.simulate(g, x), viaB.simulate(g, x)));
    }

    @Test
    void aUnionIsRefusedWhenItPassesTheLimitAddsNothingRunsAPoolBothWaysOrHoldsACycle() {
        PoolGraph g = graph();
        FlowProgram viaA = path(g, new int[] {0, SOURCE, A}, new int[] {1, A, SINK});
        FlowProgram viaB = path(g, new int[] {2, SOURCE, B}, new int[] {3, B, SINK});
        assertThat(LegSets.union(g, viaA, viaB, 3)).as("four legs past a limit of three").isNull();
        assertThat(LegSets.union(g, viaA, viaA, 8)).as("nothing added").isNull();
        FlowProgram aToB = path(g, new int[] {0, SOURCE, A}, new int[] {5, A, B}, new int[] {3, B, SINK});
        FlowProgram bToA = path(g, new int[] {2, SOURCE, B}, new int[] {5, B, A}, new int[] {1, A, SINK});
        assertThat(LegSets.union(g, aToB, bToA, 8)).as("pool 5 both ways").isNull();
        FlowProgram bToAOther = path(g, new int[] {2, SOURCE, B}, new int[] {6, B, A}, new int[] {1, A, SINK});
        assertThat(LegSets.union(g, aToB, bToAOther, 8)).as("A to B and B to A: a cycle").isNull();
    }

    @Test
    void theBestPairsComeFirstAndOnlyThoseWithinTheLimit() {
        PoolGraph g = graph();
        FlowProgram viaA = path(g, new int[] {0, SOURCE, A}, new int[] {1, A, SINK});
        FlowProgram viaB = path(g, new int[] {2, SOURCE, B}, new int[] {3, B, SINK});
        FlowProgram viaAB = path(g, new int[] {0, SOURCE, A}, new int[] {5, A, B}, new int[] {3, B, SINK});
        double x = 600;
        List<FlowProgram> pairs = LegSets.pathPairs(g, x, List.of(viaA, viaB, viaAB), 8, 3);
        assertThat(pairs).hasSize(3);
        for (int k = 1; k < pairs.size(); k++) {
            assertThat(pairs.get(k - 1).polish(g, x, LegSets.SWEEPS).value())
                    .isGreaterThanOrEqualTo(pairs.get(k).polish(g, x, LegSets.SWEEPS).value());
        }
        assertThat(LegSets.pathPairs(g, x, List.of(viaA, viaB, viaAB), 3, 3)).as("every pair has four legs").isEmpty();
        assertThat(LegSets.pathPairs(g, x, List.of(viaA, viaB, viaAB), 8, 1)).hasSize(1);
    }

    @Test
    void aChosenSetWithRoomTakesThePoolThatRaisesItsOutputMostAndStopsWhenTold() {
        PoolGraph g = graph();
        FlowProgram full = FlowProgram.of(List.of(
                new FlowProgram.Edge(0, SOURCE, A, 0.6), new FlowProgram.Edge(2, SOURCE, B, 0.4),
                new FlowProgram.Edge(1, A, SINK, 0.5), new FlowProgram.Edge(4, A, SINK, 0.3), new FlowProgram.Edge(5, A, B, 0.2),
                new FlowProgram.Edge(3, B, SINK, 1.0)), g);
        FlowProgram chosen = path(g, new int[] {0, SOURCE, A}, new int[] {1, A, SINK});
        double x = 600;
        var met = new ArrayList<FlowProgram>();
        LegSets.fillUp(g, x, chosen, full, 3, p -> met.add(p));
        // from A's 1,000-deep exit, the best third leg is the 500-deep pool beside it (pool 2 leaves the source
        // into B, which the chosen set does not trade on, so it is not a candidate)
        assertThat(met).hasSize(1);
        assertThat(pools(met.get(0))).containsExactly(0, 1, 4);
        assertThat(met.get(0).polish(g, x, LegSets.SWEEPS).value()).isGreaterThan(chosen.simulate(g, x));

        met.clear();
        LegSets.fillUp(g, x, chosen, full, 5, p -> met.add(p) && met.size() < 1);
        assertThat(met).as("stops at the first false").hasSize(1);
        met.clear();
        LegSets.fillUp(g, x, chosen, full, 2, p -> met.add(p));
        assertThat(met).as("no room").isEmpty();
    }

    @Test
    void aSetAtTheLimitExchangesTheLegCarryingLeastForTheTradeThatPaysMore() {
        PoolGraph g = graph();
        FlowProgram full = FlowProgram.of(List.of(
                new FlowProgram.Edge(0, SOURCE, A, 1.0),
                new FlowProgram.Edge(1, A, SINK, 0.6), new FlowProgram.Edge(4, A, SINK, 0.35), new FlowProgram.Edge(7, A, SINK, 0.05)), g);
        FlowProgram chosen = FlowProgram.of(List.of(
                new FlowProgram.Edge(0, SOURCE, A, 1.0), new FlowProgram.Edge(1, A, SINK, 0.9), new FlowProgram.Edge(7, A, SINK, 0.1)), g);
        double x = 600;
        var met = new ArrayList<FlowProgram>();
        LegSets.swaps(g, x, chosen, full, 4, p -> met.add(p));
        assertThat(met).hasSize(1); // the shallow pool out, the 500-deep one in; no exchange pays after that
        assertThat(pools(met.get(0))).containsExactly(0, 1, 4);
        assertThat(met.get(0).polish(g, x, LegSets.SWEEPS).value()).isGreaterThan(chosen.polish(g, x, LegSets.SWEEPS).value());

        met.clear();
        LegSets.swaps(g, x, path(g, new int[] {0, SOURCE, A}, new int[] {1, A, SINK}), full, 4, p -> met.add(p));
        assertThat(met).as("a single path has no leg to exchange").isEmpty();
    }
}
