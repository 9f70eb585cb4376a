'use strict';
// How long a revoke takes to reach every app node's validation cache (bench/app-cache.sh).
// Usage: node revoke-lag.js <apiUrl> <appUrl,appUrl,...> <count> <outFile> [concurrency=8]
// For each of <count> new sessions: create it (POST /v1/sessions), warm every app node's cache with GET /me (must be
// 200), revoke it (DELETE /v1/sessions/{id}), then poll every node with GET /me every POLL_MS ms until it answers 401.
// The lag of a node is first 401 minus the moment the DELETE was sent (and, second figure, minus its 204 answer);
// a poll is a real request, so the figure includes one app request. Gives up on a node after GIVE_UP_MS (counted as
// not reached). Writes one line per (revoke, node): "lagFromSendMs lagFromAckMs", and prints a summary line
// RESULT revokes=.. nodes=.. p50_ms=.. p99_ms=.. max_ms=.. p99_ack_ms=.. not_reached=.. errors=..
// Env: API_KEY (bench-key), CLIENT_UA (bench/1.0), POLL_MS (2), GIVE_UP_MS (10000). Node's http module, keep-alive.
const http = require('http');
const fs = require('fs');

const [apiArg, appsArg, countArg, outFile, concArg] = process.argv.slice(2);
if (!apiArg || !appsArg || !countArg || !outFile) {
  console.error('usage: node revoke-lag.js <apiUrl> <appUrl,...> <count> <outFile> [concurrency]');
  process.exit(2);
}
const api = new URL(apiArg);
const apps = appsArg.split(',').map((u) => new URL(u));
const count = Number(countArg);
const concurrency = Number(concArg || 8);
const apiKey = process.env.API_KEY || 'bench-key';
const userAgent = process.env.CLIENT_UA || 'bench/1.0';
const pollMs = Number(process.env.POLL_MS || 2);
const giveUpMs = Number(process.env.GIVE_UP_MS || 10000);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency * (apps.length + 1) });
const runTag = Date.now().toString(36);

function call(url, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const me = (app, token) => call(app, 'GET', '/me', { authorization: 'Bearer ' + token, 'user-agent': userAgent });

const lags = [];
const acks = [];
let notReached = 0;
let errors = 0;

async function one(i) {
  const body = JSON.stringify({ userId: `rl-${runTag}-${i}`, device: { id: 'd' + i, name: 'bench', type: 'browser' }, client: { ip: '127.0.0.1', userAgent } });
  const created = await call(api, 'POST', '/v1/sessions', { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-api-key': apiKey }, body);
  if (created.status !== 201) { errors++; return; }
  const { accessToken, sessionId } = JSON.parse(created.text);
  for (const app of apps) {
    if ((await me(app, accessToken)).status !== 200) { errors++; return; }
  }
  const sent = now();
  const revoked = await call(api, 'DELETE', '/v1/sessions/' + encodeURIComponent(sessionId), { 'x-api-key': apiKey });
  const acked = now();
  if (revoked.status !== 204) { errors++; return; }
  await Promise.all(apps.map(async (app) => {
    for (;;) {
      const r = await me(app, accessToken);
      const t = now();
      if (r.status === 401) { lags.push(t - sent); acks.push(t - acked); return; }
      if (r.status !== 200) { errors++; return; }
      if (t - sent > giveUpMs) { notReached++; return; }
      await sleep(pollMs);
    }
  }));
}

async function main() {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) { await one(next++); }
  }));
  fs.writeFileSync(outFile, lags.map((l, k) => `${l.toFixed(2)} ${acks[k].toFixed(2)}`).join('\n') + '\n');
  const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN; };
  console.log(`RESULT revokes=${count} nodes=${apps.length} samples=${lags.length} p50_ms=${pct(lags, 0.5).toFixed(1)} p99_ms=${pct(lags, 0.99).toFixed(1)} ` +
    `max_ms=${pct(lags, 1).toFixed(1)} p99_ack_ms=${pct(acks, 0.99).toFixed(1)} not_reached=${notReached} errors=${errors}`);
  agent.destroy();
  process.exit(errors || notReached ? 1 : 0);
}
main().catch((e) => { console.error(e); process.exit(1); });
