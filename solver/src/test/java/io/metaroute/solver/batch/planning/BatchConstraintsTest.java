package io.metaroute.solver.batch.planning;

import static io.metaroute.solver.batch.BatchFixtures.*;

import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.test.api.score.stream.ConstraintVerifier;

class BatchConstraintsTest {
    static final Inventory.Key WETH_ON_B = new Inventory.Key(B, WETH);

    final ConstraintVerifier<BatchConstraints, BatchPlan> verifier = ConstraintVerifier
            .build(new BatchConstraints(), BatchPlan.class, IntentAssignment.class)
            .withConstraintStreamImplType(ConstraintStreamImplType.BAVET);

    long ids = 1;

    RouteOption option(long costPpm, long completesAt, Inventory.Key draws) {
        return new RouteOption(ids++, 0, null, Program.NOTHING, costPpm, completesAt, draws);
    }

    RouteOption sameRollup() {
        return option(0, DEADLINE - 60, null);
    }

    /** An intent with minimum 100 (base units), the chosen option, and what it yields after earlier fills. */
    IntentAssignment assignment(int position, RouteOption chosen, double delivered, double drawn) {
        BatchIntent intent = swap(position, USDC, usdc(1), WETH, BigInteger.valueOf(100));
        var a = new IntentAssignment(position, intent, List.of(chosen, RouteOption.defer()));
        a.setOption(chosen);
        a.setExecution(new Execution(delivered, drawn));
        return a;
    }

    @Test
    void minimumAfterPriceImpact() {
        verifier.verifyThat(BatchConstraints::minimumAfterPriceImpact)
                .given(assignment(0, sameRollup(), 95, 0))
                .penalizesBy(50_000); // 5% short: 50,000 ppm
        verifier.verifyThat(BatchConstraints::minimumAfterPriceImpact)
                .given(assignment(0, sameRollup(), 100, 0), assignment(1, RouteOption.defer(), 0, 0))
                .penalizesBy(0);
    }

    @Test
    void inventoryNeverNegative() {
        var balance = new InventoryBalance(WETH_ON_B, 100);
        verifier.verifyThat(BatchConstraints::inventoryNeverNegative)
                .given(balance, assignment(0, option(0, DEADLINE, WETH_ON_B), 100, 60),
                        assignment(1, option(0, DEADLINE, WETH_ON_B), 100, 60))
                .penalizesBy(166_667); // 20 over a demand of 120
        verifier.verifyThat(BatchConstraints::inventoryNeverNegative)
                .given(balance, assignment(0, option(0, DEADLINE, WETH_ON_B), 100, 60),
                        assignment(1, option(0, DEADLINE, WETH_ON_B), 100, 40))
                .penalizesBy(0);
    }

    @Test
    void deadlineReachable() {
        verifier.verifyThat(BatchConstraints::deadlineReachable)
                .given(assignment(0, option(0, DEADLINE + 30, null), 100, 0))
                .penalizesBy(30);
        verifier.verifyThat(BatchConstraints::deadlineReachable)
                .given(assignment(0, option(0, DEADLINE, null), 100, 0))
                .penalizesBy(0);
    }

    @Test
    void userSurplus() {
        verifier.verifyThat(BatchConstraints::userSurplus)
                .given(assignment(0, sameRollup(), 103, 0))
                .rewardsWith(30_000);
        verifier.verifyThat(BatchConstraints::userSurplus)
                .given(assignment(0, sameRollup(), 100, 0), assignment(1, RouteOption.defer(), 0, 0))
                .rewardsWith(0);
    }

    @Test
    void gasAndMessageFees() {
        verifier.verifyThat(BatchConstraints::gasAndMessageFees)
                .given(assignment(0, option(1_234, DEADLINE, null), 103, 0))
                .penalizesBy(1_234);
        verifier.verifyThat(BatchConstraints::gasAndMessageFees)
                .given(assignment(0, sameRollup(), 103, 0), assignment(1, RouteOption.defer(), 0, 0))
                .penalizesBy(0);
    }
}
