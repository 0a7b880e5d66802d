package io.metaroute.solver.batch.candidates;

import static io.metaroute.solver.batch.BatchFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Route;
import io.metaroute.core.token.Token;
import io.metaroute.solver.routing.RouteFinder;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateSourcesTest {
    final RouteFinder finder = new RouteFinder();

    @Test
    void singlePathAlternativesArePoolDisjointBestFirst() {
        var shallow = pool(A, 1, USDC, WETH, usdc(1_000_000), weth(500));
        var deep = pool(A, 2, USDC, WETH, usdc(50_000_000), weth(24_000));
        var stable = pool(A, 3, USDC, USDT, usdc(50_000_000), usdc(50_000_000));
        var viaUsdt = pool(A, 4, USDT, WETH, usdc(50_000_000), weth(24_500));
        var market = snapshot(shallow, deep, stable, viaUsdt);
        var intent = swap(1, USDC, usdc(1_000), WETH, weth(0.4)).intent();

        List<Candidate> three = new RouteFinderCandidates(finder, 3, CostModel.NONE).candidates(intent, market);
        List<Candidate> two = new RouteFinderCandidates(finder, 2, CostModel.NONE).candidates(intent, market);

        assertThat(three).hasSize(3);
        assertThat(two).hasSize(2);
        var pools = three.stream().map(c -> ((Route) c.plan()).pools()).toList();
        assertThat(pools.get(0)).containsExactly(shallow.address());
        assertThat(pools).doesNotHaveDuplicates();
        assertThat(pools.stream().flatMap(List::stream).toList()).doesNotHaveDuplicates();
        assertThat(three.stream().map(c -> c.plan().amountOut()).toList()).isSortedAccordingTo((x, y) -> y.compareTo(x));
        assertThat(three).allSatisfy(c -> assertThat(c.source()).isEqualTo(RouteFinderCandidates.SOURCE));
    }

    @Test
    void singlePathsOfferNothingAcrossRollups() {
        var market = snapshot(pool(A, 1, USDC, WETH, usdc(1_000_000), weth(500)));
        var intent = intent(1, A, USDC, usdc(1_000), B, WETH, weth(0.4), DEADLINE);
        assertThat(new RouteFinderCandidates(finder).candidates(intent, market)).isEmpty();
    }

    @Test
    void carriesChainTheOriginSwapTheTransferAndTheDestinationSwap() {
        var onA = pool(A, 1, USDC, WETH, usdc(20_000_000), weth(10_000));
        var onB = pool(B, 2, USDC, WETH, usdc(20_000_000), weth(10_000));
        var carries = List.of(new CarryCandidates.Carry(A, WETH, B, WETH, weth(0.001)),
                new CarryCandidates.Carry(A, USDC, B, USDC, usdc(1)),
                new CarryCandidates.Carry(B, USDC, A, USDC, usdc(1)));
        var intent = intent(1, A, USDC, usdc(1_000), B, WETH, weth(0.4), DEADLINE);

        var candidates = new CarryCandidates(finder, carries, CostModel.NONE).candidates(intent, snapshot(onA, onB));

        assertThat(candidates).hasSize(2);
        var viaWeth = (CrossRollupRoute) candidates.get(0).plan();
        assertThat(viaWeth.origin()).isPresent();
        assertThat(viaWeth.destination()).isEmpty();
        assertThat(viaWeth.transfer().amountIn()).isEqualTo(viaWeth.origin().get().amountOut());
        assertThat(viaWeth.amountOut()).isEqualTo(viaWeth.transfer().amountIn().subtract(weth(0.001)));
        var viaUsdc = (CrossRollupRoute) candidates.get(1).plan();
        assertThat(viaUsdc.origin()).isEmpty();
        assertThat(viaUsdc.transfer().amountOut()).isEqualTo(usdc(999));
        assertThat(viaUsdc.destination().orElseThrow().amountIn()).isEqualTo(usdc(999));
        assertThat(new CarryCandidates(finder, carries, CostModel.NONE).candidates(swap(2, USDC, usdc(1), WETH, BigInteger.ONE).intent(),
                snapshot(onA, onB))).isEmpty();
    }

    static Network network() {
        var tokens = List.of(new Token(A, USDC, "USDC", 6), new Token(A, WETH, "WETH", 18));
        var rollup = new Rollup("a", RollupProfile.GAMING, A, Domain.of(1), URI.create("http://127.0.0.1:1"), null,
                Duration.ofSeconds(1), BigInteger.valueOf(1_000_000_000L), addr(0x900), addr(0x901), tokens, List.of());
        return new Network(List.of(rollup));
    }

    @Test
    void theRouterOffersItsPlanForTheWholeAmountEvenBelowTheMinimum() {
        var router = new Router(network(), RouterSettings.withoutGas());
        var market = snapshot(pool(A, 1, USDC, WETH, usdc(1_000_000), weth(500)), pool(A, 2, USDC, WETH, usdc(2_000_000), weth(1_000)));
        var intent = swap(1, USDC, usdc(50_000), WETH, weth(30)).intent(); // no route pays 30 WETH for 50,000 USDC

        var candidates = new RouterCandidates(router).candidates(intent, market);

        assertThat(candidates).singleElement().satisfies(c -> {
            assertThat(c.source()).isEqualTo(RouterCandidates.SOURCE);
            assertThat(c.plan().amountIn()).isEqualTo(usdc(50_000));
            assertThat(c.plan().amountOut()).isLessThan(weth(30))
                    .isGreaterThan(new RouteFinderCandidates(finder).candidates(intent, market).getFirst().plan().amountOut());
        });
        assertThat(new RouterCandidates(router).candidates(swap(2, USDC, usdc(1), DAI, BigInteger.ONE).intent(), market)).isEmpty();
    }

    @Test
    void gasIsPricedInTheOutputTokenAsTheRouterPricesIt() {
        var gasRouter = new Router(network(), RouterSettings.defaults().withMaxSnapshotAge(null));
        var costs = new GasCosts(gasRouter);
        var shallow = pool(A, 1, USDC, WETH, usdc(2_000), weth(1));
        var deep = pool(A, 2, USDC, WETH, usdc(3_000_000), weth(1_000));
        var market = snapshot(shallow, deep);
        var buyUsdc = swap(1, WETH, weth(1), USDC, usdc(1)).intent();
        Route route = (Route) new RouteFinderCandidates(finder, 1, CostModel.NONE).candidates(buyUsdc, market).getFirst().plan();

        var c = costs.of(route, market);

        assertThat(c.gasUnits()).isEqualTo(90_000 + 75_000);
        assertThat(c.gasWei()).isEqualTo(BigInteger.valueOf(165_000L * 1_000_000_000L));
        // 165,000 gwei at the deep pool's 3,000 USDC per WETH: 0.495 USDC.
        assertThat(c.gasInTokenOut()).isEqualTo(BigInteger.valueOf(495_000))
                .isEqualTo(gasRouter.gasCost(market, A, USDC, 1));
        assertThat(c.transferFee()).isZero();
    }
}
