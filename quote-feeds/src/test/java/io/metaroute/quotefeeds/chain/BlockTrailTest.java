package io.metaroute.quotefeeds.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.quotefeeds.chain.domain.BlockHead;
import io.metaroute.quotefeeds.chain.domain.BlockTrail;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trail of recent blocks: what extends it, what it already holds, and where a replaced chain leaves it. */
class BlockTrailTest {

    private static BlockHead block(long n, String fork, String parentFork) {
        return new BlockHead(n, hash(n, fork), hash(n - 1, parentFork), Instant.ofEpochSecond(1_000 + n));
    }

    private static String hash(long n, String fork) {
        return "0x" + fork + Long.toHexString(n);
    }

    @Test
    void aHeadOnTheTipExtendsItAndTheSameBlockAgainIsKnown() {
        var trail = new BlockTrail(8);
        assertThat(trail.link(block(1, "a", "a"))).isEqualTo(BlockTrail.Link.FIRST);
        trail.add(block(1, "a", "a"));
        assertThat(trail.link(block(2, "a", "a"))).isEqualTo(BlockTrail.Link.EXTENDS);
        trail.add(block(2, "a", "a"));
        assertThat(trail.link(block(2, "a", "a"))).isEqualTo(BlockTrail.Link.KNOWN);
        assertThat(trail.tip()).contains(block(2, "a", "a"));
    }

    @Test
    void aReplacedBlockOrAGapDoesNotLinkAndTheForkPointIsTheNewestSharedBlock() {
        var trail = new BlockTrail(16);
        for (long n = 1; n <= 10; n++) {
            trail.add(block(n, "a", "a"));
        }
        // a reorganisation of depth 3: blocks 8..10 replaced, the new 8 on the old 7
        BlockHead new8 = block(8, "b", "a");
        assertThat(trail.link(new8)).isEqualTo(BlockTrail.Link.UNLINKED);
        assertThat(trail.forkPoint(List.of(block(7, "a", "a")))).contains(7L);
        // seen from a later head of the new chain, the node's blocks below it walk back to block 7
        assertThat(trail.forkPoint(List.of(block(11, "b", "b"), block(10, "b", "b"), block(9, "b", "b"), block(8, "b", "a"),
                block(7, "a", "a")))).contains(7L);
        // a head after missed blocks does not link either, and its walk ends at the tip: nothing replaced
        assertThat(trail.link(block(13, "a", "a"))).isEqualTo(BlockTrail.Link.UNLINKED);
        assertThat(trail.forkPoint(List.of(block(12, "a", "a"), block(11, "a", "a"), block(10, "a", "a")))).contains(10L);
        assertThat(trail.contradicts(9, hash(9, "b"))).isTrue();
        assertThat(trail.contradicts(9, hash(9, "a"))).isFalse();
        assertThat(trail.contradicts(42, hash(42, "b"))).as("a block not held contradicts nothing").isFalse();
    }

    @Test
    void addingAReplacementDropsWhatWasAboveAndTheTrailKeepsItsDepth() {
        var trail = new BlockTrail(4);
        for (long n = 1; n <= 10; n++) {
            trail.add(block(n, "a", "a"));
        }
        assertThat(trail.blocks()).hasSize(4);
        assertThat(trail.oldest()).contains(7L);
        assertThat(trail.forkPoint(List.of(block(6, "a", "a"), block(5, "a", "a"))))
                .as("deeper than the trail: no fork point can be trusted").isEmpty();
        trail.rewindTo(8);
        trail.add(block(9, "b", "a"));
        assertThat(trail.tip()).contains(block(9, "b", "a"));
        assertThat(trail.at(10)).isEmpty();
        assertThat(trail.link(block(10, "b", "b"))).isEqualTo(BlockTrail.Link.EXTENDS);
        assertThatThrownBy(() -> new BlockTrail(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNodesChainIsCheckedLinkTakenForWhatItReplacedAndAdded() {
        var trail = new BlockTrail(16);
        for (long n = 1; n <= 10; n++) {
            trail.add(block(n, "a", "a"));
        }
        BlockHead head = block(9, "b", "b");
        List<BlockHead> below = List.of(block(8, "b", "a"), block(7, "a", "a"));
        assertThat(BlockTrail.linked(head, below)).isTrue();
        assertThat(BlockTrail.linked(head, List.of(block(7, "a", "a")))).as("a block missing between").isFalse();
        assertThat(trail.lowestReplaced(below, head)).isEqualTo(8);
        // a head above the tip after missed blocks replaced nothing
        assertThat(trail.lowestReplaced(List.of(block(11, "a", "a"), block(10, "a", "a")), block(12, "a", "a"))).isEqualTo(-1);
        // a new chain shorter than the old: its head is below the tip, so it replaced from there at least
        var fresh = new BlockTrail(2);
        fresh.add(block(9, "a", "a"));
        fresh.add(block(10, "a", "a"));
        assertThat(fresh.lowestReplaced(List.of(block(7, "b", "a"), block(6, "a", "a")), block(8, "b", "b"))).isEqualTo(8);

        trail.rewindTo(7);
        trail.addChain(below, head);
        assertThat(trail.tip()).contains(head);
        assertThat(trail.at(8)).contains(block(8, "b", "a"));
        assertThat(trail.at(7)).contains(block(7, "a", "a"));
        assertThat(trail.at(10)).isEmpty();
    }
}
