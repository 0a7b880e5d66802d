package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Metalayer message our routers carry as the Hyperlane body: {@code version u8 | finality u8 |
 * nonce u32 | origin u32 | sender bytes32 | destination u32 | recipient bytes32 | readCount u32 | per
 * read (domain u32 | target 20 bytes | length u32 | callData) | writeCallData}. Sender and recipient
 * are the applications, not the routers.
 */
public record MetalayerBody(FinalityState finality, long nonce, Domain origin, byte[] sender, Domain destination,
                            Address recipient, List<ReadOperation> reads, byte[] writeCallData) {
    public static final int VERSION = 1;
    private static final int HEADER = 78;

    /** A static call on another rollup, delivered with its result. */
    public record ReadOperation(Domain domain, Address target, byte[] callData) {
    }

    public MetalayerBody {
        reads = List.copyOf(reads);
    }

    public static MetalayerBody parse(byte[] b) {
        if (b.length < HEADER + 4) {
            throw new IllegalArgumentException("a Metalayer body has at least " + (HEADER + 4) + " bytes, got " + b.length);
        }
        if ((b[0] & 0xff) != VERSION) {
            throw new IllegalArgumentException("Metalayer body version " + (b[0] & 0xff) + ", expected " + VERSION);
        }
        var finality = FinalityState.ofCode(b[1] & 0xff);
        long count = Bytes.u32(b, HEADER);
        var reads = new ArrayList<ReadOperation>();
        int at = HEADER + 4;
        for (long i = 0; i < count; i++) {
            if (b.length < at + 28) {
                throw new IllegalArgumentException("truncated read " + i);
            }
            Domain domain = Domain.of(Bytes.u32(b, at));
            byte[] word = new byte[32];
            System.arraycopy(b, at + 4, word, 12, 20);
            int length = Math.toIntExact(Bytes.u32(b, at + 24));
            at += 28;
            if (b.length < at + length) {
                throw new IllegalArgumentException("truncated call data of read " + i);
            }
            reads.add(new ReadOperation(domain, Bytes.address(word, 0), Arrays.copyOfRange(b, at, at + length)));
            at += length;
        }
        return new MetalayerBody(finality, Bytes.u32(b, 2), Domain.of(Bytes.u32(b, 6)), Arrays.copyOfRange(b, 10, 42),
                Domain.of(Bytes.u32(b, 42)), Bytes.address(b, 46), reads, Arrays.copyOfRange(b, at, b.length));
    }
}
