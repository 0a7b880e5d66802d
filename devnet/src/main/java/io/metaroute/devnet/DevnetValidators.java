package io.metaroute.devnet;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The devnet's guardian validators: {@link #GUARDIANS} guardians, each with one signing key per
 * finality mode (a guardian signs with its FINALIZED key only what is final, so the two multisig
 * ISMs differ in keys, not just in name), {@link #THRESHOLD} of them must sign. Keys are fixed test
 * keys (keccak-256 of a label): the same on every start, never funded, never for real use.
 */
public final class DevnetValidators {
    public static final int GUARDIANS = 3;
    public static final int THRESHOLD = 2;

    private DevnetValidators() {
    }

    /** Guardian {@code guardian}'s (0-based) signing key for {@code finality}. */
    public static Credentials key(int guardian, FinalityState finality) {
        if (guardian < 0 || guardian >= GUARDIANS) {
            throw new IllegalArgumentException("guardian " + guardian + " out of 0.." + (GUARDIANS - 1));
        }
        byte[] seed = Hash.sha3(("metaroute devnet guardian " + guardian + " " + finality.name()).getBytes(StandardCharsets.UTF_8));
        return Credentials.create(Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(seed), 64));
    }

    /** Every guardian's key for {@code finality}, in the ISM's validator order (ascending address). */
    public static List<Credentials> keys(FinalityState finality) {
        return IntStream.range(0, GUARDIANS).mapToObj(g -> key(g, finality))
                .sorted(Comparator.comparing(c -> c.getAddress().toLowerCase(java.util.Locale.ROOT)))
                .toList();
    }

    public static ValidatorSet set(FinalityState finality) {
        return new ValidatorSet(keys(finality).stream().map(c -> Address.of(c.getAddress())).toList(), THRESHOLD);
    }
}
