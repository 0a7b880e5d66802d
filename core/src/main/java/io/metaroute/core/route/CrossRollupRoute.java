package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * Swap on the origin (optional), carry one token across, swap on the destination (optional).
 * Each side is an ordinary {@link Route}; the amounts must chain: what the origin side delivers
 * is what crosses, and what arrives is what the destination side sells.
 */
public record CrossRollupRoute(Optional<Route> origin, Transfer transfer, Optional<Route> destination)
        implements Plan {

    public CrossRollupRoute {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(destination, "destination");
        origin.ifPresent(o -> {
            if (!o.chain().equals(transfer.fromChain()) || !o.tokenOut().equals(transfer.tokenFrom())
                    || !o.amountOut().equals(transfer.amountIn())) {
                throw new IllegalArgumentException("the origin route does not deliver what the transfer carries");
            }
        });
        destination.ifPresent(d -> {
            if (!d.chain().equals(transfer.toChain()) || !d.tokenIn().equals(transfer.tokenTo())
                    || !d.amountIn().equals(transfer.amountOut())) {
                throw new IllegalArgumentException("the destination route does not sell what the transfer delivers");
            }
        });
    }

    @Override
    public ChainId originChain() {
        return transfer.fromChain();
    }

    @Override
    public ChainId destinationChain() {
        return transfer.toChain();
    }

    @Override
    public Address tokenIn() {
        return origin.map(Route::tokenIn).orElse(transfer.tokenFrom());
    }

    @Override
    public Address tokenOut() {
        return destination.map(Route::tokenOut).orElse(transfer.tokenTo());
    }

    @Override
    public BigInteger amountIn() {
        return origin.map(Route::amountIn).orElse(transfer.amountIn());
    }

    @Override
    public BigInteger amountOut() {
        return destination.map(Route::amountOut).orElse(transfer.amountOut());
    }

    @Override
    public long snapshotVersion() {
        return origin.or(() -> destination).map(Route::snapshotVersion).orElse(0L);
    }
}
