// A cross-rollup swap against a running Metaroute: quote from one rollup to another, sign the
// ERC-7683 GaslessCrossChainOrder, post it, follow its saga to released (or refunded).
//   node examples/cross-swap.mjs [apiUrl] [amountIn] [tokenIn] [tokenOut] [fromIndex] [toIndex]
// The default key is the first devnet wallet (anvil's well-known account #2): devnet only.
import { Wallet } from "ethers";

const api = process.argv[2] ?? "http://127.0.0.1:8080";
const amountIn = process.argv[3] ?? "100000000"; // 100 USDC in base units (6 decimals)
const tokenIn = process.argv[4] ?? "USDC";
const tokenOut = process.argv[5] ?? "USDC";
const from = Number(process.argv[6] ?? 0);
const to = Number(process.argv[7] ?? 1);
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

const chains = await call("GET", "/v1/chains");
const origin = chains[from];
const destination = chains[to];
const quote = await call("POST", "/v1/quotes", {
  chainId: origin.chainId, destinationChainId: destination.chainId, tokenIn, tokenOut, amountIn,
  slippageBps: 50, user: wallet.address,
});
console.log(`quote ${origin.name} -> ${destination.name}: ${quote.amountIn} ${tokenIn} -> ${quote.expectedAmountOut} ${tokenOut}` +
  ` (at least ${quote.minAmountOut}), ${quote.finality}, about ${quote.expectedFillSeconds} s to fill`);

// ethers derives EIP712Domain itself and finds the primary type (GaslessCrossChainOrder) on its own
const { EIP712Domain, ...types } = quote.typedData.types;
const signature = await wallet.signTypedData(quote.typedData.domain, types, quote.typedData.message);
const started = Date.now();
const { id } = await call("POST", "/v1/intents", { typedData: quote.typedData, signature });
console.log(`order ${id} accepted`);

let seen = 0;
for (;;) {
  const order = await call("GET", `/v1/intents/${id}`);
  for (const step of order.steps.slice(seen)) {
    console.log(`  ${((Date.parse(step.at) - started) / 1000).toFixed(2)} s  ${step.status.padEnd(9)} ` +
      `${step.chainId ?? ""} ${step.txHash ?? ""}  ${step.detail ?? ""}`);
  }
  seen = order.steps.length;
  if (["released", "refunded", "rejected"].includes(order.status)) {
    console.log(`${order.status}: recipient paid ${order.filledAmount ?? 0} (minimum ${quote.minAmountOut})` +
      (order.reason ? ` reason ${order.reason}` : ""));
    process.exit(order.status === "released" ? 0 : 1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
