package io.metaroute.quotefeeds.rfq;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Where requests for quotes meet the makers' sockets: a quote request or an incoming intent asks
 * ({@link #ask}), every logged-in maker's socket listens ({@link #requests}). A socket that does not
 * keep up misses requests rather than holding them: RFQ answers are only useful within their window.
 */
public final class RfqHub {
    private final Sinks.Many<RfqRequest> requests = Sinks.many().multicast().directBestEffort();
    private final Duration window;
    private final Clock clock;

    /** {@code window}: how long after a request its answers are still considered. */
    public RfqHub(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** Asks every connected maker for a firm quote; answers the request sent (also when nobody listens). */
    public RfqRequest ask(ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn) {
        var request = new RfqRequest(UUID.randomUUID().toString(), chain, tokenIn, tokenOut, amountIn,
                clock.instant().plus(window));
        requests.tryEmitNext(request);
        return request;
    }

    public Flux<RfqRequest> requests() {
        return requests.asFlux();
    }

    /** How many maker sockets listen now. */
    public int listeners() {
        return requests.currentSubscriberCount();
    }

    public Duration window() {
        return window;
    }
}
