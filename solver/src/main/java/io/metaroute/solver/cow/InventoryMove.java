package io.metaroute.solver.cow;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A movement of the solver's own balance caused by a cross-rollup match: it {@link Kind#DELIVER}s
 * a user's output on a rollup where the counterparties' inputs do not land, and is
 * {@link Kind#REPLENISH}ed by those inputs on the rollup where they do.
 */
public record InventoryMove(Kind kind, ChainId chain, Address token, BigInteger amount) {
    public enum Kind {
        /** The solver pays out of its inventory on this rollup. */
        DELIVER,
        /** Users' inputs beyond what this rollup pays out are the solver's, on this rollup. */
        REPLENISH
    }

    public InventoryMove {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(token, "token");
        Uint256.requirePositive("amount", amount);
    }

    /** The change to the solver's balance: negative for a delivery. */
    public BigInteger signedAmount() {
        return kind == Kind.DELIVER ? amount.negate() : amount;
    }
}
