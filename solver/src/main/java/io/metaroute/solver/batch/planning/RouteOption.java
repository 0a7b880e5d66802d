package io.metaroute.solver.batch.planning;

import io.metaroute.solver.batch.Option;
import io.metaroute.solver.batch.Settlement;
import io.metaroute.solver.routing.Inventory;
import java.util.Objects;
import org.optaplanner.core.api.domain.lookup.PlanningId;

/**
 * A value of the planning variable: one of an intent's candidate plans, or {@link #defer()}, "not
 * in this batch". It carries what the constraints need: the compiled program, the cost in ppm of
 * the minimum, the estimated completion (unix seconds, rounded up) and the inventory it draws on.
 */
public final class RouteOption {
    private static final RouteOption DEFER = new RouteOption(0L, Settlement.DEFER, null, Program.NOTHING, 0, Long.MIN_VALUE, null);

    @PlanningId
    private final Long id;
    private final int index;
    private final Option option;
    private final Program program;
    private final long costPpm;
    private final long completesAt;
    private final Inventory.Key draws;

    RouteOption(long id, int index, Option option, Program program, long costPpm, long completesAt, Inventory.Key draws) {
        this.id = id;
        this.index = index;
        this.option = option;
        this.program = Objects.requireNonNull(program, "program");
        this.costPpm = costPpm;
        this.completesAt = completesAt;
        this.draws = draws;
    }

    /** "Not in this batch": delivers nothing, costs nothing, draws nothing. */
    public static RouteOption defer() {
        return DEFER;
    }

    public boolean isDefer() {
        return this == DEFER;
    }

    public Long getId() {
        return id;
    }

    /** The option's index among its intent's candidates, or {@link Settlement#DEFER}. */
    public int index() {
        return index;
    }

    /** The candidate; null for {@link #defer()}. */
    public Option option() {
        return option;
    }

    Program program() {
        return program;
    }

    public long costPpm() {
        return costPpm;
    }

    public long completesAt() {
        return completesAt;
    }

    /** The inventory a cross-rollup option pays out of; null otherwise. */
    public Inventory.Key draws() {
        return draws;
    }

    @Override
    public String toString() {
        return isDefer() ? "defer" : "option " + id + " (" + option.source() + ")";
    }
}
