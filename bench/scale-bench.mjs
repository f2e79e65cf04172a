// `npm run bench` (after token-bench), or `node bench/scale-bench.mjs` after `npm run build`.
// With 10,000 applications, 1,000 APIs and 20,000 grants in the store, a token
// request is as fast as with ten, and every list request the console makes answers in under 50 ms
// on the server. Everything is seeded through the built server's Management API (the real write
// path: validation, sealed secrets, the change bus, the tenant log), then:
//   (a) tokens/s with autocannon for the same client and API, with ten of each and with the full store;
//   (b) the server's own time (its `Server-Timing: app;dur=` header) of every list request the
//       console's pages make (src/web/features/*/api.ts), first page and deepest page, p50/p95/max.
// Appends both tables to BENCHMARKS.md. Bounded: the seeding (about 31,000 requests: a minute or
// two on two cores) and 2 stores × TOKEN_ROUNDS × (1 + 5) s of load.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const APPS = Number(process.env.SCALE_APPS ?? 10_000);
const APIS = Number(process.env.SCALE_APIS ?? 1_000);
const GRANTS_PER_APP = 2; // 20,000 grants
const TOKEN_ROUNDS = Number(process.env.SCALE_TOKEN_ROUNDS ?? 2);
const SMALL = 10; // "as fast as with ten"
const SEED_CONCURRENCY = Number(process.env.SCALE_CONCURRENCY ?? 16);
const TOKEN_S = Number(process.env.SCALE_TOKEN_DURATION ?? 5);
const WARMUP_S = 1;
const CONNECTIONS = 32;
const SAMPLES = Number(process.env.SCALE_SAMPLES ?? 30);
const LIMIT_MS = 50;

const available = () =>
  new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** Runs `task(i)` for i in [from, to) with at most `limit` in flight. */
