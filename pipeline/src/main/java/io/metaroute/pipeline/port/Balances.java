package io.metaroute.pipeline.port;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import reactor.core.publisher.Mono;

/** The executor's own balance of a token on a rollup, read from the chain (the api adapts the chain client to it). */
@FunctionalInterface
public interface Balances {
    Mono<BigInteger> of(ChainId chain, Address token);
}
