package io.metaroute.solver.batch.planning;

import io.metaroute.solver.routing.Inventory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;

/**
 * Moves that make room: an intent B takes another option, and in the same step an intent A that
 * competes with B for a resource (a pool, or inventory on a destination) changes too. When B takes
 * a resource, an earlier A moves to an option that leaves it alone (or is deferred); when B leaves
 * one, a later A moves to an option that uses it. Single option changes cannot find such swaps: B
 * alone on the contested pool breaks its minimum, A alone on a worse path loses surplus.
 */
public final class RoomMoves implements MoveIteratorFactory<BatchPlan, ReassignMove> {
    private static final int[] NONE = new int[0];

    private List<IntentAssignment> movable = List.of();
    private Map<RouteOption, int[]> resources = Map.of();
    private int[][] users = new int[0][];

    @Override
    public void phaseStarted(ScoreDirector<BatchPlan> scoreDirector) {
        BatchPlan plan = scoreDirector.getWorkingSolution();
        int pools = plan.getPools().size();
        var keys = new HashMap<Inventory.Key, Integer>();
        var byResource = new ArrayList<List<Integer>>();
        resources = new IdentityHashMap<>();
        movable = new ArrayList<>();
        for (IntentAssignment a : plan.getAssignments()) {
            if (a.getOptions().size() < 2) {
                continue;
            }
            movable.add(a);
            for (RouteOption o : a.getOptions()) {
                int[] used = resourcesOf(o, pools, keys);
                resources.put(o, used);
                for (int r : used) {
                    while (byResource.size() <= r) {
                        byResource.add(new ArrayList<>());
                    }
                    List<Integer> list = byResource.get(r);
                    if (list.isEmpty() || list.getLast() != a.getPosition()) {
                        list.add(a.getPosition());
                    }
                }
            }
        }
        users = byResource.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    @Override
    public void phaseEnded(ScoreDirector<BatchPlan> scoreDirector) {
        movable = List.of();
        resources = Map.of();
        users = new int[0][];
    }

    private static int[] resourcesOf(RouteOption o, int pools, Map<Inventory.Key, Integer> keys) {
        int[] p = o.program().pools;
        if (o.draws() == null) {
            return p;
        }
        int[] all = Arrays.copyOf(p, p.length + 1);
        all[p.length] = pools + keys.computeIfAbsent(o.draws(), k -> keys.size());
        return all;
    }

    @Override
    public long getSize(ScoreDirector<BatchPlan> scoreDirector) {
        long size = 0;
        for (IntentAssignment a : movable) {
            size += a.getOptions().size() - 1;
        }
        return size;
    }

    @Override
    public Iterator<ReassignMove> createOriginalMoveIterator(ScoreDirector<BatchPlan> scoreDirector) {
        throw new UnsupportedOperationException("room moves are only selected at random");
    }

    @Override
    public Iterator<ReassignMove> createRandomMoveIterator(ScoreDirector<BatchPlan> scoreDirector, Random random) {
        List<IntentAssignment> entities = scoreDirector.getWorkingSolution().getAssignments();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !movable.isEmpty();
            }

            @Override
            public ReassignMove next() {
                return move(entities, random);
            }
        };
    }

    private ReassignMove move(List<IntentAssignment> entities, Random random) {
        IntentAssignment b = pickB(random);
        RouteOption ob = other(b, -1, false, random);
        int[] wanted = resources.getOrDefault(ob, NONE);
        int[] held = b.getOption() == null ? NONE : resources.getOrDefault(b.getOption(), NONE);
        int count = wanted.length + held.length;
        if (count == 0) {
            return single(b, ob);
        }
        int pick = random.nextInt(count);
        boolean taking = pick < wanted.length;
        int resource = taking ? wanted[pick] : held[pick - wanted.length];
        int[] competing = resource < users.length ? users[resource] : NONE;
        // Only an earlier intent's trades change what B gets, and only a later one can use what B leaves.
        int split = lowerBound(competing, b.getPosition());
        int from = taking ? 0 : split + (split < competing.length && competing[split] == b.getPosition() ? 1 : 0);
        int to = taking ? split : competing.length;
        if (to <= from) {
            return single(b, ob);
        }
        IntentAssignment a = entities.get(competing[from + random.nextInt(to - from)]);
        RouteOption oa = other(a, resource, !taking, random);
        return new ReassignMove(new IntentAssignment[] {a, b}, new RouteOption[] {oa, ob});
    }

    private static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Half of the time, an intent that is not filled now (when a few random draws find one): they
     * are where making room pays most, since the first-fit start already gave every filled intent
     * its best option given the ones before it.
     */
    private IntentAssignment pickB(Random random) {
        if (random.nextBoolean()) {
            for (int tries = 0; tries < 16; tries++) {
                IntentAssignment e = movable.get(random.nextInt(movable.size()));
                if (!e.isFilled()) {
                    return e;
                }
            }
        }
        return movable.get(random.nextInt(movable.size()));
    }

    private static ReassignMove single(IntentAssignment e, RouteOption o) {
        return new ReassignMove(new IntentAssignment[] {e}, new RouteOption[] {o});
    }

    /**
     * A random option of {@code e} other than its current one, preferring one that uses
     * {@code resource} (when {@code use}) or leaves it alone (otherwise); any when {@code resource} is -1.
     */
    private RouteOption other(IntentAssignment e, int resource, boolean use, Random random) {
        List<RouteOption> options = e.getOptions();
        RouteOption fallback = null;
        int start = random.nextInt(options.size());
        for (int i = 0; i < options.size(); i++) {
            RouteOption o = options.get((start + i) % options.size());
            if (o == e.getOption()) {
                continue;
            }
            if (resource < 0 || uses(o, resource) == use) {
                return o;
            }
            if (fallback == null) {
                fallback = o;
            }
        }
        return fallback != null ? fallback : options.getFirst();
    }

    private boolean uses(RouteOption o, int resource) {
        for (int r : resources.getOrDefault(o, NONE)) {
            if (r == resource) {
                return true;
            }
        }
        return false;
    }
}
