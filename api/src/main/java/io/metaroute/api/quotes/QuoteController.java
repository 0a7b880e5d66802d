package io.metaroute.api.quotes;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class QuoteController {
    private final QuoteService quotes;

    public QuoteController(QuoteService quotes) {
        this.quotes = quotes;
    }

    @PostMapping(path = "/v1/quotes", consumes = "application/json", produces = "application/json")
    public Mono<QuoteResponse> quote(@RequestBody QuoteRequest request) {
        return Mono.fromCallable(() -> quotes.quote(request));
    }
}
