package io.metaroute.solver.routing.convex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The primitive index orders are the boxed, stable sorts they replace, ties and signed zeros included. */
class OrderTest {
    @ParameterizedTest(name = "{0} values")
    @ValueSource(ints = {0, 1, 2, 3, 7, 64, 1000})
    void ordersAreTheStableBoxedSorts(int n) {
        var random = new SplittableRandom(n);
        double[] value = new double[n];
        for (int i = 0; i < n; i++) {
            // Few distinct values, so that ties are common, with both zeros and an infinity among them.
            double[] pick = {0.0, -0.0, 1.5, -2.0, 3e18, Double.POSITIVE_INFINITY, random.nextDouble()};
            value[i] = pick[random.nextInt(pick.length)];
        }
        List<Integer> up = indices(n);
        up.sort(Comparator.comparingDouble(k -> value[k]));
        List<Integer> down = indices(n);
        down.sort(Comparator.comparingDouble((Integer k) -> value[k]).reversed());
        assertThat(Order.ascending(value)).containsExactly(up.stream().mapToInt(Integer::intValue).toArray());
        assertThat(Order.descending(value)).containsExactly(down.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<Integer> indices(int n) {
        var list = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }
}
