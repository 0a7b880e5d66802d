package io.metaroute.settlement.fill;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;

/**
 * One side of a token movement: {@code delta} is negative for what leaves {@code account},
 * positive for what arrives. The entries of one fill balance per token against the pools'
 * side, which the ledger books as the counterparty {@code account = pool-set}.
 */
public record LedgerEntry(ChainId chain, Address token, String account, BigInteger delta, String txHash) {
}
