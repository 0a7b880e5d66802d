package io.metaroute.api;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.devnet.DevnetValidators;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.web3j.crypto.Credentials;

/** What the tests of inventory moves on the shared devnet share: the Metalayer roles a move needs, and the executor's USDC. */
final class InventoryTesting {
    private InventoryTesting() {
    }

    /** The service signs as the devnet's validators and relays as its relayer, so that a warp transfer is delivered. */
    static void metalayerRoles(DynamicPropertyRegistry registry) {
        registry.add("metaroute.metalayer.validator-keys", () -> hex(DevnetValidators.keys(FinalityState.INSTANT)));
        registry.add("metaroute.metalayer.finalized-validator-keys", () -> hex(DevnetValidators.keys(FinalityState.FINALIZED)));
        registry.add("metaroute.metalayer.relayer-key",
                () -> ApiTestBase.devnet().relayer().credentials().getEcKeyPair().getPrivateKey().toString(16));
    }

    static Address executor() {
        return Address.of(ApiTestBase.devnet().executor().credentials().getAddress());
    }

    /** The executor's USDC on each rollup, in the network's order. */
    static BigInteger[] heldUsdc() {
        return ApiTestBase.devnet().network().rollups().stream()
                .map(r -> ApiTestBase.devnet().balanceOf(r.chainId(), ApiTestBase.token(r, "USDC"), executor()))
                .toArray(BigInteger[]::new);
    }

    private static String hex(List<Credentials> keys) {
        return keys.stream().map(k -> k.getEcKeyPair().getPrivateKey().toString(16)).collect(Collectors.joining(","));
    }
}
