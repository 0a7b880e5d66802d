package io.metaroute.api.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.config.SolverSchedulerConfig;
import io.metaroute.api.intents.IntentViews;
import io.metaroute.api.persistence.CrossOrderRepository;
import io.metaroute.api.persistence.IntentActivity;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.api.quotes.CrossQuotes;
import io.metaroute.api.quotes.QuoteService;
import io.metaroute.api.quotes.RouteMessages;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.streaming.StandingQuote;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The public stream at {@code /v1/stream}: route answers from standing quotes re-solved on the
 * solver scheduler (one per distinct route, however many watch it), intents from {@link IntentFeed},
 * the recently changed intents from one poll per distinct limit while anyone watches.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamSettings.class)
public class StreamConfig {

    @Bean(destroyMethod = "close")
    IntentFeed streamIntentFeed(DatabaseClient db, IntentRepository intents, CrossOrderRepository crossOrders, ObjectMapper json,
                                StreamSettings settings) {
        return new IntentFeed(new IntentActivity(db), new IntentViews(intents, crossOrders, json), json, settings.intentPoll());
    }

    @Bean
    HandlerMapping publicStreamMapping(StreamSettings settings, QuoteService quotes, CrossQuotes crossQuotes, MarketStore market,
                                       Router router, @Qualifier(SolverSchedulerConfig.SOLVER) Scheduler solver, ObjectMapper json,
                                       IntentFeed intents, DatabaseClient db, MeterRegistry metrics,
                                       @org.springframework.beans.factory.annotation.Value("${metaroute.stream.solve-every:20ms}")
                                       java.time.Duration solveEvery) {
        var standing = new StandingQuote(router, solver, solveEvery);
        var routes = new Topics<RouteRequest>(request -> (request.isSameRollup()
                ? standing.watch(market.snapshots(), request)
                : standing.watchCarryingInput(market.snapshots(), request))
                .map(outcome -> write(json, RouteMessages.of(outcome, crossQuotes))));
        var activity = new IntentActivity(db);
        var recent = new Topics<Integer>(limit -> Flux.interval(java.time.Duration.ZERO, settings.recentPoll())
                .onBackpressureDrop()
                .concatMap(tick -> activity.recent(limit).map(list -> write(json, Map.of("type", "intents", "intents", list)))
                        .onErrorResume(e -> Mono.empty()), 0)
                .distinctUntilChanged());
        var commands = new StreamCommands(json, quotes, crossQuotes, settings.recentLimit());
        var handler = new StreamHandler(settings, commands, channel -> switch (channel) {
            case Channel.Route r -> routes.watch(r.request());
            case Channel.Intent i -> intents.watch(i.id());
            case Channel.RecentIntents r -> recent.watch(r.limit());
        }, metrics);
        return new SimpleUrlHandlerMapping(Map.of("/v1/stream", handler), -1);
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
