// `npm run bench`: loads token endpoints over loopback with autocannon, in one run and with the
// same load settings: Tokenhook without a hook, with the seed hook, without and with the seed hook
// on an ES256 API, with a hook making one outbound HTTP call (to a stand-in in this process answering after
// 1 ms), with the seed hook while another client's requests make the hook loop to its deadline,
// node-oidc-provider (RS256 JWT access tokens, extraTokenClaims adding the same claim), and the
// floors: node:http signing the same token RS256, and ES256, with nothing else
// (signing-floor-server.mjs). Appends the figures, the ratios to node-oidc-provider, the share of
// each row's floor and the row's target (met or not) to BENCHMARKS.md.
// Bounded: WARMUP_S + DURATION_S per scenario (defaults 3 s + 15 s), nine scenarios.
// Run it with tsx (`npx tsx bench/token-bench.mjs`; npm run bench does): its hooks come from src.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { fileURLToPath } from 'node:url';
import { FETCH_HOOK, LOOPING_HOOK, SEED_HOOK } from './hooks.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
// Profiling aids: BENCH_ONLY=hook (a substring of scenario names; a trailing $ anchors it at the
// name's end, e.g. 'seed hook$') runs only matching scenarios;
// BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=prof' passes flags to the Tokenhook server process.
// BENCH_THREADS=1 also prints the CPU per token of the server's main thread, of its other threads and of
// this process (the load generator, which shares the machine).
const ONLY = process.env.BENCH_ONLY?.toLowerCase();
const only = (name) =>
  !ONLY ||
  (ONLY.endsWith('$')
    ? name.toLowerCase().endsWith(ONLY.slice(0, -1))
    : name.toLowerCase().includes(ONLY));
const THREADS = Boolean(process.env.BENCH_THREADS);
const NODE_ARGS = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
// BENCH_SERVER=path/to/server.js loads another build (to compare two builds on a noisy machine).
const SERVER = process.env.BENCH_SERVER ?? 'dist/server.js';
/** The RS256 API every scenario asks a token for (the reference servers too, so tokens are alike). */
const AUDIENCE = 'https://bench.example';
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

/** Share of its floor (and p99) each Tokenhook row must reach. */
const TARGETS = {
  'Tokenhook, no hook': { floor: 'RS256', share: 95 },
  'Tokenhook, seed hook': { floor: 'RS256', share: 85, p99: 15 },
  'Tokenhook, seed hook, ES256 API': { floor: 'ES256', share: 60 },
  // No target of its own: what the ES256 rows start from before a hook runs.
  'Tokenhook, no hook, ES256 API': { floor: 'ES256' },
  'Tokenhook, hook with one outbound HTTP call': { floor: 'RS256', share: 50 },
  "Tokenhook, seed hook while another client's hook loops": { floor: 'RS256', p99: 50 },
};

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

