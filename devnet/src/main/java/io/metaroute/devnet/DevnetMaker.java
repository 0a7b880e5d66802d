package io.metaroute.devnet;

import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * The devnet's market maker: a fixed key (keccak-256 of a label, as the example bot
 * {@code examples/market-maker.mjs} derives it), given gas and {@link #UNITS} whole units of every token on
 * every rollup by the tokens' owner, so that the example bot can stream firm quotes and pay them. It
 * approves the settler itself; the devnet does not.
 */
public final class DevnetMaker {
    /** Whole units of each token the maker is minted on each rollup. */
    public static final long UNITS = 1_000_000;
    private static final long GAS_MINT = 80_000;
    private static final BigInteger GAS_COIN = BigInteger.TEN.pow(24);

    private DevnetMaker() {
    }

    /** The maker's key. */
    public static Credentials credentials() {
        byte[] seed = Hash.sha3("metaroute devnet market maker".getBytes(StandardCharsets.UTF_8));
        return Credentials.create(Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(seed), 64));
    }

    /** Gives the maker gas and {@link #UNITS} of every token on every rollup of {@code devnet}. */
    public static void fund(Devnet devnet) {
        fund(devnet, credentials().getAddress(), UNITS);
    }

    /** Gives {@code holder} gas and {@code units} whole units of every token on every rollup of {@code devnet}. */
    public static void fund(Devnet devnet, String holder, long units) {
        for (Rollup r : devnet.network().rollups()) {
            Web3j web3j = devnet.web3j(r.chainId());
            try {
                new org.web3j.protocol.core.Request<>("anvil_setBalance", List.of(holder, "0x" + GAS_COIN.toString(16)),
                        new org.web3j.protocol.http.HttpService(r.rpcUrl().toString()),
                        org.web3j.protocol.core.methods.response.VoidResponse.class).send();
                BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
                var writer = new ChainWriter(web3j, r.chainId().value(), price);
                var hashes = r.tokens().stream().map(t -> writer.call(devnet.tokenOwner(), t.address().hex(),
                        new Function("mint", List.of(new Address(holder), new Uint256(baseUnits(t, units))), List.of()),
                        GAS_MINT)).toList();
                writer.awaitAll(hashes, "market maker funding on " + r.name());
            } catch (java.io.IOException e) {
                throw new DevnetException("could not fund the market maker on " + r.name(), e);
            }
        }
    }

    private static BigInteger baseUnits(Token t, long units) {
        return BigInteger.valueOf(units).multiply(BigInteger.TEN.pow(t.decimals()));
    }
}
