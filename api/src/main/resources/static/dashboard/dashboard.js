// The live dashboard: rollups and their health (GET /actuator/health), the best route for a chosen
// pair and the most recently changed intents (both from ws /v1/stream). No build step, no libraries.
'use strict';

const { drawRoute, human, short } = window.MetarouteRoute;
const state = { chains: [], tokens: [], socket: null, routeId: null, seq: 0, updates: 0, retry: 500 };

const names = {
  rollup: id => (state.chains.find(c => c.chainId === Number(id)) || { name: String(id) }).name,
  token: (chainId, address) => state.tokens.find(t => t.chainId === Number(chainId)
    && t.address.toLowerCase() === String(address).toLowerCase()),
  symbol: (chainId, address) => (names.token(chainId, address) || { symbol: short(address) }).symbol,
  decimals: (chainId, address) => (names.token(chainId, address) || { decimals: 18 }).decimals,
};

function text(tag, value, cls) {
  const e = document.createElement(tag);
  e.textContent = value;
  if (cls) e.className = cls;
  return e;
}

async function json(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  return response.json();
}

// ---- rollups and their health -------------------------------------------------------------

async function refreshHealth() {
  let health;
  try {
    health = await json('/actuator/health');
  } catch (e) {
    return;
  }
  const market = ((health.components || {}).market || {}).details || {};
  const gas = ((health.components || {}).gas || {}).details || {};
  const box = document.getElementById('rollups');
  box.replaceChildren();
  for (const chain of state.chains) {
    const m = market[chain.name] || {};
    const g = gas[chain.name] || {};
    const card = document.createElement('div');
    card.className = 'rollup';
    card.dataset.status = m.status || 'UNKNOWN';
    card.dataset.chainId = chain.chainId;
    const head = text('div', chain.name, 'name');
    head.appendChild(text('span', m.status || 'UNKNOWN', 'badge'));
    card.appendChild(head);
    const row = (label, value) => {
      const r = text('div', label + ' ', 'row');
      r.appendChild(text('b', value));
      card.appendChild(r);
    };
    row('chain', chain.chainId + ' · ' + (chain.profile || '') + ' · blocks every ' + chain.blockTimeMillis + ' ms');
    row('block', m.block === undefined ? '–' : m.block + ' · ' + m.ageMillis + ' ms ago');
    row('pool feed', (((m.feeds || {}).pools || {}).mode || '–') + ' · reorgs ' + (m.reorgs || 0)
      + (m.deepestReorg ? ' (deepest ' + m.deepestReorg + ')' : ''));
    row('gas', g.gasPriceWei ? (Number(BigInt(g.gasPriceWei)) / 1e9).toFixed(3) + ' gwei · ' + g.status : (g.status || '–'));
    if (m.reason) row('why', m.reason);
    box.appendChild(card);
  }
}

// ---- market makers ------------------------------------------------------------------------

async function refreshMakers() {
  let answer;
  try {
    answer = await json('/v1/rfq/makers');
  } catch (e) {
    return;
  }
  const body = document.querySelector('#makers tbody');
  body.replaceChildren();
  const makers = answer.makers || [];
  for (const m of makers) {
    const tr = document.createElement('tr');
    tr.className = 'maker';
    tr.dataset.declined = String(m.declined);
    tr.appendChild(text('td', short(m.maker)));
    tr.appendChild(text('td', Number(m.used).toFixed(1)));
    tr.appendChild(text('td', Number(m.failed).toFixed(1)));
    tr.appendChild(text('td', (100 * Number(m.failRate)).toFixed(1) + '%'));
    tr.appendChild(text('td', m.declined ? 'declined (faded)' : 'ranked', m.declined ? 'status bad' : 'status done'));
    const quotes = (m.quotes || []).map(q => {
      const inSym = names.symbol(q.chainId, q.tokenIn), outSym = names.symbol(q.chainId, q.tokenOut);
      const inAmt = human(q.amountIn, names.decimals(q.chainId, q.tokenIn));
      const outAmt = human(q.amountOut, names.decimals(q.chainId, q.tokenOut));
      const left = Math.max(0, Math.round(q.expiry - Date.now() / 1000));
      return names.rollup(q.chainId) + ' ' + inAmt + ' ' + inSym + ' → ' + outAmt + ' ' + outSym + ' (' + left + ' s)';
    });
    tr.appendChild(text('td', quotes.length ? quotes.join(' · ') : 'none live'));
    body.appendChild(tr);
  }
  if (!makers.length) {
    const tr = document.createElement('tr');
    tr.appendChild(text('td', 'no market makers are allowed (metaroute.rfq.makers)'));
    body.appendChild(tr);
  }
  document.getElementById('makers').dataset.makers = String(makers.length);
}

