// A market maker on Metaroute's RFQ socket: log in with a signed challenge, approve the settler for
// what it sells, stream EIP-712 signed firm quotes around the pools' mid price, and answer RFQs.
//   node examples/market-maker.mjs [apiUrl] [pairs]
//   pairs: comma-separated TOKEN/TOKEN on the first rollup, quoted both ways (default USDC/WETH)
// Settings (environment): MAKER_KEY (default: the devnet's maker, keccak-256 of "metaroute devnet market
// maker", which the embedded devnet allows and funds), EDGE_BPS (price below the mid, default 10; negative: above it),
// SIZE_BPS (most a quote takes, in parts of 10,000 of the pool's input reserve, default 500),
// LIFE (quote life in seconds, default 30), REFRESH (seconds between quote rounds, default 10),
// CHAIN_ID (default: the first rollup).
import { Contract, JsonRpcProvider, MaxUint256, Wallet, keccak256, toUtf8Bytes, hexlify, randomBytes } from "ethers";
import WebSocket from "ws";

const api = process.argv[2] ?? "http://127.0.0.1:8080";
const pairs = (process.argv[3] ?? "USDC/WETH").split(",").map((p) => p.split("/"));
const key = process.env.MAKER_KEY ?? keccak256(toUtf8Bytes("metaroute devnet market maker"));
const edge = BigInt(process.env.EDGE_BPS ?? "10");
const sizeBps = BigInt(process.env.SIZE_BPS ?? "500");
const life = Number(process.env.LIFE ?? "30");
const refresh = Number(process.env.REFRESH ?? "10");

const ERC20 = ["function approve(address,uint256) returns (bool)", "function allowance(address,address) view returns (uint256)",
  "function balanceOf(address) view returns (uint256)"];
const QUOTE_TYPES = { MakerQuote: [
  { name: "maker", type: "address" }, { name: "tokenIn", type: "address" }, { name: "tokenOut", type: "address" },
  { name: "amountIn", type: "uint256" }, { name: "amountOut", type: "uint256" }, { name: "expiry", type: "uint256" },
  { name: "nonce", type: "uint256" }] };

async function get(path) {
  const res = await fetch(api + path);
  if (!res.ok) throw new Error(`GET ${path} -> ${res.status}`);
  return res.json();
}

const chains = await get("/v1/chains");
const chain = process.env.CHAIN_ID ? chains.find((c) => c.chainId === Number(process.env.CHAIN_ID)) : chains[0];
const tokens = await get(`/v1/tokens?chainId=${chain.chainId}`);
const bySymbol = Object.fromEntries(tokens.map((t) => [t.symbol, t]));
const provider = new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true });
const maker = new Wallet(key, provider);
const domain = { name: "Metaroute", version: "1", chainId: chain.chainId, verifyingContract: chain.settler };
const directions = pairs.flatMap(([a, b]) => [[bySymbol[a], bySymbol[b]], [bySymbol[b], bySymbol[a]]]);
console.log(`maker ${maker.address} on ${chain.name} (${chain.chainId}), quoting ${pairs.map((p) => p.join("/")).join(", ")}`);

// The maker pays out what takers buy (each direction's tokenOut): the settler takes it with transferFrom.
for (const symbol of new Set(directions.map(([, out]) => out.symbol))) {
  const token = new Contract(bySymbol[symbol].address, ERC20, maker);
  if ((await token.allowance(maker.address, chain.settler)) < MaxUint256 / 2n) {
    await (await token.approve(chain.settler, MaxUint256)).wait();
    console.log(`approved the settler for ${symbol}`);
  }
}

