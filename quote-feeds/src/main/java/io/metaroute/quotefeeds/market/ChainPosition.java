package io.metaroute.quotefeeds.market;

/** Where on its chain a pool state was observed; a full read at a block sorts after every log in it. */
public record ChainPosition(long block, long logIndex) implements Comparable<ChainPosition> {

    public static ChainPosition endOfBlock(long block) {
        return new ChainPosition(block, Long.MAX_VALUE);
    }

    @Override
    public int compareTo(ChainPosition o) {
        int c = Long.compare(block, o.block);
        return c != 0 ? c : Long.compare(logIndex, o.logIndex);
    }
}