async function inParallel(from, to, limit, task) {
  let next = from;
  const worker = async () => {
    while (next < to) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, to - from) }, worker));
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Starts the built server on a fresh SQLite store and signs in to the console, as the console does. */
async function startTokenhook() {
  const port = await available();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-scale-'));
  const admin = { email: 'bench@tokenhook.test', password: 'scale-console-password' };
  const server = spawn(process.execPath, ['dist/server.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      ISSUER_BASE_URL: base,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (
      let i = 0;
      !(await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (i > 100) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const csrf = { 'x-tokenhook-csrf': '1' };
    const signIn = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { ...csrf, 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
    const headers = {
      ...csrf,
      cookie: signIn.headers.get('set-cookie').split(';')[0],
      'content-type': 'application/json',
    };
    /** A Management API call; returns the body and the server's own time for it. */
    const call = async (method, p, body) => {
      const res = await fetch(`${base}/api/v2${p}`, {
        method,
        headers,
        body: body && JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      const timing = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
      if (!timing) throw new Error(`${method} ${p}: no Server-Timing header`);
      return { body: res.status === 204 ? undefined : await res.json(), ms: Number(timing[1]) };
    };
    return { base, call, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * `apis` APIs, then `apps` M2M applications with `grantsPerApp` grants each, on APIs spread over
 * the range (never the same pair twice). Returns the first application (with its secret) and API.
 */
async function seed({ call }, { apis, apps, grantsPerApp }) {
  const identifiers = [];
  await inParallel(0, apis, SEED_CONCURRENCY, async (i) => {
    identifiers[i] = `https://api-${String(i).padStart(4, '0')}.scale.example`;
    await call('POST', '/resource-servers', {
      name: `Scale API ${i}`,
      identifier: identifiers[i],
      scopes: [{ value: 'read:data' }, { value: 'write:data' }],
    });
  });
  let first;
  await inParallel(0, apps, SEED_CONCURRENCY, async (i) => {
    const { body: app } = await call('POST', '/clients', {
      name: `Scale app ${i}`,
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
    });
    if (i === 0) first = app;
    for (let g = 0; g < grantsPerApp; g++) {
      const audience = identifiers[(i + g * Math.floor(apis / grantsPerApp)) % apis];
      await call('POST', '/client-grants', {
        client_id: app.client_id,
        audience,
        scope: ['read:data'],
      });
    }
  });
  return { app: first, api: identifiers[0] };
}

async function main() {
  if (!fs.existsSync('dist/server.js'))
    throw new Error('Run `npm run build` first (npm run bench does).');
  const servers = [];
  try {
    const small = await startTokenhook();
    servers.push(small);
    const large = await startTokenhook();
    servers.push(large);
    const smallPair = await seed(small, { apis: SMALL, apps: SMALL, grantsPerApp: 1 });
    const seedStart = performance.now();
    const largePair = await seed(large, { apis: APIS, apps: APPS, grantsPerApp: GRANTS_PER_APP });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const sizes = { small: await storeSize(small.call), large: await storeSize(large.call) };
    console.log(
      `Seeded through the Management API in ${seedSeconds.toFixed(1)} s: ${sizes.large.label}`,
    );

    // Rounds alternate between the stores, so a load change on the machine hits both alike.
    const rounds = { small: [], large: [] };
    for (let round = 0; round < TOKEN_ROUNDS; round++) {
      for (const [key, server, pair] of [
        ['small', small, smallPair],
        ['large', large, largePair],
      ]) {
        rounds[key].push(
          await measureTokens(
            `${sizes[key].label}, round ${round + 1}`,
            server.base,
            tokenRequest(pair),
          ),
        );
      }
    }
    const tokens = ['small', 'large'].map((key) => summarize(sizes[key].label, rounds[key]));

    const full = await storeSize(large.call); // the token rounds added tenant log events
    const lists = await measureLists(large.call, { ...largePair, full });
    writeReport({ tokens, lists, seedSeconds, full });
  } finally {
    for (const server of servers) await server.stop();
  }
}

const tokenRequest = ({ app, api }) => ({
  grant_type: 'client_credentials',
  client_id: app.client_id,
  client_secret: app.client_secret,
  audience: api,
});

/** One row per store: the rounds' mean rate, their worst percentiles, every round's rate. */
function summarize(label, rounds) {
  return {
    scenario: label,
    tokensPerSecond: rounds.reduce((sum, r) => sum + r.tokensPerSecond, 0) / rounds.length,
    rounds: rounds.map((r) => r.tokensPerSecond),
    p50: Math.max(...rounds.map((r) => r.p50)),
    p99: Math.max(...rounds.map((r) => r.p99)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** Counts what the store holds, as the console's totals show it. */
async function storeSize(call) {
  const total = async (p) =>
    (await call('GET', `${p}${p.includes('?') ? '&' : '?'}per_page=1&include_totals=true`)).body
      .total;
  const size = {
    apps: await total('/clients'),
    apis: await total('/resource-servers'),
    grants: await total('/client-grants'),
    logs: await total('/logs'),
  };
  return { ...size, label: `${size.apps} applications, ${size.apis} APIs, ${size.grants} grants` };
}

/** Warm-up, then TOKEN_S of client-credentials requests for one client and API. */
async function measureTokens(scenario, base, body) {
  const load = (duration) =>
    autocannon({
      url: `${base}/oauth/token`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      connections: CONNECTIONS,
      duration,
    });
  await load(WARMUP_S);
  const r = await load(TOKEN_S);
  const result = {
    scenario,
    tokensPerSecond: r['2xx'] / TOKEN_S,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
  };
  console.log(
    `${scenario}: ${result.tokensPerSecond.toFixed(0)} tokens/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors`,
  );
  return result;
}

/**
 * The list requests of the console's pages (src/web/data/{resource}/queries.ts and web/lib/api.ts):
 * paged lists ask `page`, `per_page=20`, `include_totals=true`; "every" lists (search, the grant
 * tabs, the Test panel) read every `per_page=100` page (src/shared/list-all.ts); grant tabs filter by
 * `audience` or `client_id`. Checkpoint paging (`from`/`take`) is Auth0's, for API clients.
 */
async function measureLists(call, { app, api, full }) {
  const last = (total, perPage) => Math.max(0, Math.ceil(total / perPage) - 1);
  const deepest = (total) => last(total, 100); // listAll reads to the last page
  const paged = (p, page, perPage = 20) =>
    `${p}${p.includes('?') ? '&' : '?'}page=${page}&per_page=${perPage}&include_totals=true`;
  const midGrant = (await call('GET', paged('/client-grants', Math.floor(full.grants / 200), 100)))
    .body.client_grants[0].id;
  const requests = [
    ['APIs page, first', paged('/resource-servers', 0)],
    ['APIs page, last', paged('/resource-servers', last(full.apis, 20))],
    ['every API (search, app grants tab), first', paged('/resource-servers', 0, 100)],
    ['every API, last', paged('/resource-servers', last(full.apis, 100), 100)],
    ['Applications page, first', paged('/clients', 0)],
    ['Applications page, last', paged('/clients', last(full.apps, 20))],
    ['every app (search, API M2M tab), first', paged('/clients', 0, 100)],
    ['every app, deepest read', paged('/clients', deepest(full.apps), 100)],
    [
      'grants by audience (API M2M tab)',
      paged(`/client-grants?audience=${encodeURIComponent(api)}`, 0, 100),
    ],
    [
      'grants by client_id (app APIs tab)',
      paged(`/client-grants?client_id=${app.client_id}`, 0, 100),
    ],
    [
      'grant by client_id + audience (Test panel run)',
      paged(
        `/client-grants?client_id=${app.client_id}&audience=${encodeURIComponent(api)}`,
        0,
        100,
      ),
    ],
    ['every grant (Test panel), first', paged('/client-grants', 0, 100)],
    ['every grant, deepest read', paged('/client-grants', deepest(full.grants), 100)],
    ['grants, checkpoint first', '/client-grants?take=100'],
    ['grants, checkpoint from the middle', `/client-grants?from=${midGrant}&take=100`],
    ['Hooks page', paged('/hooks', 0, 100)],
    [
      'enabled hook (Test panel)',
      paged('/hooks?triggerId=credentials-exchange&enabled=true', 0, 100),
    ],
    ['Logs page, first', paged('/logs', 0)],
    ['Logs page, last', paged('/logs', last(full.logs, 20))],
    ['Logs page, type filter (refused changes)', paged('/logs?type=fapi', 0)],
    ['Logs page, type filter (token exchanges)', paged('/logs?type=seccft', 0)],
  ];
  const rows = [];
  for (const [name, p] of requests) {
    for (let i = 0; i < 3; i++) await call('GET', p); // warm-up
    const times = [];
    for (let i = 0; i < SAMPLES; i++) times.push((await call('GET', p)).ms);
    times.sort((a, b) => a - b);
    const row = {
      name,
      path: p,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times.at(-1),
    };
    console.log(
      `${row.p95 < LIMIT_MS ? 'ok  ' : 'SLOW'} p50 ${row.p50.toFixed(2)} p95 ${row.p95.toFixed(2)} max ${row.max.toFixed(2)} ms  ${name}  GET ${p}`,
    );
    rows.push(row);
  }
  return rows;
}

function writeReport({ tokens, lists, seedSeconds, full }) {
  const cpus = os.cpus();
  const [small] = tokens;
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: scale (bench/scale-bench.mjs)`,
    '',
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, load average ${os.loadavg()[1].toFixed(1)} (5 min) at the end. SQLite store.`,
    `Store: ${full.label} (and ${full.logs} tenant log events at the list timings), seeded through the Management API in ${seedSeconds.toFixed(0)} s (${SEED_CONCURRENCY} requests in flight).`,
    `Tokens: one server per store, each asked for one client's token on one API; autocannon in the bench process, ${CONNECTIONS} keep-alive connections, ${TOKEN_ROUNDS} rounds per store alternating between the stores, each ${WARMUP_S} s warm-up then ${TOKEN_S} s; p50/p99 are the worst round's.`,
    '',
    '| store | tokens/s (mean) | rounds | × small store | p50 ms | p99 ms | errors |',
    '|---|---:|---|---:|---:|---:|---:|',
    ...tokens.map(
      (r) =>
        `| ${r.scenario} | ${r.tokensPerSecond.toFixed(0)} | ${r.rounds.map((x) => x.toFixed(0)).join(', ')} | ${(r.tokensPerSecond / small.tokensPerSecond).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} |`,
    ),
    '',
    `List requests of the console's pages, full store: the server's own time (Server-Timing \`app;dur\`), ${SAMPLES} sequential requests each after 3 warm-ups; target p95 < ${LIMIT_MS} ms.`,
    '',
    '| console request | GET | p50 ms | p95 ms | max ms | < 50 ms |',
    '|---|---|---:|---:|---:|:-:|',
    ...lists.map(
      (r) =>
        `| ${r.name} | \`${r.path.replace(/[?&](client_id|audience|from)=[^&]+/g, (m, k) => `${m[0]}${k}=…`)}\` | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.max.toFixed(2)} | ${r.p95 < LIMIT_MS ? '✓' : '✗'} |`,
    ),
    '',
  ];
  fs.appendFileSync('BENCHMARKS.md', lines.join('\n')); // BENCHMARKS.md is in the repository
  console.log('Appended to BENCHMARKS.md');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
