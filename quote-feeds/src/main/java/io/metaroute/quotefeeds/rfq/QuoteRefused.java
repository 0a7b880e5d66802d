package io.metaroute.quotefeeds.rfq;

import java.util.Locale;

/** A market maker's quote that is not admitted to the quote book, with a stable reason and a sentence. */
public final class QuoteRefused extends RuntimeException {

    /** Why a quote is refused; {@link #wire()} is the reason a maker is told and metrics count. */
    public enum Reason {
        /** Not a quote message: bad JSON, a missing, unknown or ill-typed field, an amount that is no uint256. */
        MALFORMED,
        /** No signature. */
        UNSIGNED,
        /** A signature that is malformed, malleable (high s), or recovers to someone other than the quote's maker. */
        BAD_SIGNATURE,
        /** Expired, or expiring too soon for a fill to land ({@code metaroute.rfq.min-life}). */
        EXPIRED,
        /** Expiring further ahead than {@code metaroute.rfq.max-life}: not a firm quote for now. */
        EXPIRY_TOO_FAR,
        /** With the same maker's live quote the other way it pays more than it takes: a round trip would profit. */
        CROSSED,
        /** The maker sent this nonce before (the same quote again, or another quote with its nonce). */
        REPLAYED,
        /** Not an allowed maker, the socket is not logged in, or the quote names another maker than the socket's. */
        UNAUTHORISED,
        /** A chain this service does not serve. */
        UNKNOWN_CHAIN,
        /** A token not listed on the quote's chain. */
        UNKNOWN_TOKEN,
        /** The maker's quotes failed at execution more often than {@code metaroute.rfq.fade.max-fail-rate} allows, lately. */
        FADED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public QuoteRefused(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
