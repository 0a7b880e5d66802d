package io.metaroute.solver.batch.planning;

import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.Objective;
import io.metaroute.solver.routing.Inventory;
import java.util.List;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.lookup.PlanningId;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;
import org.optaplanner.core.api.domain.variable.ShadowVariable;

/**
 * The planning entity: one intent of the batch at its place in execution order. The planning
 * variable is the chosen {@link RouteOption} among the intent's own candidates and "defer"; the
 * shadow variable is what that choice yields after the earlier fills' price impact.
 */
@PlanningEntity
public class IntentAssignment {
    public static final String OPTION = "option";
    public static final String EXECUTION = "execution";

    @PlanningId
    private Long id;
    private int position;
    private BatchIntent intent;
    private double minimum;
    private long deadline;
    private List<RouteOption> options;

    @PlanningVariable(valueRangeProviderRefs = "options")
    private RouteOption option;

    @ShadowVariable(variableListenerClass = ExecutionListener.class, sourceVariableName = OPTION)
    private Execution execution = Execution.NONE;

    public IntentAssignment() {
    }

    /** @param options the intent's candidates followed by {@link RouteOption#defer()} */
    public IntentAssignment(int position, BatchIntent intent, List<RouteOption> options) {
        this.id = (long) position;
        this.position = position;
        this.intent = intent;
        this.minimum = intent.intent().minAmountOut().doubleValue();
        this.deadline = intent.intent().deadline();
        this.options = List.copyOf(options);
    }

    @ValueRangeProvider(id = "options")
    public List<RouteOption> getOptions() {
        return options;
    }

    public Long getId() {
        return id;
    }

    public int getPosition() {
        return position;
    }

    public BatchIntent getIntent() {
        return intent;
    }

    public RouteOption getOption() {
        return option;
    }

    public void setOption(RouteOption option) {
        this.option = option;
    }

    public Execution getExecution() {
        return execution;
    }

    public void setExecution(Execution execution) {
        this.execution = execution;
    }

    /** The signed minimum, in base units of the output token. */
    public double minimum() {
        return minimum;
    }

    /** The intent's deadline, unix seconds. */
    public long deadline() {
        return deadline;
    }

    public boolean isFilled() {
        return option != null && !option.isDefer();
    }

    public double delivered() {
        return execution.delivered();
    }

    public boolean drawsInventory() {
        return isFilled() && option.draws() != null;
    }

    public Inventory.Key inventoryKey() {
        return option.draws();
    }

    public double drawn() {
        return execution.drawn();
    }

    public boolean isLate() {
        return isFilled() && option.completesAt() > deadline;
    }

    public long surplusPpm() {
        return Objective.surplusPpm(execution.delivered(), minimum);
    }

    public long shortfallPpm() {
        return Objective.shortfallPpm(execution.delivered(), minimum);
    }

    @Override
    public String toString() {
        return "intent " + intent.sequence() + " -> " + option;
    }
}
