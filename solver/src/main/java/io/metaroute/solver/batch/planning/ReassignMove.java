package io.metaroute.solver.batch.planning;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.move.AbstractMove;

/** Gives several intents new options at once, so that one can take what another gives up in the same step. */
final class ReassignMove extends AbstractMove<BatchPlan> {
    private final IntentAssignment[] entities;
    private final RouteOption[] options;

    ReassignMove(IntentAssignment[] entities, RouteOption[] options) {
        if (entities.length != options.length) {
            throw new IllegalArgumentException("one option per entity");
        }
        this.entities = entities;
        this.options = options;
    }

    @Override
    public boolean isMoveDoable(ScoreDirector<BatchPlan> scoreDirector) {
        for (int i = 0; i < entities.length; i++) {
            if (entities[i].getOption() != options[i]) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ReassignMove createUndoMove(ScoreDirector<BatchPlan> scoreDirector) {
        var undo = new RouteOption[entities.length];
        for (int i = 0; i < entities.length; i++) {
            undo[i] = entities[i].getOption();
        }
        return new ReassignMove(reversed(entities), reversed(undo));
    }

    @Override
    protected void doMoveOnGenuineVariables(ScoreDirector<BatchPlan> scoreDirector) {
        for (int i = 0; i < entities.length; i++) {
            scoreDirector.beforeVariableChanged(entities[i], IntentAssignment.OPTION);
            entities[i].setOption(options[i]);
            scoreDirector.afterVariableChanged(entities[i], IntentAssignment.OPTION);
        }
    }

    @Override
    public ReassignMove rebase(ScoreDirector<BatchPlan> destination) {
        var e = new IntentAssignment[entities.length];
        var o = new RouteOption[options.length];
        for (int i = 0; i < entities.length; i++) {
            e[i] = destination.lookUpWorkingObject(entities[i]);
            o[i] = options[i].isDefer() ? options[i] : destination.lookUpWorkingObject(options[i]);
        }
        return new ReassignMove(e, o);
    }

    @Override
    public List<IntentAssignment> getPlanningEntities() {
        return Arrays.asList(entities);
    }

    @Override
    public List<RouteOption> getPlanningValues() {
        return Arrays.asList(options);
    }

    private static <T> T[] reversed(T[] items) {
        T[] copy = items.clone();
        for (int i = 0; i < copy.length / 2; i++) {
            T t = copy[i];
            copy[i] = copy[copy.length - 1 - i];
            copy[copy.length - 1 - i] = t;
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReassignMove other && Arrays.equals(entities, other.entities) && Arrays.equals(options, other.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(entities), Arrays.hashCode(options));
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        for (int i = 0; i < entities.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(entities[i]).append(" => ").append(options[i]);
        }
        return sb.toString();
    }
}
