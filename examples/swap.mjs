// Quote, sign and post a swap intent against a running Metaroute, then follow it to the end.
//   node examples/swap.mjs [apiUrl] [amountIn] [tokenIn] [tokenOut]
// The default key is the first devnet wallet (anvil's well-known account #2): devnet only.
import { Wallet } from "ethers";

const api = process.argv[2] ?? "http://127.0.0.1:8080";
const amountIn = process.argv[3] ?? "2500000000"; // 2,500 USDC in base units (6 decimals)
const tokenIn = process.argv[4] ?? "USDC";
const tokenOut = process.argv[5] ?? "WETH";
const wallet = new Wallet(process.env.WALLET_KEY ?? "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");

async function call(method, path, body) {
  const res = await fetch(api + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${json.kind}: ${json.detail}`);
  return json;
}

const [chain] = await call("GET", "/v1/chains");
const quote = await call("POST", "/v1/quotes", {
  chainId: chain.chainId, tokenIn, tokenOut, amountIn, slippageBps: 50, user: wallet.address,
});
console.log(`quote on ${chain.name}: ${quote.amountIn} ${tokenIn} -> ${quote.expectedAmountOut} ${tokenOut}` +
  ` (at least ${quote.minAmountOut}) via ${quote.route.legs.length} pool(s)`);

// ethers derives EIP712Domain itself: pass the other types only
const { EIP712Domain, ...types } = quote.typedData.types;
const signature = await wallet.signTypedData(quote.typedData.domain, types, quote.typedData.message);
const { id } = await call("POST", "/v1/intents", { typedData: quote.typedData, signature });
console.log(`intent ${id} accepted`);

for (;;) {
  const intent = await call("GET", `/v1/intents/${id}`);
  if (["filled", "rejected", "failed"].includes(intent.status)) {
    console.log(`${intent.status}: paid ${intent.realisedAmountOut ?? 0} (quoted ${intent.quotedAmountOut}) tx ${intent.txHash ?? "-"}` +
      (intent.reason ? ` reason ${intent.reason}` : ""));
    process.exit(intent.status === "filled" ? 0 : 1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
