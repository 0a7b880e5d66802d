// End-to-end benchmark of cross-rollup orders against a running Metaroute: N orders over every
// ordered pair of rollups (USDC -> USDC and USDC -> WETH alternating), `concurrency` at a time, each
// quoted, signed by a devnet wallet, posted and followed. Reports intent -> destination fill and
// intent -> release latency (p50/p99), success, and realised output against the quote.
//   node examples/cross-bench.mjs [apiUrl] [orders] [concurrency] [deadlineSeconds]
import { Wallet } from "ethers";

const api = process.argv[2] ?? "http://127.0.0.1:8080";
const total = Number(process.argv[3] ?? 60);
const concurrency = Number(process.argv[4] ?? 4);
// an order the solver declines is refunded only after its fill deadline: a short one keeps the run moving
const deadlineSeconds = Number(process.argv[5] ?? 600);
// anvil's well-known accounts #2..#4: the devnet's funded wallets
const wallets = [
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
].map((k) => new Wallet(k));

async function call(method, path, body) {
  const res = await fetch(api + path, { method, headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${json.kind}: ${json.detail}`);
  return json;
}

const chains = await call("GET", "/v1/chains");
const pairs = [];
for (const a of chains) for (const b of chains) if (a.chainId !== b.chainId) pairs.push([a, b]);

async function one(i) {
  const [from, to] = pairs[i % pairs.length];
  const wallet = wallets[i % wallets.length];
  const tokenOut = i % 2 === 0 ? "USDC" : "WETH";
  const quote = await call("POST", "/v1/quotes", { chainId: from.chainId, destinationChainId: to.chainId, tokenIn: "USDC",
    tokenOut, amountIn: String(20_000_000 + 1_000_000 * (i % 7)), slippageBps: 50, user: wallet.address, deadlineSeconds });
  const { EIP712Domain, ...types } = quote.typedData.types;
  const signature = await wallet.signTypedData(quote.typedData.domain, types, quote.typedData.message);
  const t0 = Date.now();
  const { id } = await call("POST", "/v1/intents", { typedData: quote.typedData, signature });
  for (;;) {
    const o = await call("GET", `/v1/intents/${id}`);
    if (["released", "refunded", "rejected"].includes(o.status)) {
      const at = (s) => { const e = o.steps.find((x) => x.status === s); return e ? Date.parse(e.at) - t0 : null; };
      return { pair: `${from.name}->${to.name}`, tokenOut, status: o.status, filled: at("filled"), released: at("released"),
        paid: BigInt(o.filledAmount ?? 0), min: BigInt(quote.minAmountOut), expected: BigInt(quote.expectedAmountOut) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const results = [];
let next = 0;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < total) {
    const i = next++;
    try { results.push(await one(i)); } catch (e) { results.push({ status: "error", error: String(e) }); }
  }
}));

const pct = (xs, p) => { const s = xs.filter((x) => x !== null).sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : null; };
const released = results.filter((r) => r.status === "released");
const fills = released.map((r) => r.filled);
const rel = released.map((r) => r.released);
const belowMin = released.filter((r) => r.paid < r.min).length;
const shortfall = released.map((r) => Number(r.expected - r.paid) / Number(r.expected));
const meanShortfall = shortfall.reduce((a, b) => a + b, 0) / Math.max(1, shortfall.length);
console.log(`orders ${results.length}, released ${released.length}, refunded ${results.filter((r) => r.status === "refunded").length}, ` +
  `rejected ${results.filter((r) => r.status === "rejected").length}, errors ${results.filter((r) => r.status === "error").length}`);
console.log(`intent -> destination fill: p50 ${pct(fills, 0.5)} ms, p99 ${pct(fills, 0.99)} ms`);
console.log(`intent -> escrow released:  p50 ${pct(rel, 0.5)} ms, p99 ${pct(rel, 0.99)} ms`);
console.log(`paid below the signed minimum: ${belowMin}; mean shortfall against the quote ${(meanShortfall * 100).toFixed(4)}% ` +
  `(negative: paid more than quoted)`);
for (const r of results.filter((x) => x.status !== "released")) console.log("  not released:", JSON.stringify(r, (k, v) => typeof v === "bigint" ? v.toString() : v));
process.exit(released.length === results.length ? 0 : 1);