/** A quote's terms for selling tokenIn -> tokenOut: the direct pool's mid price less the edge, up to SIZE_BPS of its reserve. */
async function terms(tokenIn, tokenOut) {
  const snapshot = await get("/v1/market/snapshot");
  const pool = snapshot.pools.find((p) => p.chainId === chain.chainId && [p.token0, p.token1].map((t) => t.toLowerCase())
    .sort().join() === [tokenIn.address, tokenOut.address].map((t) => t.toLowerCase()).sort().join());
  if (!pool) return null;
  const inIs0 = pool.token0.toLowerCase() === tokenIn.address.toLowerCase();
  const reserveIn = BigInt(inIs0 ? pool.reserve0 : pool.reserve1);
  const reserveOut = BigInt(inIs0 ? pool.reserve1 : pool.reserve0);
  let amountIn = reserveIn * sizeBps / 10000n;
  let amountOut = amountIn * reserveOut * (10000n - edge) / (reserveIn * 10000n);
  const balance = await new Contract(tokenOut.address, ERC20, provider).balanceOf(maker.address);
  if (amountOut > balance) { // never quote more than it holds: a quote it cannot pay fades it
    amountIn = amountIn * balance / amountOut;
    amountOut = amountIn * reserveOut * (10000n - edge) / (reserveIn * 10000n);
  }
  return amountIn > 0n && amountOut > 0n ? { amountIn, amountOut } : null;
}

const standing = new Map(); // "IN/OUT" -> {amountIn, amountOut}

async function send(socket, tokenIn, tokenOut, requestId) {
  const t = standing.get(`${tokenIn.symbol}/${tokenOut.symbol}`);
  if (!t) return;
  const quote = { maker: maker.address, tokenIn: tokenIn.address, tokenOut: tokenOut.address,
    amountIn: t.amountIn.toString(), amountOut: t.amountOut.toString(),
    expiry: String(Math.floor(Date.now() / 1000) + life), nonce: BigInt(hexlify(randomBytes(16))).toString() };
  const signature = await maker.signTypedData(domain, QUOTE_TYPES, quote);
  socket.send(JSON.stringify({ type: "quote", chainId: chain.chainId, quote, signature, ...(requestId ? { requestId } : {}) }));
}

async function round(socket) {
  for (const [tokenIn, tokenOut] of directions) {
    const t = await terms(tokenIn, tokenOut);
    if (t) standing.set(`${tokenIn.symbol}/${tokenOut.symbol}`, t);
    await send(socket, tokenIn, tokenOut);
  }
}

const socket = new WebSocket(api.replace(/^http/, "ws") + "/v1/rfq");
let timer;
socket.on("message", async (data) => {
  const m = JSON.parse(data.toString());
  if (m.type === "challenge") {
    socket.send(JSON.stringify({ type: "login", maker: maker.address, signature: await maker.signMessage(m.message) }));
  } else if (m.type === "ready") {
    console.log(`logged in as ${m.maker}`);
    // asked only about the trades it quotes
    socket.send(JSON.stringify({ type: "cover", pairs: directions.map(([i, o]) => ({ chainId: chain.chainId, tokenIn: i.address, tokenOut: o.address })) }));
    await round(socket);
    timer = setInterval(() => round(socket).catch((e) => console.error(`quote round failed: ${e.message}`)), refresh * 1000);
  } else if (m.type === "rfq") {
    const pair = directions.find(([i, o]) => m.chainId === chain.chainId && i.address.toLowerCase() === m.tokenIn.toLowerCase() && o.address.toLowerCase() === m.tokenOut.toLowerCase());
    if (pair) await send(socket, pair[0], pair[1], m.requestId);
  } else if (m.type === "covering") {
    console.log(`covering ${m.pairs} pairs`);
  } else if (m.type === "accepted") {
    console.log(`accepted venue ${m.venue} nonce ${m.nonce}${m.requestId ? ` for rfq ${m.requestId}` : ""}`);
  } else if (m.type === "refused") {
    console.log(`refused ${m.reason}: ${m.detail}`);
  }
});
socket.on("close", (code, reason) => {
  console.log(`socket closed ${code} ${reason}`);
  clearInterval(timer);
  process.exit(code === 1000 ? 0 : 1);
});
socket.on("error", (e) => console.error(`socket error: ${e.message}`));
process.on("SIGTERM", () => socket.close(1000));