// ---- the pair form ------------------------------------------------------------------------

function fillTokens(select, chainId, wanted) {
  select.replaceChildren();
  for (const t of state.tokens.filter(t => t.chainId === Number(chainId))) {
    const o = text('option', t.symbol);
    o.value = t.symbol;
    if (t.symbol === wanted) o.selected = true;
    select.appendChild(o);
  }
}

function setUpForm() {
  const form = document.getElementById('pair');
  const q = new URLSearchParams(location.search);
  const first = state.chains[0];
  const from = Number(q.get('chainId') || first.chainId);
  const to = Number(q.get('destinationChainId') || from);
  for (const [name, value] of [['chainId', from], ['destinationChainId', to]]) {
    const select = form.elements[name];
    for (const c of state.chains) {
      const o = text('option', c.name);
      o.value = c.chainId;
      if (c.chainId === value) o.selected = true;
      select.appendChild(o);
    }
  }
  fillTokens(form.elements.tokenIn, from, q.get('tokenIn') || 'USDC');
  fillTokens(form.elements.tokenOut, to, q.get('tokenOut') || 'WETH');
  if (q.get('amount')) form.elements.amount.value = q.get('amount');
  form.elements.chainId.onchange = () => fillTokens(form.elements.tokenIn, form.elements.chainId.value, form.elements.tokenIn.value);
  form.elements.destinationChainId.onchange = () => fillTokens(form.elements.tokenOut, form.elements.destinationChainId.value,
    form.elements.tokenOut.value);
  form.onsubmit = event => {
    event.preventDefault();
    watchRoute();
  };
}

/** The form's amount (in whole tokens, decimals allowed) in base units of the input token. */
function baseUnits(amount, decimals) {
  const [whole, frac = ''] = String(amount).trim().split('.');
  return (BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt((frac + '0'.repeat(decimals)).slice(0, decimals) || '0')).toString();
}

function watchRoute() {
  const f = document.getElementById('pair').elements;
  const from = Number(f.chainId.value), to = Number(f.destinationChainId.value);
  const tokenIn = state.tokens.find(t => t.chainId === from && t.symbol === f.tokenIn.value);
  if (!tokenIn || !state.socket || state.socket.readyState !== WebSocket.OPEN) return;
  if (state.routeId) send({ op: 'unsubscribe', id: state.routeId });
  state.routeId = 'route-' + (++state.seq);
  state.updates = 0;
  const subscribe = { op: 'subscribe', id: state.routeId, channel: 'route', chainId: from, tokenIn: f.tokenIn.value,
    tokenOut: f.tokenOut.value, amountIn: baseUnits(f.amount.value, tokenIn.decimals) };
  if (to !== from) subscribe.destinationChainId = to;
  send(subscribe);
  document.getElementById('route-facts').textContent = 'waiting for the first route…';
}

function showRoute(m) {
  state.updates++;
  drawRoute(document.getElementById('route-svg'), m, names);
  const facts = document.getElementById('route-facts');
  facts.replaceChildren();
  const fact = (label, value) => {
    facts.appendChild(document.createTextNode(label + ' '));
    facts.appendChild(text('b', value));
    facts.appendChild(document.createTextNode('   '));
  };
  if (m.type !== 'route') {
    fact('no route', m.reason);
    return;
  }
  const r = m.crossRollup ? m.route.destination : m.route;
  const outChain = m.crossRollup ? m.destinationChainId : m.route.chainId;
  const outToken = r ? r.tokenOut : m.route.carried.tokenTo;
  fact('pays', human(m.expectedAmountOut, names.decimals(outChain, outToken)) + ' ' + names.symbol(outChain, outToken));
  if (m.certificate) {
    fact('net of gas', human(m.certificate.netAmountOut, names.decimals(outChain, outToken)));
    fact('gap to the bound', (m.certificate.relativeGap * 100).toPrecision(2) + '%');
  }
  if (m.fees) fact('message fee', m.fees.messageFeeInCarriedToken);
  if (m.snapshotVersion !== undefined) fact('market version', m.snapshotVersion);
  fact('updates', state.updates);
  fact('at', new Date().toLocaleTimeString());
}

