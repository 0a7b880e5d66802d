package io.metaroute.devnet;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Where the devnet's cross settlers pay the protocol fee (30% to the origin rollup, 30% to the
 * destination rollup, 40% to the validators): accounts of fixed test keys (keccak-256 of a label),
 * so the ledger's reconciliation can read their balances, and an operator could move them.
 */
public final class DevnetFees {
    private DevnetFees() {
    }

    /** The account that receives rollup {@code domain}'s share of fees. */
    public static Credentials rollupKey(Domain domain) {
        return key("metaroute devnet rollup fees " + domain.value());
    }

    /** The account that receives the validators' share of fees. */
    public static Credentials validatorsKey() {
        return key("metaroute devnet validator fees");
    }

    public static Address rollup(Domain domain) {
        return Address.of(rollupKey(domain).getAddress());
    }

    public static Address validators() {
        return Address.of(validatorsKey().getAddress());
    }

    private static Credentials key(String label) {
        byte[] seed = Hash.sha3(label.getBytes(StandardCharsets.UTF_8));
        return Credentials.create(Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(seed), 64));
    }
}
