package io.metaroute.core.network;

import io.metaroute.core.chain.Address;
import java.util.HashSet;
import java.util.List;

/**
 * The validators of a multisig ISM, in the ISM's order (signatures must follow it), and how many
 * of them must sign.
 */
public record ValidatorSet(List<Address> validators, int threshold) {
    public ValidatorSet {
        validators = List.copyOf(validators);
        if (threshold < 1 || threshold > validators.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " out of 1.." + validators.size());
        }
        if (new HashSet<>(validators).size() != validators.size()) {
            throw new IllegalArgumentException("a validator appears twice: " + validators);
        }
    }
}
