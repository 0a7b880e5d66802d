package io.metaroute.settlement.ledger;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One line of the cross-rollup ledger: {@code delta} of {@code token} on {@code chain} to (positive) or
 * from (negative) {@code account}, which plays {@code role}. The lines of one entry sum to zero per
 * (chain, token): what one account gains another gives.
 */
public record Posting(ChainId chain, Address token, Address account, Role role, BigInteger delta) {
    /**
     * What an account is to the ledger; the escrow and the fee accounts are the ones reconciled against
     * chain. {@code OPENING} is the equity account the opening balances are booked against.
     */
    public enum Role {
        USER, ESCROW, SOLVER, RECIPIENT, ORIGIN_FEES, DESTINATION_FEES, VALIDATOR_FEES, OPENING;

        public String db() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Role fromDb(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Posting {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(delta, "delta");
    }

    /** The (chain, token, account) this line moves. */
    public Holding holding() {
        return new Holding(chain, token, account);
    }

    /** A balance's key: an account's holding of one token on one rollup. */
    public record Holding(ChainId chain, Address token, Address account) {
    }
}
