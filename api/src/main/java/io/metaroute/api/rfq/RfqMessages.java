package io.metaroute.api.rfq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.input.Strict;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SignatureRejected;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.network.Network;
import io.metaroute.core.rfq.MakerQuote;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.quotefeeds.rfq.QuoteRefused;
import io.metaroute.quotefeeds.rfq.QuoteRefused.Reason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * The messages a market maker sends on the RFQ socket, read strictly: {@code login} (the maker and
 * its EIP-191 signature of the login text) and {@code quote} (a {@link MakerQuote} with its
 * EIP-712 signature, and the request it answers, if any). A message that is not JSON, or has a
 * field missing, unknown or of the wrong form, is {@link Reason#MALFORMED}; a quote without a signature
 * {@link Reason#UNSIGNED}; a signature that is not 65 canonical bytes {@link Reason#BAD_SIGNATURE}.
 */
final class RfqMessages {
    static final List<String> LOGIN_FIELDS = List.of("type", "maker", "signature");
    static final List<String> QUOTE_FIELDS = List.of("type", "chainId", "quote", "signature", "requestId");
    static final List<String> TERMS = List.of("maker", "tokenIn", "tokenOut", "amountIn", "amountOut", "expiry", "nonce");
    static final List<String> COVER_FIELDS = List.of("type", "pairs");
    static final List<String> PAIR_FIELDS = List.of("chainId", "tokenIn", "tokenOut");
    /** The most pairs one declaration names. */
    static final int MAX_PAIRS = 1_024;

    /** A trade a maker quotes: it takes {@code tokenIn} and pays {@code tokenOut} on {@code chain}. */
    record Pair(ChainId chain, Address tokenIn, Address tokenOut) {
    }

    /** A quote message, parsed: the signed quote and the request it answers (null when unsolicited). */
    record QuoteMessage(SignedQuote quote, String requestId) {
    }

    private final ObjectMapper json;
    private final Network network;

    RfqMessages(ObjectMapper json, Network network) {
        this.json = json;
        this.network = network;
    }

    /** The text a maker signs (EIP-191 {@code personal_sign}) to log in with {@code challenge}. */
    static String loginText(String challenge) {
        return "Metaroute RFQ login " + challenge;
    }

    JsonNode parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new QuoteRefused(Reason.MALFORMED, "a message is a JSON object");
            }
            Strict.text(node.get("type"), "type");
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new QuoteRefused(Reason.MALFORMED, "not JSON: " + e.getOriginalMessage());
        } catch (ApiProblem p) {
            throw malformed(p);
        }
    }

    /** The maker a login message proves it holds the key of; throws {@link Reason#UNAUTHORISED} when it does not. */
    Address login(JsonNode node, String challenge) {
        Address maker;
        IntentSignature signature;
        try {
            Strict.onlyFields(node, LOGIN_FIELDS, null);
            maker = Strict.address(node.get("maker"), "maker");
            signature = IntentSignature.parse(Strict.text(node.get("signature"), "signature"));
        } catch (ApiProblem p) {
            throw malformed(p);
        } catch (SignatureRejected e) {
            throw new QuoteRefused(Reason.UNAUTHORISED, "login signature: " + e.getMessage());
        }
        byte[] raw = signature.toBytes();
        try {
            var data = new Sign.SignatureData(raw[64], java.util.Arrays.copyOfRange(raw, 0, 32), java.util.Arrays.copyOfRange(raw, 32, 64));
            BigInteger key = Sign.signedPrefixedMessageToKey(loginText(challenge).getBytes(StandardCharsets.UTF_8), data);
            Address signer = Address.of("0x" + Keys.getAddress(key));
            if (!signer.equals(maker)) {
                throw new QuoteRefused(Reason.UNAUTHORISED, "the login was signed by " + signer.checksummed() + ", not by "
                        + maker.checksummed());
            }
            return maker;
        } catch (java.security.SignatureException e) {
            throw new QuoteRefused(Reason.UNAUTHORISED, "no signer recovers from the login signature");
        }
    }

    /** A quote message, with its quote's digest under the settler domain of its chain. */
    QuoteMessage quote(JsonNode node) {
        MakerQuote terms;
        String requestId;
        JsonNode signature;
        try {
            Strict.onlyFields(node, QUOTE_FIELDS, null);
            long chainId = Strict.integer(node.get("chainId"), "chainId");
            JsonNode q = node.get("quote");
            if (Strict.absent(q) || !q.isObject()) {
                throw ApiProblem.of(ErrorKind.MISSING_FIELD, "quote", "quote is required: an object of " + String.join(", ", TERMS));
            }
            Strict.onlyFields(q, TERMS, "quote");
            var chain = chainId <= 0 ? null : network.rollup(ChainId.of(chainId)).orElse(null);
            if (chain == null) {
                throw new QuoteRefused(Reason.UNKNOWN_CHAIN, "chain " + chainId + " is not served here");
            }
            terms = new MakerQuote(chain.chainId(), Strict.address(q.get("maker"), "quote.maker"),
                    Strict.address(q.get("tokenIn"), "quote.tokenIn"), Strict.address(q.get("tokenOut"), "quote.tokenOut"),
                    Strict.amount(q.get("amountIn"), "quote.amountIn"), Strict.amount(q.get("amountOut"), "quote.amountOut"),
                    expiry(Strict.uint(q.get("expiry"), "quote.expiry", ErrorKind.INVALID_FIELD)),
                    Strict.uint(q.get("nonce"), "quote.nonce", ErrorKind.INVALID_FIELD));
            requestId = Strict.absent(node.get("requestId")) ? null : Strict.text(node.get("requestId"), "requestId");
            signature = node.get("signature");
        } catch (ApiProblem p) {
            throw malformed(p);
        } catch (io.metaroute.core.chain.InvalidValueException e) {
            throw new QuoteRefused(Reason.MALFORMED, "quote." + e.field() + ": " + e.getMessage());
        }
        if (Strict.absent(signature) || (signature.isTextual() && signature.textValue().isEmpty())) {
            throw new QuoteRefused(Reason.UNSIGNED, "the quote carries no signature");
        }
        if (!signature.isTextual()) {
            throw new QuoteRefused(Reason.MALFORMED, "signature must be a JSON string of 65 bytes in hex");
        }
        IntentSignature parsed;
        try {
            parsed = IntentSignature.parse(signature.textValue());
        } catch (SignatureRejected e) {
            throw new QuoteRefused(Reason.BAD_SIGNATURE, e.getMessage());
        }
        var settler = network.rollup(terms.chain()).orElseThrow().settler();
        return new QuoteMessage(SignedQuote.of(SigningDomain.of(terms.chain(), settler), terms, parsed), requestId);
    }

    /**
     * The pairs a {@code cover} message declares: an array of at most {@link #MAX_PAIRS} objects of
     * {@code chainId}, {@code tokenIn} and {@code tokenOut}, on chains served here, each a trade of two tokens.
     */
    java.util.Set<Pair> cover(JsonNode node) {
        try {
            Strict.onlyFields(node, COVER_FIELDS, null);
            JsonNode pairs = node.get("pairs");
            if (Strict.absent(pairs) || !pairs.isArray()) {
                throw ApiProblem.of(ErrorKind.MISSING_FIELD, "pairs", "pairs is required: an array of objects of "
                        + String.join(", ", PAIR_FIELDS) + " (empty: no requests at all)");
            }
            if (pairs.size() > MAX_PAIRS) {
                throw ApiProblem.of(ErrorKind.INVALID_FIELD, "pairs", "at most " + MAX_PAIRS + " pairs, not " + pairs.size());
            }
            var set = new java.util.LinkedHashSet<Pair>();
            for (int i = 0; i < pairs.size(); i++) {
                String at = "pairs[" + i + "]";
                JsonNode p = pairs.get(i);
                if (!p.isObject()) {
                    throw ApiProblem.of(ErrorKind.INVALID_FIELD, at, at + " must be an object of " + String.join(", ", PAIR_FIELDS));
                }
                Strict.onlyFields(p, PAIR_FIELDS, at);
                long chainId = Strict.integer(p.get("chainId"), at + ".chainId");
                var chain = chainId <= 0 ? null : network.rollup(ChainId.of(chainId)).orElse(null);
                if (chain == null) {
                    throw new QuoteRefused(Reason.UNKNOWN_CHAIN, at + ".chainId: chain " + chainId + " is not served here");
                }
                Address in = Strict.address(p.get("tokenIn"), at + ".tokenIn");
                Address out = Strict.address(p.get("tokenOut"), at + ".tokenOut");
                if (in.equals(out)) {
                    throw ApiProblem.of(ErrorKind.INVALID_FIELD, at + ".tokenOut", at + ".tokenOut must differ from its tokenIn");
                }
                for (var side : List.of(Map.entry("tokenIn", in), Map.entry("tokenOut", out))) {
                    if (chain.token(side.getValue()).isEmpty()) {
                        throw new QuoteRefused(Reason.UNKNOWN_TOKEN, at + "." + side.getKey() + ": " + side.getValue().checksummed()
                                + " is not listed on chain " + chainId);
                    }
                }
                set.add(new Pair(chain.chainId(), in, out));
            }
            return java.util.Set.copyOf(set);
        } catch (ApiProblem p) {
            throw malformed(p);
        }
    }

    private static long expiry(BigInteger value) {
        if (value.bitLength() > 62) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "quote.expiry", "quote.expiry is unix seconds; " + value + " is not a time");
        }
        return value.longValueExact();
    }

    private static QuoteRefused malformed(ApiProblem p) {
        return new QuoteRefused(Reason.MALFORMED, (p.field() == null ? "" : p.field() + ": ") + p.getMessage());
    }
}