// ---- intents ------------------------------------------------------------------------------

const LIFECYCLE = {
  'swap': ['received', 'routed', 'submitted', 'filled'],
  'cross-rollup': ['received', 'opening', 'opened', 'filling', 'filled', 'releasing', 'released'],
};
const FAILED = ['rejected', 'failed', 'unfilled', 'refunding', 'refunded'];

function showIntents(list) {
  const body = document.querySelector('#intents tbody');
  body.replaceChildren();
  for (const i of list) {
    const tr = document.createElement('tr');
    tr.className = 'intent';
    tr.dataset.status = i.status;
    tr.appendChild(text('td', i.id.slice(0, 8)));
    tr.appendChild(text('td', i.kind));
    tr.appendChild(text('td', names.rollup(i.originChainId) + (i.destinationChainId !== i.originChainId
      ? ' → ' + names.rollup(i.destinationChainId) : '')));
    tr.appendChild(text('td', human(i.amountIn, names.decimals(i.originChainId, i.tokenIn)) + ' '
      + names.symbol(i.originChainId, i.tokenIn)));
    tr.appendChild(text('td', i.amountOut ? human(i.amountOut, names.decimals(i.destinationChainId, i.tokenOut)) + ' '
      + names.symbol(i.destinationChainId, i.tokenOut) : names.symbol(i.destinationChainId, i.tokenOut)));
    const steps = document.createElement('td');
    steps.className = 'steps';
    const reached = new Set((i.steps || []).map(s => s.status));
    const path = LIFECYCLE[i.kind] || [];
    for (const s of path) {
      const dot = text('span', '');
      dot.title = s;
      if (reached.has(s)) dot.className = s === path[path.length - 1] ? 'final' : 'reached';
      steps.appendChild(dot);
    }
    if (FAILED.includes(i.status)) steps.appendChild(Object.assign(text('span', ''), { className: 'failed', title: i.status }));
    tr.appendChild(steps);
    const done = i.status === path[path.length - 1];
    const status = text('span', i.status, 'status ' + (done ? 'done' : FAILED.includes(i.status) ? 'bad' : 'moving'));
    const cell = document.createElement('td');
    cell.appendChild(status);
    tr.appendChild(cell);
    tr.appendChild(text('td', new Date(i.updatedAt).toLocaleTimeString()));
    body.appendChild(tr);
  }
}

// ---- the stream ---------------------------------------------------------------------------

function send(message) {
  state.socket.send(JSON.stringify(message));
}

function connect() {
  const badge = document.getElementById('connection');
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/stream');
  state.socket = socket;
  socket.onopen = () => {
    state.retry = 500;
    badge.dataset.state = 'open';
    badge.textContent = 'live · ws /v1/stream';
    send({ op: 'subscribe', id: 'intents', channel: 'intents', limit: 12 });
    state.routeId = null;
    watchRoute();
  };
  socket.onmessage = event => {
    const m = JSON.parse(event.data);
    if (m.id === 'intents' && m.type === 'intents') showIntents(m.intents);
    else if (m.id === state.routeId && (m.type === 'route' || m.type === 'no_route')) showRoute(m);
    else if (m.type === 'problem') document.getElementById('route-facts').textContent = 'refused: ' + m.kind + ' (' + m.field + '): ' + m.detail;
  };
  socket.onclose = () => {
    badge.dataset.state = 'closed';
    badge.textContent = 'disconnected, retrying…';
    setTimeout(connect, state.retry);
    state.retry = Math.min(10000, state.retry * 2);
  };
}

async function start() {
  [state.chains, state.tokens] = await Promise.all([json('/v1/chains'), json('/v1/tokens')]);
  setUpForm();
  await Promise.all([refreshHealth(), refreshMakers()]);
  setInterval(refreshHealth, 2000);
  setInterval(refreshMakers, 2000);
  connect();
}

start();
