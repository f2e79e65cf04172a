// `npm run bench`: loads POST /oauth/token on the built server over loopback with autocannon,
// without a hook and with the seed hook enabled, in one run, and appends the figures to
// BENCHMARKS.md. Bounded: WARMUP_S + DURATION_S per scenario (defaults 3 s + 15 s).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

const SEED_HOOK = `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://foo.com/claim'] = 'bar';
  access_token.scope = scope;
  access_token.scope.push('extra');
  cb(null, access_token);
};`;

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
  if (!fs.existsSync('dist/server.js')) throw new Error('Run `npm run build` first (npm run bench does).');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-bench-'));
  const admin = { id: 'bench-admin', secret: 'bench-admin-secret-0123456789abcdefghij' };
  const server = spawn(process.execPath, ['dist/server.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      ISSUER_BASE_URL: base,
      BOOTSTRAP_CLIENT_ID: admin.id,
      BOOTSTRAP_CLIENT_SECRET: admin.secret,
      ADMIN_PASSWORD: 'bench-console-password',
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
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: id, client_secret: secret, audience }),
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
    await call('POST', '/resource-servers', { identifier: 'https://bench.example', scopes: [{ value: 'read:data' }] });
    const client = await call('POST', '/clients', { name: 'bench client' });
    await call('POST', '/client-grants', { client_id: client.client_id, audience: 'https://bench.example', scope: ['read:data'] });
    const hook = await call('POST', '/hooks', { name: 'seed-hook', script: SEED_HOOK, triggerId: 'credentials-exchange' });

    const body = JSON.stringify({
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      audience: 'https://bench.example',
    });
    const load = (duration) =>
      autocannon({
        url: `${base}/oauth/token`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections: CONNECTIONS,
        duration,
      });

    const results = [];
    for (const scenario of ['no hook', 'seed hook']) {
      await call('PATCH', `/hooks/${hook.id}`, { enabled: scenario === 'seed hook' });
      const sample = await token(client.client_id, client.client_secret, 'https://bench.example');
      const expected = scenario === 'seed hook' ? 'read:data extra' : 'read:data';
      if (sample.scope !== expected) throw new Error(`${scenario}: scope ${sample.scope}, expected ${expected}`);
      if (WARMUP_S > 0) await load(WARMUP_S);
      const cpu0 = cpuSeconds(server.pid);
      const r = await load(DURATION_S);
      const cpu = cpuSeconds(server.pid) - cpu0;
      const ok = r['2xx'];
      const errors = r.errors + r.timeouts + r.non2xx;
      results.push({
        scenario,
        tokensPerSecond: ok / DURATION_S,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors,
        cpuMsPerToken: ok > 0 ? (cpu * 1000) / ok : NaN,
      });
      console.log(`${scenario}: ${(ok / DURATION_S).toFixed(0)} tokens/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${errors} errors, ${((cpu * 1000) / ok).toFixed(3)} ms CPU/token`);
    }
    writeReport(results);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function writeReport(results) {
  const cpus = os.cpus();
  const base = results.find((r) => r.scenario === 'no hook');
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}.`,
    `Load: autocannon, ${CONNECTIONS} keep-alive connections, ${WARMUP_S} s warm-up then ${DURATION_S} s, loopback, JSON client_secret_post, RS256.`,
    '',
    '| scenario | tokens/s | vs no hook | p50 ms | p99 ms | errors | server CPU ms/token |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${r.tokensPerSecond.toFixed(0)} | ${((r.tokensPerSecond / base.tokensPerSecond) * 100).toFixed(0)} % | ${r.p50} | ${r.p99} | ${r.errors} | ${r.cpuMsPerToken.toFixed(3)} |`,
    ),
    '',
  ];
  if (!fs.existsSync('BENCHMARKS.md')) {
    fs.writeFileSync('BENCHMARKS.md', '# Benchmarks\n\nAppended by `npm run bench` (bench/token-bench.mjs); newest last.\n');
  }
  fs.appendFileSync('BENCHMARKS.md', lines.join('\n'));
  console.log('Appended to BENCHMARKS.md');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
