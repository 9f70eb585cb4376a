'use strict';
// Creates sessions through POST /v1/sessions and writes one "accessToken refreshToken" pair per line.
// Usage: node seed.js <baseUrl[,baseUrl...]> <count> <outFile> [concurrency=32]
// Env: API_KEY (bench-key), CLIENT_IP (127.0.0.1), CLIENT_UA (bench/1.0), USER_PREFIX (u), SESSIONS_PER_USER (1).
// Requests go round-robin over the base URLs; node's http module only, keep-alive. Exits non-zero
// unless every create answered 201 with a distinct pair.
const http = require('http');
const fs = require('fs');

const [bases, countArg, outFile, concArg] = process.argv.slice(2);
if (!bases || !countArg || !outFile) {
  console.error('usage: node seed.js <baseUrl[,baseUrl...]> <count> <outFile> [concurrency]');
  process.exit(2);
}
const urls = bases.split(',').map((b) => new URL(b));
const count = Number(countArg);
const concurrency = Number(concArg || 32);
const apiKey = process.env.API_KEY || 'bench-key';
const client = { ip: process.env.CLIENT_IP || '127.0.0.1', userAgent: process.env.CLIENT_UA || 'bench/1.0' };
const userPrefix = process.env.USER_PREFIX || 'u';
const perUser = Math.max(1, Number(process.env.SESSIONS_PER_USER || 1));
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const lines = new Array(count);
const failures = new Map();
let next = 0;

function create(i) {
  const url = urls[i % urls.length];
  const user = userPrefix + Math.floor(i / perUser);
  const body = JSON.stringify({ userId: user, device: { id: 'd' + i, name: 'bench', type: 'browser' }, client });
  return new Promise((resolve) => {
    const req = http.request({
      host: url.hostname, port: url.port, method: 'POST', path: '/v1/sessions', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-api-key': apiKey },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 201) {
          const code = (text.match(/"code":"([^"]+)"/) || [])[1] || 'http_' + res.statusCode;
          failures.set(code, (failures.get(code) || 0) + 1);
          return resolve();
        }
        const j = JSON.parse(text);
        lines[i] = j.accessToken + ' ' + j.refreshToken;
        resolve();
      });
    });
    req.on('error', (e) => { failures.set(e.code || e.message, (failures.get(e.code || e.message) || 0) + 1); resolve(); });
    req.end(body);
  });
}

async function worker() {
  while (next < count) {
    const i = next++;
    await create(i);
  }
}

(async () => {
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const got = lines.filter(Boolean);
  const distinct = new Set(got).size;
  fs.writeFileSync(outFile, got.join('\n') + '\n');
  agent.destroy();
  const failed = [...failures].map(([k, v]) => `${k}:${v}`).join(',') || '0';
  console.log(`creates=${count} ok=${got.length} distinct=${distinct} failed=${failed} ms=${ms.toFixed(0)} rate=${(count / ms * 1000).toFixed(0)}/s`);
  process.exit(got.length === count && distinct === count ? 0 : 1);
})();
