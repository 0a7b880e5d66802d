package io.metaroute.core.intent;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.util.Objects;

/** The EIP-712 domain of a settler: it binds a signature to one chain and one contract. */
public record SigningDomain(String name, String version, ChainId chainId, Address verifyingContract) {
    public static final String NAME = "Metaroute";
    public static final String VERSION = "1";

    public SigningDomain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(verifyingContract, "verifyingContract");
    }

    public static SigningDomain of(ChainId chainId, Address settler) {
        return new SigningDomain(NAME, VERSION, chainId, settler);
    }
}
