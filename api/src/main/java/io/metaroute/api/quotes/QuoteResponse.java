package io.metaroute.api.quotes;

import java.util.Map;

/** The best route now, the minimum the slippage allows, and the typed data for the wallet to sign. */
public record QuoteResponse(long chainId, String tokenIn, String tokenOut, String amountIn, String expectedAmountOut,
                            String minAmountOut, int slippageBps, long deadline, RouteDto route,
                            CertificateDto certificate, Map<String, Object> typedData) {
}
