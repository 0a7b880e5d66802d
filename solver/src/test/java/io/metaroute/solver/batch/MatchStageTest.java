package io.metaroute.solver.batch;

import static io.metaroute.solver.batch.BatchFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.token.Token;
import io.metaroute.solver.batch.candidates.CostModel;
import io.metaroute.solver.batch.candidates.RouteFinderCandidates;
import io.metaroute.solver.batch.planning.BatchPlanner;
import io.metaroute.solver.cow.Assets;
import io.metaroute.solver.cow.MatchSettler;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteFinder;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class MatchStageTest {
    static final Network NETWORK = new Network(List.of(rollup("a", A), rollup("b", B)));
    final Router router = new Router(NETWORK, RouterSettings.withoutGas().withMaxLegs(MatchSettler.MAX_STEPS));
    final MatchStage stage = new MatchStage(Assets.bySymbol(NETWORK), new MatchSettler(router));
    final BatchPlanner planner = new BatchPlanner(BatchSolverTest.SETTINGS);

    @AfterEach
    void close() {
        planner.close();
    }

    static Rollup rollup(String name, ChainId chain) {
        return new Rollup(name, RollupProfile.GAMING, chain, Domain.of(chain.value()), URI.create("http://localhost:8545"),
                URI.create("ws://localhost:8546"), Duration.ofSeconds(1), BigInteger.ONE, addr(0x5e771e), addr(0xfac),
                List.of(new Token(chain, USDC, "USDC", 6), new Token(chain, WETH, "WETH", 18)), List.of());
    }

    // On rollup A a buyer of WETH and a seller of WETH; on rollup B a buyer with nobody to match.
    final BatchIntent buyer = swap(1, USDC, usdc(20_000), WETH, weth(9));
    final BatchIntent seller = swap(2, WETH, weth(5), USDC, usdc(9_000));
    final BatchIntent elsewhere = queued(3, intent(3, B, USDC, usdc(1_000), B, WETH, weth(0.45), DEADLINE));

    @Test
    void oppositeIntentsAreSettledTogetherAndOnlyTheirImbalanceMovesThePool() {
        MatchStage.Staged staged = stage.stage(1, List.of(buyer, seller, elsewhere), BatchSolverTest.MARKET);

        assertThat(staged.matched()).extracting(d -> d.intent().sequence()).containsExactly(1L, 2L);
        assertThat(staged.rest()).containsExactly(elsewhere);
        var match = staged.matched().getFirst().match();
        assertThat(staged.matched().get(1).match()).isSameAs(match);
        assertThat(staged.matched().getFirst().leads()).isTrue();
        assertThat(staged.matched().get(1).leads()).isFalse();
        // The seller's 5 WETH cover 10,000 USDC of the buyer's 20,000 at the pools' 2,000: only 10,000 USDC is routed.
        assertThat(staged.matched().get(1).amountOut()).isEqualTo(usdc(10_000));
        var pool = BatchSolverTest.MARKET.poolsOn(A).getFirst();
        var moved = staged.market().pool(new PoolKey(A, pool.address())).orElseThrow();
        BigInteger usdcIn = (moved.token0().equals(USDC) ? moved.reserve0().subtract(pool.reserve0())
                : moved.reserve1().subtract(pool.reserve1()));
        assertThat(usdcIn).isBetween(usdc(10_000).subtract(BigInteger.TWO), usdc(10_000));
        // Rollup B's pool is as it was.
        var other = BatchSolverTest.MARKET.poolsOn(B).getFirst();
        assertThat(staged.market().pool(other.key())).contains(other);
    }

    @Test
    void theBatchSolverMatchesFirstAndPlansTheRestInArrivalOrder() {
        List<io.metaroute.solver.batch.candidates.CandidateSource> sources = List.of(new RouteFinderCandidates(new RouteFinder(), 2, CostModel.NONE));
        var solver = new BatchSolver(BatchSolverTest.SETTINGS, planner, new ProblemBuilder(sources, COMPLETION),
                () -> BatchSolverTest.MARKET, () -> Inventory.EMPTY, BatchSolverTest.CLOCK, stage);

        StepVerifier.create(solver.solve(List.of(buyer, seller, elsewhere)))
                .assertNext(result -> {
                    assertThat(result.decisions()).extracting(d -> d.intent().sequence()).containsExactly(1L, 2L, 3L);
                    assertThat(result.decisions().get(0)).isInstanceOf(BatchDecision.Matched.class);
                    assertThat(result.decisions().get(1)).isInstanceOf(BatchDecision.Matched.class);
                    assertThat(result.decisions().get(2)).isInstanceOf(BatchDecision.Filled.class);
                    assertThat(result.matched()).isEqualTo(2);
                    assertThat(result.filled()).isEqualTo(3);
                    assertThat(result.method()).startsWith("2 matched, then ");
                })
                .verifyComplete();
    }

    @Test
    void aMemberAnotherPoolServesBetterIsLeftOutAndTheOthersAreMatchedWithoutIt() {
        // The deep pool sets the clearing price at 2,000 USDC per WETH; a shallower one pays 2,010.
        var market = snapshot(pool(A, 1, USDC, WETH, usdc(20_000_000), weth(10_000)),
                pool(A, 2, USDC, WETH, usdc(201_000), weth(100)));
        var buyer = swap(1, USDC, usdc(30_000), WETH, weth(1));
        var smallSeller = swap(2, WETH, weth(0.1), USDC, usdc(1)); // alone it gets about 200.2 USDC, matched 200
        var bigSeller = swap(3, WETH, weth(10), USDC, usdc(1));

        MatchStage.Staged staged = stage.stage(1, List.of(buyer, smallSeller, bigSeller), market);

        assertThat(staged.matched()).extracting(d -> d.intent().sequence()).containsExactly(1L, 3L);
        assertThat(staged.rest()).containsExactly(smallSeller);
        for (BatchDecision.Matched m : staged.matched()) {
            var member = m.match().member(MatchStage.idOf(m.intent()));
            assertThat(member.amountOut()).isGreaterThanOrEqualTo(member.alone());
        }
    }

    @Test
    void chunksTakeUpToEightIntentsFromEachDirectionInArrivalOrder() {
        var intents = new java.util.ArrayList<BatchIntent>();
        for (int k = 0; k < 20; k++) {
            intents.add(k % 4 == 0 ? swap(k, WETH, weth(1), USDC, usdc(1)) : swap(k, USDC, usdc(100), WETH, weth(0.01)));
        }

        var chunks = MatchStage.chunks(intents);

        // 15 buyers and 5 sellers: one chunk of the first 8 buyers and all 5 sellers; the other buyers have nobody left.
        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst()).hasSize(13);
        assertThat(chunks.getFirst()).extracting(BatchIntent::sequence)
                .containsExactly(0L, 4L, 8L, 12L, 16L, 1L, 2L, 3L, 5L, 6L, 7L, 9L, 10L);
    }

    @Test
    void intentsWithNothingOppositeGoStraightToThePlanner() {
        MatchStage.Staged staged = stage.stage(1, List.of(buyer, elsewhere), BatchSolverTest.MARKET);

        assertThat(staged.matched()).isEmpty();
        assertThat(staged.rest()).containsExactly(buyer, elsewhere);
        assertThat(staged.market()).isSameAs(BatchSolverTest.MARKET);
    }
}
