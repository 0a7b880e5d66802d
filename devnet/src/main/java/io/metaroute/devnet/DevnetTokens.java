package io.metaroute.devnet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The test tokens deployed on every rollup, in deployment order (which fixes their addresses). */
final class DevnetTokens {
    /** symbol -> decimals, in deployment order. */
    static final Map<String, Integer> DECIMALS;
    static final List<String> SYMBOLS;

    static {
        var m = new LinkedHashMap<String, Integer>();
        m.put("USDC", 6);
        m.put("USDT", 6);
        m.put("WETH", 18);
        m.put("DAI", 18);
        DECIMALS = java.util.Collections.unmodifiableMap(m);
        SYMBOLS = List.copyOf(m.keySet());
    }

    /** The decimals of {@code symbol}: the four base tokens' own, 18 for the scale option's extra tokens. */
    static int decimals(String symbol) {
        return DECIMALS.getOrDefault(symbol, 18);
    }

    static String displayName(String symbol) {
        return switch (symbol) {
            case "USDC" -> "USD Coin (devnet)";
            case "USDT" -> "Tether USD (devnet)";
            case "WETH" -> "Wrapped Ether (devnet)";
            case "DAI" -> "Dai Stablecoin (devnet)";
            default -> symbol + " (devnet)";
        };
    }

    /** What each dev wallet is minted, in whole units. */
    static long walletUnits(String symbol) {
        return "WETH".equals(symbol) ? 1_000 : 1_000_000;
    }

    private DevnetTokens() {
    }
}
