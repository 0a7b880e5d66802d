package io.metaroute.solver.batch.planning;

import java.util.List;
import org.optaplanner.core.api.domain.variable.VariableListener;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.domain.variable.descriptor.VariableDescriptor;
import org.optaplanner.core.impl.score.director.InnerScoreDirector;

/**
 * Keeps every assignment's {@link Execution} in step with the chosen options: a change of one
 * intent's option reruns, through the {@link ImpactLedger}, that intent and every later intent its
 * pools (transitively) reach, and publishes the executions that changed. One instance per score
 * director; it rebuilds its ledger whenever the working solution is set.
 */
public final class ExecutionListener implements VariableListener<BatchPlan, IntentAssignment> {
    private ImpactLedger ledger;
    private List<IntentAssignment> entities;
    /** The shadow variable's descriptor, to notify without a lookup by name per change (hundreds per move). */
    private VariableDescriptor<BatchPlan> executionVariable;

    @Override
    public void resetWorkingSolution(ScoreDirector<BatchPlan> scoreDirector) {
        BatchPlan plan = scoreDirector.getWorkingSolution();
        entities = plan.getAssignments();
        if (scoreDirector instanceof InnerScoreDirector<BatchPlan, ?> inner) {
            executionVariable = inner.getSolutionDescriptor().findEntityDescriptorOrFail(IntentAssignment.class)
                    .getVariableDescriptor(IntentAssignment.EXECUTION);
        }
        ledger = new ImpactLedger(plan.getPools(), entities.size());
        for (IntentAssignment a : entities) {
            ledger.load(a.getPosition(), program(a.getOption()));
        }
        // The score director builds its constraint session after this, from the values set here.
        ledger.recomputeAll(position -> entities.get(position).setExecution(execution(position)));
    }

    @Override
    public void beforeVariableChanged(ScoreDirector<BatchPlan> scoreDirector, IntentAssignment entity) {
        // The ledger remembers the option it last applied; nothing to record before the change.
    }

    @Override
    public void afterVariableChanged(ScoreDirector<BatchPlan> scoreDirector, IntentAssignment entity) {
        if (ledger == null) {
            resetWorkingSolution(scoreDirector);
            return;
        }
        ledger.assign(entity.getPosition(), program(entity.getOption()), position -> publish(scoreDirector, position));
    }

    private void publish(ScoreDirector<BatchPlan> scoreDirector, int position) {
        IntentAssignment a = entities.get(position);
        Execution current = a.getExecution();
        if (current.delivered() == ledger.delivered(position) && current.drawn() == ledger.drawn(position)) {
            return;
        }
        if (executionVariable != null && scoreDirector instanceof InnerScoreDirector<BatchPlan, ?> inner) {
            inner.beforeVariableChanged(executionVariable, a);
            a.setExecution(execution(position));
            inner.afterVariableChanged(executionVariable, a);
        } else {
            scoreDirector.beforeVariableChanged(a, IntentAssignment.EXECUTION);
            a.setExecution(execution(position));
            scoreDirector.afterVariableChanged(a, IntentAssignment.EXECUTION);
        }
    }

    private Execution execution(int position) {
        double delivered = ledger.delivered(position);
        double drawn = ledger.drawn(position);
        return delivered == 0.0 && drawn == 0.0 ? Execution.NONE : new Execution(delivered, drawn);
    }

    private static Program program(RouteOption option) {
        return option == null ? null : option.program();
    }

    @Override
    public void beforeEntityAdded(ScoreDirector<BatchPlan> scoreDirector, IntentAssignment entity) {
    }

    @Override
    public void afterEntityAdded(ScoreDirector<BatchPlan> scoreDirector, IntentAssignment entity) {
    }

    @Override
    public void beforeEntityRemoved(ScoreDirector<BatchPlan> scoreDirector, IntentAssignment entity) {
    }

    @Override
    public void afterEntityRemoved(ScoreDirector<BatchPlan> scoreDirector, IntentAssignment entity) {
    }
}
