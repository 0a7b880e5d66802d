package io.metaroute.pipeline.inventory;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.execution.tx.PreparedTransaction;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One move of {@code amount} of the solver's {@code symbol} from rollup {@code from} to rollup {@code to} through the
 * token's warp route: {@code tokenFrom} and {@code router} on the origin, {@code tokenTo} on the destination.
 * {@code tx} is the signed transfer (stored before it is sent; once mined, the version that was), {@code replaced}
 * the earlier versions it replaced when they were not mined (oldest first: any of them may still be, so each is
 * looked for before a transfer goes out at a fresh nonce), {@code messageId} the Hyperlane message it dispatched,
 * {@code reason} why it failed.
 */
public record InventoryMove(UUID id, String symbol, ChainId from, ChainId to, Address tokenFrom, Address tokenTo, Address router,
                            BigInteger amount, MoveStatus status, PreparedTransaction tx, List<PreparedTransaction> replaced,
                            String messageId, String reason, Instant createdAt) {
    public InventoryMove {
        replaced = replaced == null ? List.of() : List.copyOf(replaced);
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
                null, List.of(), null, null, now);
    }

    public InventoryMove signed(PreparedTransaction signed) {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.SIGNED,
                Objects.requireNonNull(signed, "signed"), replaced, null, null, createdAt);
    }

    /** Signed again as {@code next} (a fee bump at its nonce, or the same call at a fresh one); this version joins {@link #replaced}. */
    public InventoryMove replacedBy(PreparedTransaction next) {
        if (tx == null) {
            throw new IllegalStateException("move " + id + " has no transfer to replace");
        }
        var earlier = new ArrayList<>(replaced);
        earlier.add(tx);
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.SIGNED,
                Objects.requireNonNull(next, "next"), earlier, null, null, createdAt);
    }

    /** Every version of the transfer signed so far, the current one last. */
    public List<PreparedTransaction> versions() {
        var all = new ArrayList<>(replaced);
        if (tx != null) {
            all.add(tx);
        }
        return all;
    }

    /** Mined as {@code version} (the current transfer or one it replaced), which dispatched {@code message}. */
    public InventoryMove dispatched(PreparedTransaction version, String message) {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.DISPATCHED,
                Objects.requireNonNull(version, "version"), others(version), Objects.requireNonNull(message, "message"), null, createdAt);
    }

    public InventoryMove delivered() {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.DELIVERED, tx, replaced,
                messageId, null, createdAt);
    }

    public InventoryMove failed(String why) {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.FAILED, tx, replaced, messageId,
                Objects.requireNonNull(why, "why"), createdAt);
    }

    /** Mined as {@code version}, which reverted. */
    public InventoryMove failed(PreparedTransaction version, String why) {
        return new InventoryMove(id, symbol, from, to, tokenFrom, tokenTo, router, amount, MoveStatus.FAILED,
                Objects.requireNonNull(version, "version"), others(version), messageId, Objects.requireNonNull(why, "why"), createdAt);
    }

    private List<PreparedTransaction> others(PreparedTransaction version) {
        return versions().stream().filter(v -> !v.hash().equals(version.hash())).toList();
    }
}
