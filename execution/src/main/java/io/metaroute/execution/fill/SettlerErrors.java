package io.metaroute.execution.fill;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.web3j.crypto.Hash;

/**
 * The settlers' custom errors by name. Selectors are computed here (keccak256 of each
 * declaration, first four bytes) from {@link #DECLARATIONS}, which lists the {@code error} lines of
 * {@code MetarouteSettler.sol}, the {@code MakerQuotes.sol} and {@code SwapSteps.sol} it inherits (the
 * cross settler inherits the latter too), and {@code CrossSettler.sol}, in that order, each once: {@code SettlerErrorsTest} reads the sources
 * and fails when they differ. Every place that reports revert data names the error
 * through {@link #name} or {@link #describe}, so no raw selector such as {@code 0x90b8ec18} reaches
 * an intent's reason.
 */
public final class SettlerErrors {
    /** The settlers' error declarations, canonical (types only), in source order, each once. */
    public static final List<String> DECLARATIONS = List.of(
            "WrongChain()", "IntentExpired()", "NonceAlreadyUsed()", "InvalidBatch()", "Unbalanced()",
            "InsufficientOutput(uint256,uint256)", "Reentrancy()", "QuoteSignatureInvalid(address)",
            "QuoteExpired(address,uint256)", "QuoteUsed(address,uint256)", "QuoteExceeded(uint256,uint256)",
            "MakerTransferFailed(address)", "InvalidSignature()", "InvalidPath()",
            "TransferFailed()", "NotOwner()", "WrongSettler()", "OrderExpired()", "BadOrder()",
            "UnknownOrder(bytes32)", "AlreadyFilled(bytes32)", "BadProof()", "NotFilled(bytes32)",
            "NotExpired(bytes32)");

    private static final Map<String, String> BY_SELECTOR = DECLARATIONS.stream().collect(Collectors.toUnmodifiableMap(
            SettlerErrors::selector, sig -> sig.substring(0, sig.indexOf('('))));
    private static final Pattern HEX_SELECTOR = Pattern.compile("0x[0-9a-fA-F]{8}");

    private SettlerErrors() {
    }

    /** {@code 0x} and the first four bytes of keccak256 of the declaration. */
    public static String selector(String declaration) {
        return Hash.sha3String(declaration).substring(0, 10);
    }

    /** The error's name for revert data (or a node message holding it), e.g. {@code TransferFailed}; empty when not ours. */
    public static Optional<String> name(String revertData) {
        if (revertData == null) {
            return Optional.empty();
        }
        Matcher m = HEX_SELECTOR.matcher(revertData);
        while (m.find()) {
            String name = BY_SELECTOR.get(m.group().toLowerCase(Locale.ROOT));
            if (name != null) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The errors whose first argument is the market maker whose quote failed. */
    private static final List<String> MAKER_ERRORS = List.of("QuoteSignatureInvalid", "QuoteExpired", "QuoteUsed",
            "MakerTransferFailed");

    /**
     * The maker a revert names: the first argument of {@code MakerTransferFailed}, {@code QuoteExpired},
     * {@code QuoteUsed} or {@code QuoteSignatureInvalid}; empty for every other revert.
     */
    public static Optional<io.metaroute.core.chain.Address> maker(String revertData) {
        Optional<String> name = name(revertData);
        if (name.isEmpty() || !MAKER_ERRORS.contains(name.get())) {
            return Optional.empty();
        }
        Matcher m = HEX_SELECTOR.matcher(revertData);
        while (m.find()) {
            if (name.get().equals(BY_SELECTOR.get(m.group().toLowerCase(Locale.ROOT)))) {
                String rest = revertData.substring(m.end());
                if (rest.length() < 64 || !rest.substring(0, 64).matches("[0-9a-fA-F]{64}")) {
                    return Optional.empty();
                }
                return Optional.of(io.metaroute.core.chain.Address.of("0x" + rest.substring(24, 64)));
            }
        }
        return Optional.empty();
    }

    /** {@code text} with every selector of ours replaced by its name, e.g. "custom error TransferFailed()". */
    public static String describe(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = HEX_SELECTOR.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            String name = BY_SELECTOR.get(m.group().toLowerCase(Locale.ROOT));
            // only a whole selector: not the first eight digits of a longer hex string
            boolean whole = m.end() == text.length() || Character.digit(text.charAt(m.end()), 16) < 0;
            m.appendReplacement(out, Matcher.quoteReplacement(name != null && whole ? name + "()" : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
