package io.metaroute.solver.batch.planning;

/**
 * What an intent's chosen option yields after the earlier fills of the batch moved the pools, as
 * the planner estimates it: the output delivered to the user and the solver inventory drawn on
 * the destination, both in base units.
 */
public record Execution(double delivered, double drawn) {
    public static final Execution NONE = new Execution(0.0, 0.0);
}