async function main() {
  if (!fs.existsSync(SERVER)) throw new Error('Run `npm run build` first (npm run bench does).');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-bench-'));
  const admin = { id: 'bench-admin', secret: 'bench-admin-secret-0123456789abcdefghij' };
  // The outbound call's stand-in: answers after 1 ms.
  const standIn = http.createServer((req, res) =>
    setTimeout(() => res.writeHead(200).end('{"claim":"bar"}'), 1),
  );
  await new Promise((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  const standInUrl = `http://127.0.0.1:${standIn.address().port}/claim`;
  const server = spawn(process.execPath, [...NODE_ARGS, SERVER], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      ISSUER_BASE_URL: base,
      BOOTSTRAP_CLIENT_ID: admin.id,
      BOOTSTRAP_CLIENT_SECRET: admin.secret,
      ADMIN_PASSWORD: 'bench-console-password',
      HOOK_EGRESS_ALLOW: `127.0.0.1:${standIn.address().port}`,
      HOOK_EGRESS_MAX_REQUESTS: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {}
      if (i > 100) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const token = async (id, secret, audience) => {
      const res = await fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: id,
          client_secret: secret,
          audience,
        }),
      });
      if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const mgmt = (await token(admin.id, admin.secret, `${base}/api/v2/`)).access_token;
    const call = async (method, p, body) => {
      const res = await fetch(`${base}/api/v2${p}`, {
        method,
        headers: { authorization: `Bearer ${mgmt}`, 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? undefined : res.json();
    };
    await call('POST', '/resource-servers', {
      identifier: AUDIENCE,
      scopes: [{ value: 'read:data' }],
    });
    const client = await call('POST', '/clients', { name: 'bench client' });
    await call('POST', '/client-grants', {
      client_id: client.client_id,
      audience: AUDIENCE,
      scope: ['read:data'],
    });
    const hook = await call('POST', '/hooks', {
      name: 'seed-hook',
      script: SEED_HOOK,
      triggerId: 'credentials-exchange',
    });

    await call('POST', '/resource-servers', {
      identifier: 'https://bench-es256.example',
      signing_alg: 'ES256',
      scopes: [{ value: 'read:data' }],
    });
    await call('POST', '/client-grants', {
      client_id: client.client_id,
      audience: 'https://bench-es256.example',
      scope: ['read:data'],
    });

    const hostile = await call('POST', '/clients', { name: 'bench hostile client' });
    await call('POST', '/client-grants', {
      client_id: hostile.client_id,
      audience: AUDIENCE,
      scope: ['read:data'],
    });

    const tokenhook = (audience, who = client) => ({
      url: `${base}/oauth/token`,
      contentType: 'application/json',
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: who.client_id,
        client_secret: who.client_secret,
        audience,
      }),
    });
    const results = [];
    for (const [scenario, script, audience] of [
      ['Tokenhook, no hook', null, AUDIENCE],
      ['Tokenhook, seed hook', SEED_HOOK, AUDIENCE],
      ['Tokenhook, no hook, ES256 API', null, 'https://bench-es256.example'],
      ['Tokenhook, seed hook, ES256 API', SEED_HOOK, 'https://bench-es256.example'],
      ['Tokenhook, hook with one outbound HTTP call', FETCH_HOOK(standInUrl), AUDIENCE],
      [
        "Tokenhook, seed hook while another client's hook loops",
        LOOPING_HOOK(hostile.client_id),
        AUDIENCE,
      ],
    ]) {
      if (!only(scenario)) continue;
      await call(
        'PATCH',
        `/hooks/${hook.id}`,
        script ? { enabled: true, script } : { enabled: false },
      );
      const target = tokenhook(audience);
      const sample = await (
        await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': target.contentType },
          body: target.body,
        })
      ).json();
      const expected = script ? 'read:data extra' : 'read:data';
      if (sample.scope !== expected)
        throw new Error(`${scenario}: scope ${sample.scope}, expected ${expected}`);
      if (script?.includes('for (;;)')) {
        // The hostile client keeps HOSTILE_CONNECTIONS requests looping (each to the hook's
        // deadline) during the warm-up and the measurement of the other client's exchanges.
        const looping = autocannon({
          ...tokenhook(AUDIENCE, hostile),
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          connections: HOSTILE_CONNECTIONS,
          duration: WARMUP_S + DURATION_S + 1,
          timeout: 30,
        });
        try {
          results.push(await measure(scenario, server.pid, target));
        } finally {
          looping.stop();
        }
      } else results.push(await measure(scenario, server.pid, target));
    }
    const OIDC = 'node-oidc-provider, extraTokenClaims';
    if (only(OIDC))
      results.push(await withOidcProvider((target, pid) => measure(OIDC, pid, target)));
    for (const [name, alg] of [
      [FLOOR, 'RS256'],
      [FLOOR_ES256, 'ES256'],
    ])
      if (only(name))
        results.push(await withSigningFloor(alg, (target, pid) => measure(name, pid, target)));
    if (ONLY) console.log('BENCH_ONLY set: nothing appended to BENCHMARKS.md');
    else writeReport(results);
  } finally {
    server.kill('SIGTERM');
    standIn.close();
    await new Promise((r) => server.on('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CPU seconds of a process's main thread and of all its other threads (libuv pool, hook workers, V8 helpers). */
function threadCpuSeconds(pid) {
  const byName = {};
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = Number(tid) === pid ? 'main thread' : 'other threads';
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] = (byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    } catch {} // the thread ended
  }
  return byName;
}

/** Warm-up, then DURATION_S of load; CPU is the server process's own (all its threads). */
async function measure(scenario, pid, target) {
  const load = (duration) =>
    autocannon({
      url: target.url,
      method: 'POST',
      headers: { 'content-type': target.contentType },
      body: target.body,
      connections: CONNECTIONS,
      duration,
    });
  if (WARMUP_S > 0) await load(WARMUP_S);
  const cpu0 = cpuSeconds(pid);
  const threads0 = THREADS ? threadCpuSeconds(pid) : {};
  const self0 = process.cpuUsage();
  const r = await load(DURATION_S);
  const self = process.cpuUsage(self0);
  const cpu = cpuSeconds(pid) - cpu0;
  const ok = r['2xx'];
  if (THREADS) {
    const threads = threadCpuSeconds(pid);
    const perToken = Object.entries(threads).map(
      ([name, s]) => `${name} ${(((s - (threads0[name] ?? 0)) * 1e6) / ok).toFixed(0)} µs`,
    );
    perToken.push(`load generator ${((self.user + self.system) / ok).toFixed(0)} µs`);
    console.log(`  CPU per token: ${perToken.join(', ')}`);
  }
  const result = {
    scenario,
    tokensPerSecond: ok / DURATION_S,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    cpuMsPerToken: ok > 0 ? (cpu * 1000) / ok : NaN,
  };
  console.log(
    `${scenario}: ${result.tokensPerSecond.toFixed(0)} tokens/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors, ${result.cpuMsPerToken.toFixed(3)} ms CPU/token`,
  );
  return result;
}

const FLOOR = 'floor: node:http + RS256 signing, nothing else';
const FLOOR_ES256 = 'floor: node:http + ES256 signing, nothing else';
/** Connections of the client whose hook loops (each request holds a run until the hook's deadline). */
const HOSTILE_CONNECTIONS = 4;

/** Starts a reference server script (it prints "ready" once listening) on a free port, runs `work`, stops it. */
async function withServerProcess(script, env, work) {
  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
      child.on('exit', () => reject(new Error(`${script} exited`)));
    });
    return await work(`http://127.0.0.1:${port}`, child.pid);
  } finally {
    child.kill('SIGTERM');
  }
}

