package io.metaroute.quotefeeds.chain.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The recent blocks of one rollup's canonical chain as its collector has seen them, by number, at
 * most {@code depth} of them. A new head either extends the tip, is already known, or does not fit:
 * then the chain was reorganised (or blocks were missed) and {@link #forkPoint} finds, from the
 * node's canonical blocks walked back from the head, the newest block both chains share.
 *
 * <p>Not thread-safe: one owner (the rollup's collector loop) at a time.
 */
public final class BlockTrail {
    /** How a head relates to the trail. */
    public enum Link {
        /** The trail is empty: the head starts it. */
        FIRST,
        /** The head's parent is the tip. */
        EXTENDS,
        /** The trail holds this very block. */
        KNOWN,
        /** The head does not follow the tip: blocks were missed, replaced, or both. */
        UNLINKED
    }

    private final int depth;
    private final TreeMap<Long, BlockHead> blocks = new TreeMap<>();

    public BlockTrail(int depth) {
        if (depth < 2) {
            throw new IllegalArgumentException("a trail keeps at least 2 blocks, not " + depth);
        }
        this.depth = depth;
    }

    public int depth() {
        return depth;
    }

    public Link link(BlockHead head) {
        if (blocks.isEmpty()) {
            return Link.FIRST;
        }
        BlockHead held = blocks.get(head.number());
        if (held != null && held.hash().equals(head.hash())) {
            return Link.KNOWN;
        }
        return head.follows(blocks.lastEntry().getValue()) ? Link.EXTENDS : Link.UNLINKED;
    }

    /** Adds {@code head} as the new tip: any block held at its number or above is dropped (replaced). */
    public void add(BlockHead head) {
        blocks.tailMap(head.number(), true).clear();
        blocks.put(head.number(), head);
        while (blocks.size() > depth) {
            blocks.pollFirstEntry();
        }
    }

    /** Drops every block above {@code block}. */
    public void rewindTo(long block) {
        blocks.tailMap(block, false).clear();
    }

    public void clear() {
        blocks.clear();
    }

    public Optional<BlockHead> at(long number) {
        return Optional.ofNullable(blocks.get(number));
    }

    public Optional<BlockHead> tip() {
        return blocks.isEmpty() ? Optional.empty() : Optional.of(blocks.lastEntry().getValue());
    }

    /**
     * Where {@code canonical} (the node's blocks below a new head, newest first, each the parent of the
     * one before it, the first the parent of the head) leaves the trail: the number of the newest block
     * the trail holds with the same hash. Empty when the trail holds none of them (a reorganisation
     * deeper than the trail, or an empty trail): then nothing held can be trusted.
     */
    public Optional<Long> forkPoint(List<BlockHead> canonical) {
        for (BlockHead b : canonical) {
            BlockHead held = blocks.get(b.number());
            if (held != null && held.hash().equals(b.hash())) {
                return Optional.of(b.number());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code below} (newest first) runs down from {@code head} parent by parent. */
    public static boolean linked(BlockHead head, List<BlockHead> below) {
        BlockHead child = head;
        for (BlockHead b : below) {
            if (!child.follows(b)) {
                return false;
            }
            child = b;
        }
        return true;
    }

    /**
     * The lowest block number the node's chain ({@code head} and {@code below} it, newest first)
     * replaced of what the trail holds: where the trail holds another block, or the head's own number
     * when it is not above the tip; -1 when it replaced nothing (blocks were only missed).
     */
    public long lowestReplaced(List<BlockHead> below, BlockHead head) {
        long tip = tip().map(BlockHead::number).orElse(-1L);
        long lowest = contradicts(head.number(), head.hash()) || (tip >= 0 && head.number() <= tip) ? head.number() : -1;
        for (BlockHead b : below) {
            if (contradicts(b.number(), b.hash())) {
                lowest = b.number();
            }
        }
        return lowest;
    }

    /** Adds the node's chain: the blocks {@code below} the head (newest first) the trail does not hold as they are, then the head. */
    public void addChain(List<BlockHead> below, BlockHead head) {
        for (int i = below.size() - 1; i >= 0; i--) {
            BlockHead b = below.get(i);
            if (at(b.number()).map(h -> !h.hash().equals(b.hash())).orElse(true)) {
                add(b);
            }
        }
        add(head);
    }

    /** Whether the trail holds a block at {@code number} with another hash than {@code hash}. */
    public boolean contradicts(long number, String hash) {
        BlockHead held = blocks.get(number);
        return held != null && !held.hash().equalsIgnoreCase(hash);
    }

    /** The oldest block number held, or empty. */
    public Optional<Long> oldest() {
        return blocks.isEmpty() ? Optional.empty() : Optional.of(blocks.firstKey());
    }

    /** A copy of what is held, by number. */
    public Map<Long, BlockHead> blocks() {
        return Map.copyOf(blocks);
    }
}
