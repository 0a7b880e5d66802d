package io.metaroute.pipeline.wiring;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Network;
import io.metaroute.solver.batch.BatchSettings;
import io.metaroute.solver.batch.BatchSolver;
import io.metaroute.solver.batch.CompletionModel;
import io.metaroute.solver.batch.MatchStage;
import io.metaroute.solver.batch.ProblemBuilder;
import io.metaroute.solver.batch.candidates.CandidateSource;
import io.metaroute.solver.batch.candidates.CarryCandidates;
import io.metaroute.solver.batch.candidates.CostModel;
import io.metaroute.solver.batch.candidates.GasCosts;
import io.metaroute.solver.batch.candidates.RouteFinderCandidates;
import io.metaroute.solver.batch.candidates.RouterCandidates;
import io.metaroute.solver.batch.planning.BatchPlanner;
import io.metaroute.solver.cow.Assets;
import io.metaroute.solver.cow.MatchSettler;
import io.metaroute.solver.routing.FirmQuotes;
import io.metaroute.solver.routing.GasPrices;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteFinder;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one wiring of the solver: the router, the batch's candidate sources, the gas they are charged
 * and the inventory they may use, the match stage and the batch solver. The service and the batch
 * benchmark both build theirs here, from {@link Settings}, so a benchmark measures what the service
 * runs. Every candidate is priced the same way: the router prices its own plans, and every other
 * source is charged {@link GasCosts} over that same router (its {@link Router#gasCost}).
 */
public final class SolverWiring {

    /**
     * What may differ between one wiring and another.
     *
     * @param router           gas, leg limit, message fee and staleness of the router (and so of every candidate's gas)
     * @param routerCandidates whether the router's plan for an intent's whole amount is one of its candidates
     * @param singlePaths      pool-disjoint single paths offered per same-rollup intent (0: none)
     * @param maxHops          most hops of a single path
     * @param carries          the tokens the solver carries across rollups, for cross-rollup candidates
     * @param batch            the batch window, size and planner limits
     * @param messageLatency   how long a cross-rollup message takes, for completion times
     * @param completionLead   how long after an intent joins its batch the batch's fills are sent
     * @param matching         whether opposite intents are matched against each other before planning
     */
    public record Settings(RouterSettings router, boolean routerCandidates, int singlePaths, int maxHops,
                           List<CarryCandidates.Carry> carries, BatchSettings batch, Duration messageLatency,
                           Duration completionLead, boolean matching) {
        public Settings {
            Objects.requireNonNull(router, "router");
            Objects.requireNonNull(batch, "batch");
            Objects.requireNonNull(messageLatency, "messageLatency");
            Objects.requireNonNull(completionLead, "completionLead");
            carries = List.copyOf(carries);
            if (singlePaths < 0) {
                throw new IllegalArgumentException("singlePaths must not be negative, got " + singlePaths);
            }
            if (!routerCandidates && singlePaths == 0 && carries.isEmpty()) {
                throw new IllegalArgumentException("a wiring needs at least one candidate source");
            }
        }

        /**
         * The service: the router's split plans (at most {@code maxLegs} legs, gas priced) and three
         * single paths per same-rollup intent, no carries yet (cross-rollup intents are refused at
         * intake), completion counted from the end of the batch's window and planning.
         */
        public static Settings service(int maxLegs, BatchSettings batch, boolean matching) {
            return new Settings(RouterSettings.shipped(maxLegs), true, 3, RouteFinder.DEFAULT_MAX_HOPS, List.of(), batch,
                    Duration.ofSeconds(10), batch.window().plus(batch.spentLimit()), matching);
        }
    }

    private final Network network;
    private final Settings settings;
    private final Supplier<Inventory> inventory;
    private final Clock clock;
    private final Router router;
    private final CostModel gasCosts;
    private final List<CandidateSource> candidates;
    private final ProblemBuilder problems;

    /** Gas at the network file's prices. */
    public SolverWiring(Network network, Settings settings, Supplier<Inventory> inventory, Clock clock,
                        Router.MarketFreshness freshness) {
        this(network, settings, inventory, clock, freshness, GasPrices.NETWORK_FILE);
    }

    /**
     * {@code gasPrices}: the live gas price per rollup (the service's come from the quote feeds' gas
     * collectors), which the router and so every candidate's gas is charged at; the network file's
     * price where there is none.
     */
    public SolverWiring(Network network, Settings settings, Supplier<Inventory> inventory, Clock clock,
                        Router.MarketFreshness freshness, GasPrices gasPrices) {
        this(network, settings, inventory, clock, freshness, gasPrices, FirmQuotes.NONE);
    }

    /**
     * {@code quotes}: market makers' firm quotes, which the router (and so the batch's router candidates)
     * may take beside the pools on one rollup. Matched intents settle together through {@code settle},
     * which takes no quotes: their imbalance is routed over pools only.
     */
    public SolverWiring(Network network, Settings settings, Supplier<Inventory> inventory, Clock clock,
                        Router.MarketFreshness freshness, GasPrices gasPrices, FirmQuotes quotes) {
        this.network = Objects.requireNonNull(network, "network");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.router = new Router(network, settings.router(), inventory, clock, freshness, gasPrices, quotes);
        this.gasCosts = new GasCosts(router);
        var finder = new RouteFinder(settings.maxHops());
        var sources = new ArrayList<CandidateSource>();
        if (settings.routerCandidates()) {
            sources.add(new RouterCandidates(router));
        }
        if (settings.singlePaths() > 0) {
            sources.add(new RouteFinderCandidates(finder, settings.singlePaths(), gasCosts));
        }
        if (!settings.carries().isEmpty()) {
            sources.add(new CarryCandidates(finder, settings.carries(), gasCosts));
        }
        this.candidates = List.copyOf(sources);
        this.problems = new ProblemBuilder(candidates,
                CompletionModel.of(network, settings.messageLatency(), settings.completionLead()));
    }

    /** The optimal router: quotes, streams, routing alone, and the batch's router candidates. */
    public Router router() {
        return router;
    }

    /** Gas as the router values it, charged to every candidate the router did not price itself. */
    public CostModel gasCosts() {
        return gasCosts;
    }

    /** The batch's candidate sources, in order. */
    public List<CandidateSource> candidates() {
        return candidates;
    }

    public ProblemBuilder problems() {
        return problems;
    }

    /** The inventory the router and the batch plan against. */
    public Supplier<Inventory> inventory() {
        return inventory;
    }

    /**
     * The match stage, or null when matching is off. Members are promised at least what the
     * best route alone pays them, gas and leg limit ignored (the reference router); the
     * imbalance is routed by the wiring's router.
     */
    public MatchStage matching() {
        if (!settings.matching()) {
            return null;
        }
        return new MatchStage(Assets.bySymbol(network),
                new MatchSettler(router.withQuotes(FirmQuotes.NONE), new Router(network, RouterSettings.withoutGas(), inventory, clock)));
    }

    /** A batch solver over {@code market}; the caller closes it. */
    public BatchSolver batchSolver(Supplier<MarketSnapshot> market) {
        return new BatchSolver(settings.batch(), new BatchPlanner(settings.batch()), problems, market, inventory, clock,
                matching());
    }

    public Settings settings() {
        return settings;
    }
}
