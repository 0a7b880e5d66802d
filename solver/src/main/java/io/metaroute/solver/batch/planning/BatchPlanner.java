package io.metaroute.solver.batch.planning;

import io.metaroute.solver.batch.BatchOptimizer;
import io.metaroute.solver.batch.BatchProblem;
import io.metaroute.solver.batch.BatchResult;
import io.metaroute.solver.batch.BatchSettings;
import io.metaroute.solver.batch.Settlement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.core.api.solver.SolverManager;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicType;
import org.optaplanner.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.SolverManagerConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;
import reactor.core.publisher.Mono;

/**
 * Plans batches with OptaPlanner through a {@link SolverManager}: the problem is built (every
 * intent routed) and solved on the manager's own threads, and the exact decisions are settled
 * there too, so a subscriber's thread never does either.
 *
 * <p>Phases: first fit in execution order (each intent takes its best option given the fills
 * before it: exactly the one-by-one baseline, so the batch can only do better), always run to
 * the end; then late acceptance over single option changes and {@link RoomMoves}, until the
 * time limits, which bound this improvement phase only.
 */
public final class BatchPlanner implements BatchOptimizer {
    public static final String METHOD = "batch";

    private final SolverManager<BatchPlan, Long> manager;

    public BatchPlanner(BatchSettings settings) {
        this(solverConfig(settings));
    }

    public BatchPlanner(SolverConfig config) {
        this.manager = SolverManager.create(Objects.requireNonNull(config, "config"), new SolverManagerConfig());
    }

    public static SolverConfig solverConfig(BatchSettings settings) {
        return new SolverConfig()
                .withSolutionClass(BatchPlan.class)
                .withEntityClasses(IntentAssignment.class)
                .withConstraintProviderClass(BatchConstraints.class)
                .withConstraintStreamImplType(ConstraintStreamImplType.BAVET)
                .withPhases(
                        new ConstructionHeuristicPhaseConfig().withConstructionHeuristicType(ConstructionHeuristicType.FIRST_FIT),
                        new LocalSearchPhaseConfig()
                                .withTerminationConfig(new TerminationConfig()
                                        .withSpentLimit(settings.spentLimit())
                                        .withUnimprovedSpentLimit(settings.unimprovedSpentLimit()))
                                .withMoveSelectorConfig(new UnionMoveSelectorConfig().withMoveSelectors(
                                        new ChangeMoveSelectorConfig(),
                                        new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(RoomMoves.class)))
                                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(50))
                                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1)));
    }

    @Override
    public Mono<BatchResult> plan(long batch, Supplier<BatchProblem> problem) {
        return Mono.create(sink -> {
            long start = System.nanoTime();
            var built = new AtomicReference<BatchProblem>();
            manager.solve(batch,
                    id -> {
                        BatchProblem p = problem.get();
                        built.set(p);
                        return PlanBuilder.build(p);
                    },
                    best -> {
                        try {
                            sink.success(Settlement.settle(built.get(), PlanBuilder.choices(best), METHOD,
                                    Duration.ofNanos(System.nanoTime() - start)));
                        } catch (RuntimeException e) {
                            sink.error(e);
                        }
                    },
                    (id, error) -> sink.error(error));
            sink.onCancel(() -> manager.terminateEarly(batch));
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
