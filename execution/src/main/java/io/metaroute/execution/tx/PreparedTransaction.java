package io.metaroute.execution.tx;

import java.math.BigInteger;

/**
 * A signed transaction not yet (or not known to be) broadcast. Persist it before broadcasting:
 * after a crash the same bytes are sent again, which the chain accepts at most once.
 */
public record PreparedTransaction(String hash, String raw, BigInteger nonce) {
}
