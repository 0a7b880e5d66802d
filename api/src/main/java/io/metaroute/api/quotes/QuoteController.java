package io.metaroute.api.quotes;

import io.metaroute.api.config.SolverSchedulerConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** {@code POST /v1/quotes}: routing runs on the solver scheduler, never on the request's event-loop thread. */
@RestController
public class QuoteController {
    private final QuoteService quotes;
    private final Scheduler solver;

    public QuoteController(QuoteService quotes, @Qualifier(SolverSchedulerConfig.SOLVER) Scheduler solver) {
        this.quotes = quotes;
        this.solver = solver;
    }

    @PostMapping(path = "/v1/quotes", consumes = "application/json", produces = "application/json")
    public Mono<QuoteResponse> quote(@RequestBody QuoteRequest request) {
        return Mono.fromCallable(() -> quotes.quote(request)).subscribeOn(solver);
    }
}
