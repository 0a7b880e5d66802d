package io.metaroute.solver.batch;

import static io.metaroute.solver.batch.BatchFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Transfer;
import io.metaroute.solver.routing.Costs;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectiveTest {
    static final BigInteger MAX_UINT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    @Test
    void surplusIsInPartsPerMillionOfTheMinimumAndCappedForDustMinimums() {
        assertThat(Objective.surplusPpm(BigInteger.valueOf(103), BigInteger.valueOf(100))).isEqualTo(30_000);
        assertThat(Objective.surplusPpm(BigInteger.valueOf(99), BigInteger.valueOf(100))).isZero();
        assertThat(Objective.surplusPpm(MAX_UINT, BigInteger.ONE)).isEqualTo(Objective.MAX_PPM);
        assertThat(Objective.surplusPpm(MAX_UINT.doubleValue(), 1.0)).isEqualTo(Objective.MAX_PPM);
        assertThat(Objective.surplusPpm(103.0, 100.0)).isEqualTo(30_000);
    }

    @Test
    void penaltiesAreAtLeastOneWhenARuleIsBrokenAtAll() {
        assertThat(Objective.shortfallPpm(99.999_999_9, 100)).isEqualTo(1);
        assertThat(Objective.shortfallPpm(0, 100)).isEqualTo(1_000_000);
        assertThat(Objective.shortfallPpm(100, 100)).isZero();
        assertThat(Objective.overdrawPpm(100.000_000_1, 100)).isEqualTo(1);
        assertThat(Objective.overdrawPpm(200, 0)).isEqualTo(1_000_000);
        assertThat(Objective.secondsLate(10, 5)).isEqualTo(5);
        assertThat(Objective.secondsLate(5, 10)).isZero();
    }

    @Test
    void costsCountGasAndTheMessageFeeValuedInTheOutputToken() {
        // 100 USDC carried, 1 USDC fee, 99 arrive and buy 0.0495 WETH: the fee is worth 0.0005 WETH.
        var transfer = new Transfer(A, USDC, B, USDC, usdc(100), usdc(1), usdc(99));
        var destination = new io.metaroute.core.route.Route(B, USDC, WETH, usdc(99), weth(0.0495),
                java.util.List.of(new io.metaroute.core.route.Leg(addr(0x1001), USDC, WETH, usdc(99), weth(0.0495))), 1);
        var plan = new CrossRollupRoute(Optional.empty(), transfer, Optional.of(destination));
        var costs = new Costs(1, BigInteger.ONE, weth(0.0005), BigInteger.ZERO);

        // (0.0005 gas + 0.0005 fee) over a minimum of 0.05 WETH: 2%.
        assertThat(Objective.costPpm(plan, costs, weth(0.05))).isEqualTo(20_000);
        assertThat(Objective.costPpm(plan, Costs.NONE, MAX_UINT)).isEqualTo(1);
    }
}
