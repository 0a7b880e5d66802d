package io.metaroute.devnet;

import io.metaroute.core.chain.Address;
import java.util.Objects;
import org.web3j.crypto.Credentials;

/**
 * A funded anvil account the devnet hands out: {@code role} is {@code "executor"} (anvil account 1,
 * sends solver transactions), {@code "wallet"} (anvil accounts 2..4, hold tokens and sign intents) or
 * {@code "relayer"} (anvil account 6, delivers Metalayer messages).
 */
public record DevAccount(String role, Address address, String privateKey) {
    public static final String EXECUTOR = "executor";
    public static final String WALLET = "wallet";
    public static final String RELAYER = "relayer";

    public DevAccount {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!Address.of(Credentials.create(privateKey).getAddress()).equals(address)) {
            throw new IllegalArgumentException("private key of dev account " + role + " does not belong to " + address);
        }
    }

    public Credentials credentials() {
        return Credentials.create(privateKey);
    }

    @Override
    public String toString() {
        return "DevAccount[" + role + " " + address.checksummed() + "]"; // never print the key
    }
}
