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
    private final CrossQuotes crossQuotes;

    public QuoteController(QuoteService quotes, CrossQuotes crossQuotes, @Qualifier(SolverSchedulerConfig.SOLVER) Scheduler solver) {
        this.quotes = quotes;
        this.crossQuotes = crossQuotes;
        this.solver = solver;
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
            description = "a same-rollup quote (QuoteResponse), or with destinationChainId a cross-rollup one (CrossQuoteResponse)",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(oneOf = {QuoteResponse.class,
                            CrossQuotes.CrossQuoteResponse.class})))
    @PostMapping(path = "/v1/quotes", consumes = "application/json", produces = "application/json")
    public Mono<Object> quote(@RequestBody QuoteRequest request) {
        return Mono.fromCallable(() -> request.crossRollup() ? (Object) crossQuotes.quote(request) : quotes.quote(request))
                .subscribeOn(solver);
    }
}
