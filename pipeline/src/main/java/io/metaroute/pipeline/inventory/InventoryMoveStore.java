package io.metaroute.pipeline.inventory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where inventory moves are kept: written before anything of theirs is signed or sent, moved by compare-and-set. */
public interface InventoryMoveStore {
    /**
     * Writes a planned move; false (and nothing written) while another move of the same symbol is unfinished, so that
     * two moves never spend one surplus.
     */
    Mono<Boolean> plan(InventoryMove move);

    /** Moves not yet delivered or failed, oldest first. */
    Flux<InventoryMove> unfinished();

    /** Stores {@code next} (its status and fields) if the stored move is still in {@code from}; false otherwise. */
    Mono<Boolean> update(InventoryMove next, MoveStatus from);

    /**
     * Stores {@code next}, a replacement of the transfer, if the stored move is still signed with the transfer
     * {@code previousHash}; false otherwise (another pass or replica replaced it first).
     */
    Mono<Boolean> replace(InventoryMove next, String previousHash);

    /** The newest moves, newest first. */
    Flux<InventoryMove> recent(int limit);
}
