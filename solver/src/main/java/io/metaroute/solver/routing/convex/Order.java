package io.metaroute.solver.routing.convex;

/**
 * Index orders of primitive values, stable (equal values keep their index order), without boxing:
 * the same orders as {@code List<Integer>.sort(Comparator.comparingDouble(...))} and its
 * {@code reversed()}, at a fraction of the cost on the hundreds of legs of a large optimum.
 */
final class Order {
    private Order() {
    }

    /** The indices of {@code value} from its least value to its greatest ({@link Double#compare} order). */
    static int[] ascending(double[] value) {
        return sorted(value, false);
    }

    /** The indices of {@code value} from its greatest value to its least; equal values in index order. */
    static int[] descending(double[] value) {
        return sorted(value, true);
    }

    private static int[] sorted(double[] value, boolean descending) {
        int n = value.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        // Bottom-up merge sort: runs of width 1, 2, 4, ... merged with the left run first on ties.
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    int c = Double.compare(value[a[j]], value[a[i]]);
                    boolean right = descending ? c > 0 : c < 0;
                    b[k++] = right ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
