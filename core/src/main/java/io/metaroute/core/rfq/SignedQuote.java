package io.metaroute.core.rfq;

import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SigningDomain;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A {@link MakerQuote} with its maker's signature, its EIP-712 digest and its venue id: the low 20
 * bytes of the digest, which a route's leg names as its pool and the settler's {@code MakerQuotes}
 * recognises (a hash, so no pair or other contract has it). The signature is not checked here: the
 * quote book admits only quotes whose signature recovers to their maker.
 */
public record SignedQuote(MakerQuote quote, IntentSignature signature, String digest, Address venue) {

    public SignedQuote {
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(venue, "venue");
    }

    /** The signed quote under {@code domain} (the settler of the quote's rollup). */
    public static SignedQuote of(SigningDomain domain, MakerQuote quote, IntentSignature signature) {
        byte[] digest = MakerQuoteTypedData.digest(domain, quote);
        return new SignedQuote(quote, signature, "0x" + HexFormat.of().formatHex(digest), venueOf(digest));
    }

    /** The venue id of a quote digest: its low 20 bytes, as the settler takes {@code address(uint160(uint256(digest)))}. */
    public static Address venueOf(byte[] digest) {
        return Address.of("0x" + HexFormat.of().formatHex(Arrays.copyOfRange(digest, 12, 32)));
    }

    public Address maker() {
        return quote.maker();
    }

    /** Whether the signature recovers to the quote's maker. */
    public boolean signedByMaker() {
        try {
            return signature.recoverSigner(HexFormat.of().parseHex(digest.substring(2))).equals(quote.maker());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
