// Draws a route message of ws /v1/stream as a path across rollups and pools: token nodes in
// columns by hop, one curve per pool leg (width: the share of the input that flows through it,
// colour: the pool), a band per rollup, and the Metalayer carry between rollups as a dashed arrow.
(function () {
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const ONE = 10n ** 18n;

function el(name, attrs, text) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function short(address) {
  return address.slice(0, 6) + '…' + address.slice(-4);
}

/** A base-unit amount as a decimal with at most 6 fraction digits. */
function human(amount, decimals) {
  if (amount === null || amount === undefined) return '–';
  const v = BigInt(amount);
  const unit = 10n ** BigInt(decimals);
  const whole = v / unit;
  let frac = (v % unit).toString().padStart(decimals, '0').slice(0, 6).replace(/0+$/, '');
  return whole.toLocaleString('en-US') + (frac ? '.' + frac : '');
}

function poolColour(i) {
  return 'hsl(' + Math.round((i * 137.5 + 200) % 360) + ', 70%, 58%)';
}

/** The side of a route on one rollup: its tokens by hop and each leg's share of the route's input. */
function side(chainId, tokenIn, tokenOut, legs, amountIn) {
  const layer = new Map([[tokenIn, 0]]);
  const received = new Map([[tokenIn, BigInt(amountIn || 0)]]);
  const flowIn = new Map([[tokenIn, 1]]);
  const flows = [];
  for (const leg of legs) {
    const held = received.get(leg.tokenIn);
    // the leg's part of everything that reached its input token, by the exact amounts
    const part = !held ? Number(BigInt(leg.share)) / Number(ONE) : Number(BigInt(leg.amountIn) * 1000000n / held) / 1e6;
    const flow = (flowIn.get(leg.tokenIn) || 0) * Math.min(1, part);
    flows.push(flow);
    flowIn.set(leg.tokenOut, (flowIn.get(leg.tokenOut) || 0) + flow);
    received.set(leg.tokenOut, (received.get(leg.tokenOut) || 0n) + BigInt(leg.amountOut));
    layer.set(leg.tokenOut, Math.max(layer.get(leg.tokenOut) || 0, (layer.get(leg.tokenIn) || 0) + 1));
  }
  if (!layer.has(tokenOut)) layer.set(tokenOut, 1);
  return { chainId, tokenIn, tokenOut, legs, flows, layer };
}

/** Draws {@code message} ({type: route|no_route, ...}) into {@code svg}; {@code names} resolves symbols, decimals and rollups. */
function drawRoute(svg, message, names) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const W = 1200, H = 330;
  if (message.type !== 'route') {
    svg.appendChild(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#e74c3c', 'font-size': 18, class: 'no-route' },
      'no route: ' + (message.reason || '') + ' ' + (message.detail || '').slice(0, 90)));
    return;
  }
  const sides = [];
  let carry = null;
  if (message.crossRollup) {
    const r = message.route;
    sides.push(side(message.originChainId, r.carried.tokenFrom, r.carried.tokenFrom, r.originLegs || [], r.carried.amountIn));
    const dest = r.destination;
    sides.push(dest ? side(dest.chainId, dest.tokenIn, dest.tokenOut, dest.legs, dest.amountIn)
      : side(message.destinationChainId, r.carried.tokenTo, r.carried.tokenTo, [], r.carried.amountOut));
    carry = r.carried;
  } else {
    const r = message.route;
    sides.push(side(r.chainId, r.tokenIn, r.tokenOut, r.legs, r.amountIn));
  }
  const gap = carry ? 170 : 0;
  // a side's width by its hops: a rollup where nothing is swapped gets a narrow band
  const weights = sides.map(s => Math.max(0.35, Math.max(...s.layer.values())));
  const total = weights.reduce((a, b) => a + b, 0);
  const positions = [];
  let poolIndex = 0;
  let x0 = 20;
  sides.forEach((s, i) => {
    const sideWidth = (W - 40 - gap * (sides.length - 1)) * weights[i] / total;
    svg.appendChild(el('rect', { x: x0, y: 8, width: sideWidth, height: H - 16, rx: 10, fill: 'rgba(93,173,226,0.06)',
      stroke: '#2a3550', class: 'rollup-band' }));
    svg.appendChild(el('text', { x: x0 + 12, y: 28, fill: '#5dade2', 'font-size': 14, 'font-weight': 'bold' },
      names.rollup(s.chainId)));
    const depth = Math.max(...s.layer.values());
    const columns = new Map();
    for (const [token, l] of s.layer) {
      if (!columns.has(l)) columns.set(l, []);
      columns.get(l).push(token);
    }
    const at = new Map();
    for (const [l, tokens] of columns) {
      tokens.forEach((token, j) => {
        const x = depth === 0 ? x0 + sideWidth / 2 : x0 + 50 + (sideWidth - 100) * l / depth;
        const y = 60 + (H - 100) * (j + 0.5) / tokens.length;
        at.set(token, { x, y });
      });
    }
    // legs first, under the nodes; parallel legs (same tokens, other pools) fan out
    const parallel = new Map();
    s.legs.forEach((leg, k) => {
      const key = leg.tokenIn + leg.tokenOut;
      const n = parallel.get(key) || 0;
      parallel.set(key, n + 1);
      const a = at.get(leg.tokenIn), b = at.get(leg.tokenOut);
      const bend = (n % 2 ? 1 : -1) * Math.ceil(n / 2) * 38;
      const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
      const colour = poolColour(poolIndex++);
      const width = 2 + 26 * s.flows[k];
      svg.appendChild(el('path', { d: `M ${a.x} ${a.y} Q ${mx} ${my + 2 * bend} ${b.x} ${b.y}`, stroke: colour,
        'stroke-width': width.toFixed(1), fill: 'none', 'stroke-linecap': 'round', opacity: 0.85, class: 'leg',
        'data-pool': leg.pool }));
      svg.appendChild(el('text', { x: mx, y: my + bend - width / 2 - 6, 'text-anchor': 'middle', fill: colour, 'font-size': 11 },
        'pool ' + short(leg.pool) + ' · ' + Math.round(s.flows[k] * 100) + '%'));
    });
    for (const [token, p] of at) {
      svg.appendChild(el('circle', { cx: p.x, cy: p.y, r: 22, fill: '#1f2a44', stroke: '#d8e0f0', 'stroke-width': 2, class: 'token' }));
      svg.appendChild(el('text', { x: p.x, y: p.y + 4, 'text-anchor': 'middle', fill: '#ffffff', 'font-size': 12, 'font-weight': 'bold' },
        names.symbol(s.chainId, token)));
    }
    positions.push(at);
    x0 += sideWidth + gap;
  });
  if (carry) {
    const a = positions[0].get(sides[0].tokenOut), b = positions[1].get(sides[1].tokenIn);
    svg.appendChild(el('path', { d: `M ${a.x + 24} ${a.y} L ${b.x - 30} ${b.y}`, stroke: '#f5b041', 'stroke-width': 4,
      'stroke-dasharray': '10 6', fill: 'none', class: 'carry', 'marker-end': 'url(#arrow)' }));
    const defs = el('defs');
    const marker = el('marker', { id: 'arrow', markerWidth: 10, markerHeight: 10, refX: 6, refY: 3, orient: 'auto' });
    marker.appendChild(el('path', { d: 'M0,0 L6,3 L0,6 z', fill: '#f5b041' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    const c = sides[0].chainId, d = sides[1].chainId;
    svg.appendChild(el('text', { x: (a.x + b.x) / 2, y: Math.min(a.y, b.y) - 14, 'text-anchor': 'middle', fill: '#f5b041',
      'font-size': 12 }, 'Metalayer carry ' + human(carry.amountIn, names.decimals(c, carry.tokenFrom)) + ' '
      + names.symbol(c, carry.tokenFrom) + ' → ' + human(carry.amountOut, names.decimals(d, carry.tokenTo))));
  }
}

window.MetarouteRoute = { drawRoute, human, short };
})();