/** Checks a reference server's token carries the seed hook's claim for `audience`. */
async function checkSample(target, audience) {
  const sample = await (
    await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': target.contentType },
      body: target.body,
    })
  ).json();
  const payload = JSON.parse(
    Buffer.from(String(sample.access_token).split('.')[1], 'base64url').toString(),
  );
  if (payload['https://foo.com/claim'] !== 'bar' || payload.aud !== audience)
    throw new Error(`${target.url}: ${JSON.stringify(sample)}`);
}

/** node-oidc-provider in its own process: checks it issues the claim, runs `work`, stops it. */
function withOidcProvider(work) {
  const client = { id: 'bench-client', secret: 'bench-client-secret-0123456789abcdefghij' };
  return withServerProcess(
    './oidc-provider-server.mjs',
    { AUDIENCE, CLIENT_ID: client.id, CLIENT_SECRET: client.secret },
    async (base, pid) => {
      const target = {
        url: `${base}/token`,
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.id,
          client_secret: client.secret,
          scope: 'read:data',
        }).toString(),
      };
      await checkSample(target, AUDIENCE);
      return work(target, pid);
    },
  );
}

/** The signing floor (bench/signing-floor-server.mjs), loaded with Tokenhook's request body. */
function withSigningFloor(alg, work) {
  return withServerProcess('./signing-floor-server.mjs', { FLOOR_ALG: alg }, async (base, pid) => {
    const target = {
      url: `${base}/oauth/token`,
      contentType: 'application/json',
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: 'bench-client',
        client_secret: 'bench-client-secret',
        audience: AUDIENCE,
      }),
    };
    await checkSample(target, AUDIENCE);
    return work(target, pid);
  });
}

function writeReport(results) {
  const cpus = os.cpus();
  const reference = results.find((r) => r.scenario.startsWith('node-oidc-provider'));
  const floors = {
    RS256: results.find((r) => r.scenario === FLOOR),
    ES256: results.find((r) => r.scenario === FLOOR_ES256),
  };
  const floorOf = (r) =>
    floors[TARGETS[r.scenario]?.floor ?? (r.scenario === FLOOR_ES256 ? 'ES256' : 'RS256')];
  const targetOf = (r) => {
    const t = TARGETS[r.scenario];
    if (!t?.share && !t?.p99) return { text: '', met: '' };
    const share = (100 * r.tokensPerSecond) / floorOf(r).tokensPerSecond;
    const wanted = [
      ...(t.share ? [`≥ ${t.share} % of ${t.floor} floor`] : []),
      ...(t.p99 ? [`p99 ≤ ${t.p99} ms`] : []),
    ];
    const met = (!t.share || share >= t.share) && (!t.p99 || r.p99 <= t.p99) && r.errors === 0;
    return { text: wanted.join(', '), met: met ? 'yes' : 'no' };
  };
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}.`,
    `Load: autocannon in the bench process, ${CONNECTIONS} keep-alive connections, ${WARMUP_S} s warm-up then ${DURATION_S} s per scenario, loopback, client_secret_post; RS256 unless noted.`,
    '',
    "The looping row counts the other client's exchanges only; the hostile client's requests fail at the hook's deadline.",
    '',
    '| scenario | tokens/s | × node-oidc-provider | % of its floor | p50 ms | p99 ms | errors | server CPU ms/token | target | met |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...results.map((r) => {
      const { text, met } = targetOf(r);
      return `| ${r.scenario} | ${r.tokensPerSecond.toFixed(0)} | ${(r.tokensPerSecond / reference.tokensPerSecond).toFixed(2)} | ${((100 * r.tokensPerSecond) / floorOf(r).tokensPerSecond).toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.cpuMsPerToken.toFixed(3)} | ${text} | ${met} |`;
    }),
    '',
  ];
  if (!fs.existsSync('BENCHMARKS.md')) {
    fs.writeFileSync(
      'BENCHMARKS.md',
      '# Benchmarks\n\nAppended by `npm run bench` (bench/token-bench.mjs); newest last.\n',
    );
  }
  fs.appendFileSync('BENCHMARKS.md', lines.join('\n'));
  console.log('Appended to BENCHMARKS.md');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
