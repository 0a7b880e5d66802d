package io.metaroute.bench;

import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * Builds and signs the request bodies of {@code POST /v1/intents} ahead of the timed phase, so that
 * the load generator spends no CPU on signing while it is measured.
 */
final class IntentFactory {

    /** A dev wallet that signs intents. */
    record Signer(Address address, ECKeyPair key) {
        static Signer of(ECKeyPair key) {
            return new Signer(Address.of("0x" + Keys.getAddress(key)), key);
        }
    }

    /** What the intents swap: the same pair for every request. */
    record Pair(Rollup origin, Token tokenIn, Rollup destination, Token tokenOut) {
        String describe() {
            return tokenIn.symbol() + "@" + origin.name() + " (chain " + origin.chainId() + ") -> "
                    + tokenOut.symbol() + "@" + destination.name() + " (chain " + destination.chainId() + ")";
        }
    }

    private final List<Signer> signers;
    private final Pair pair;
    private final BigInteger amountIn;

    IntentFactory(List<Signer> signers, Pair pair) {
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("no dev wallets to sign with");
        }
        this.signers = List.copyOf(signers);
        this.pair = pair;
        this.amountIn = BigInteger.TEN.pow(pair.tokenIn().decimals()).multiply(BigInteger.valueOf(100));
    }

    /** USDC on the first rollup for WETH on the second (or on the first, when {@code crossChain} is false). */
    static Pair usdcToWeth(Network network, boolean crossChain) {
        List<Rollup> rollups = network.rollups();
        if (rollups.isEmpty() || (crossChain && rollups.size() < 2)) {
            throw new IllegalStateException("the network has " + rollups.size() + " rollups; need " + (crossChain ? 2 : 1));
        }
        Rollup origin = rollups.get(0);
        Rollup destination = crossChain ? rollups.get(1) : origin;
        Token in = origin.tokenBySymbol("USDC")
                .orElseThrow(() -> new IllegalStateException("no USDC on " + origin.name() + ": " + origin.tokens()));
        Token out = destination.tokenBySymbol("WETH")
                .orElseThrow(() -> new IllegalStateException("no WETH on " + destination.name() + ": " + destination.tokens()));
        return new Pair(origin, in, destination, out);
    }

    int signerCount() {
        return signers.size();
    }

    Pair pair() {
        return pair;
    }

    /**
     * Signs {@code count} intents with unique random 128-bit nonces, rotating over the wallets,
     * each valid for one hour, and returns their JSON request bodies. Uses every core.
     */
    byte[][] signedBodies(int count) {
        long deadline = Instant.now().plusSeconds(3600).getEpochSecond();
        BigInteger[] nonces = uniqueNonces(count);
        SigningDomain domain = SigningDomain.of(pair.origin().chainId(), pair.origin().settler());
        byte[][] bodies = new byte[count][];
        IntStream.range(0, count).parallel().forEach(i -> {
            Signer signer = signers.get(i % signers.size());
            var intent = new SwapIntent(signer.address(), signer.address(), nonces[i],
                    pair.origin().chainId(), pair.destination().chainId(),
                    pair.tokenIn().address(), amountIn, pair.tokenOut().address(), BigInteger.ONE, deadline);
            String signature = IntentSignature.sign(IntentTypedData.digest(domain, intent), signer.key()).toHex();
            String body = "{\"typedData\":" + IntentTypedData.toJson(domain, intent)
                    + ",\"signature\":\"" + signature + "\"}";
            bodies[i] = body.getBytes(StandardCharsets.UTF_8);
        });
        return bodies;
    }

    private static BigInteger[] uniqueNonces(int count) {
        var random = new SecureRandom();
        Set<BigInteger> seen = new HashSet<>(count * 2);
        BigInteger[] out = new BigInteger[count];
        int i = 0;
        while (i < count) {
            BigInteger n = new BigInteger(128, random);
            if (seen.add(n)) {
                out[i++] = n;
            }
        }
        return out;
    }
}
