package io.metaroute.core.chain;

/** A Metalayer (Hyperlane) domain id: an unsigned 32-bit integer, not a chain id. */
public record Domain(long value) {
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    public Domain {
        if (value < 0 || value > MAX_U32) {
            throw new InvalidValueException("domain", "must fit in uint32, got " + value);
        }
    }

    public static Domain of(long value) {
        return new Domain(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
