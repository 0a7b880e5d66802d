package io.metaroute.core.chain;

/** An EVM chain id (EIP-155). Distinct from a Metalayer {@link Domain} id. */
public record ChainId(long value) implements Comparable<ChainId> {
    public ChainId {
        if (value <= 0) {
            throw new InvalidValueException("chainId", "must be a positive integer, got " + value);
        }
    }

    public static ChainId of(long value) {
        return new ChainId(value);
    }

    @Override
    public int compareTo(ChainId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
