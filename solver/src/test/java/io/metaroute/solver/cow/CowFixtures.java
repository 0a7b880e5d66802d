package io.metaroute.solver.cow;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.token.Token;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Two rollups, ember and veil, each with its own USDC and WETH contracts (different addresses). */
final class CowFixtures {
    static final ChainId EMBER = ChainId.of(710001);
    static final ChainId VEIL = ChainId.of(710002);

    static final Address USDC_EMBER = addr(0xe1), WETH_EMBER = addr(0xe2);
    static final Address USDC_VEIL = addr(0xa1), WETH_VEIL = addr(0xa2);

    static final BigInteger E6 = BigInteger.TEN.pow(6), E18 = BigInteger.TEN.pow(18);

    static final AssetId USDC = AssetId.of("USDC", 6), WETH = AssetId.of("WETH", 18);

    static final Network NETWORK = new Network(List.of(
            rollup("ember", EMBER, List.of(new Token(EMBER, USDC_EMBER, "USDC", 6), new Token(EMBER, WETH_EMBER, "WETH", 18))),
            rollup("veil", VEIL, List.of(new Token(VEIL, USDC_VEIL, "usdc", 6), new Token(VEIL, WETH_VEIL, "WETH", 18)))));

    static final Assets ASSETS = Assets.bySymbol(NETWORK);

    /** 3000 USDC per WETH. */
    static final FixedPrices AT_3000 = new FixedPrices().rate(WETH, E18, USDC, usdc(3000));

    private CowFixtures() {
    }

    static Address addr(int n) {
        return Address.of(String.format("0x%040x", n));
    }

    static BigInteger usdc(long whole) {
        return E6.multiply(BigInteger.valueOf(whole));
    }

    /** Thousandths of a WETH, so that 1.98 WETH is {@code mweth(1980)}. */
    static BigInteger mweth(long thousandths) {
        return E18.divide(BigInteger.valueOf(1000)).multiply(BigInteger.valueOf(thousandths));
    }

    static CowIntent intent(String id, ChainId origin, Address tokenIn, BigInteger amountIn,
                            ChainId destination, Address tokenOut, BigInteger minOut) {
        return new CowIntent(id, origin, tokenIn, amountIn, destination, tokenOut, minOut);
    }

    static Inventory inventory(ChainId chain, Address token, BigInteger amount) {
        return Inventory.EMPTY.with(chain, token, amount);
    }

    private static Rollup rollup(String name, ChainId chain, List<Token> tokens) {
        return new Rollup(name, RollupProfile.GAMING, chain, Domain.of(chain.value()), URI.create("http://localhost:8545"),
                URI.create("ws://localhost:8546"), Duration.ofSeconds(1), BigInteger.ONE, addr(0x5e771e), addr(0xfac),
                tokens, List.of());
    }
}
