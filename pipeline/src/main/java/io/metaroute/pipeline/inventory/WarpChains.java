package io.metaroute.pipeline.inventory;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.execution.tx.PreparedTransaction;
import java.math.BigInteger;
import reactor.core.publisher.Mono;

/**
 * What moving inventory needs of the rollups beyond the cross saga's {@code CrossChains} (which sends, awaits and
 * checks deliveries): a warp transfer signed and not sent, and balances at the head.
 */
public interface WarpChains {
    /** {@code transferRemote} on {@code router} (on {@code from}) of {@code amount} to the solver on {@code to}, paying its gas. */
    Mono<PreparedTransaction> prepareTransfer(ChainId from, Address router, ChainId to, BigInteger amount);

    /** ERC-20 {@code balanceOf(holder)} of {@code token} on {@code chain}, latest block. */
    Mono<BigInteger> balance(ChainId chain, Address token, Address holder);
}
