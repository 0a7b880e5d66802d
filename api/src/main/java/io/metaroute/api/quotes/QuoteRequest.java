package io.metaroute.api.quotes;

/**
 * {@code POST /v1/quotes}. Tokens by address or symbol; {@code amountIn} in base units as a
 * decimal string; {@code slippageBps} 0..5000 (default 50); {@code recipient} defaults to the
 * user; {@code deadlineSeconds} from now (default 600); {@code nonce} random when absent.
 */
public record QuoteRequest(Long chainId, String tokenIn, String tokenOut, String amountIn, Integer slippageBps,
                           String user, String recipient, Long deadlineSeconds, String nonce) {
}
