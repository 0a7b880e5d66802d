package io.metaroute.pipeline.inventory;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.execution.tx.PreparedTransaction;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One move of {@code amount} of the solver's {@code symbol} from rollup {@code from} to rollup {@code to} through the
 * token's warp route: {@code tokenFrom} and {@code router} on the origin, {@code tokenTo} on the destination.
 * {@code tx} is the signed transfer (stored before it is sent), {@code messageId} the Hyperlane message it
 * dispatched, {@code reason} why it failed.
 */
public record InventoryMove(UUID id, String symbol, ChainId from, ChainId to, Address tokenFrom, Address tokenTo, Address router,
                            BigInteger amount, MoveStatus status, PreparedTransaction tx, String messageId, String reason,
                            Instant createdAt) {
    public InventoryMove {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(status, "status");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a move carries a positive amount, got " + amount);
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a move goes between two rollups, got " + from + " twice");
        }
    }

    /** A new move, nothing signed yet. */
    public static InventoryMove planned(String symbol, ChainId from, ChainId to, Address tokenFrom, Address tokenTo, Address router,
                                        BigInteger amount, Instant now) {
        return new InventoryMove(UUID.randomUUID(), symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.PLANNED,
                null, null, null, now);
    }

    public InventoryMove signed(PreparedTransaction signed) {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.SIGNED,
                Objects.requireNonNull(signed, "signed"), null, null, createdAt);
    }

    public InventoryMove dispatched(String message) {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.DISPATCHED, tx,
                Objects.requireNonNull(message, "message"), null, createdAt);
    }

    public InventoryMove delivered() {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.DELIVERED, tx, messageId,
                null, createdAt);
    }

    public InventoryMove failed(String why) {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.FAILED, tx, messageId,
                Objects.requireNonNull(why, "why"), createdAt);
    }
}
