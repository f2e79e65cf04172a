// Part of `npm run bench`: what one hook run costs in the sandbox itself, with no thread hop, no
// HTTP and no signing: one HookSandbox (QuickJS in WebAssembly) on this thread, its context warm,
// host operations answered at once by a stand-in (no network). The token bench's rows pay this per
// token plus the hand-off to a worker; this table separates the two. Appends to BENCHMARKS.md
// unless BENCH_ONLY is set (then it only prints).
// Bounded: ROUNDS × RUNS per hook, a few seconds in all.
import fs from 'node:fs';
import {
  DEFAULT_SANDBOX_LIMITS,
  HeapGovernor,
  HookSandbox,
  loadQuickJS,
} from '../src/server/hooks/sandbox/sandbox';
import type { HostOps } from '../src/server/hooks/sandbox/host-ops';
import { credentialsExchangeArgs } from '../src/server/hooks/credentials-exchange';
import { FETCH_HOOK, SEED_HOOK } from './hooks';

const ROUNDS = 3;
const RUNS = Number(process.env.BENCH_SANDBOX_RUNS ?? 3000);

// What a token request of the token bench hands the hook (its client, API and grant).
const seedArgs = JSON.stringify(
  credentialsExchangeArgs({
    tenant: 'tokenhook',
    secrets: {},
    client: { clientId: 'abcdefghijklmnopqrstuvwxyz012345', name: 'bench', metadata: {} },
    scopes: ['read:data'],
    audience: 'https://bench.example',
    ip: '127.0.0.1',
    userAgent: 'autocannon',
    hostname: '127.0.0.1',
    granted: ['read:data'],
    requestedScopes: [],
    body: { grant_type: 'client_credentials', audience: 'https://bench.example' },
  }),
);

const small = JSON.stringify({ claim: 'gold' });
const large = JSON.stringify({
  claim: 'gold',
  user_id: 'auth0|123',
  app_metadata: {
    plan: 'gold',
    roles: Array.from({ length: 40 }, (_, i) => `role-${i}`),
    tenants: Array.from({ length: 20 }, (_, i) => ({
      id: `tenant-${i}`,
      name: `Tenant number ${i}`,
    })),
  },
});
const answer = (body: string) => ({
  url: 'http://127.0.0.2:4555/claim',
  status: 200,
  statusText: 'OK',
  redirected: false,
  headers: [
    ['content-type', 'application/json'],
    ['content-length', String(body.length)],
  ],
  bodyBase64: Buffer.from(body).toString('base64'),
});
const hostOps: HostOps = {
  fetch: async (payload) =>
    answer((payload as { url: string }).url.endsWith('/large') ? large : small),
};

const HOOKS: [string, string][] = [
  ['seed hook', SEED_HOOK],
  ['fetch + res.json(), 17-byte answer', FETCH_HOOK('http://127.0.0.2:4555/claim')],
  [`fetch + res.json(), ${large.length}-byte answer`, FETCH_HOOK('http://127.0.0.2:4555/large')],
  [
    'Buffer: 1 KB of text to base64 and back',
    `var text = 'h\\u00e9llo w\\u00f6rld '.repeat(70);
module.exports = function (client, scope, audience, context, cb) {
  var back = Buffer.from(Buffer.from(text).toString('base64'), 'base64').toString();
  cb(null, { ok: back === text });
};`,
  ],
];

const governor = new HeapGovernor(256 * 1024 * 1024);
const quickjs = await loadQuickJS(governor);
const rows: { name: string; median: number; min: number; max: number }[] = [];
for (const [name, script] of HOOKS) {
  const sandbox = new HookSandbox(quickjs, governor, DEFAULT_SANDBOX_LIMITS, '1', script, hostOps);
  const input = { argsJson: seedArgs, timeoutMs: 5000, maxResultBytes: 65536 };
  try {
    for (let i = 0; i < RUNS / 2; i++) {
      const { result } = await sandbox.run(input);
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result)}`);
    }
    const perRun: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const before = process.cpuUsage();
      for (let i = 0; i < RUNS; i++) await sandbox.run(input);
      const used = process.cpuUsage(before);
      perRun.push((used.user + used.system) / RUNS);
    }
    perRun.sort((a, b) => a - b);
    rows.push({ name, median: perRun[1]!, min: perRun[0]!, max: perRun[2]! });
    console.log(
      `${name}: ${perRun[1]!.toFixed(1)} µs CPU per run (rounds ${perRun.map((v) => v.toFixed(1)).join(', ')})`,
    );
  } finally {
    sandbox.dispose();
  }
}

if (process.env.BENCH_ONLY) console.log('BENCH_ONLY set: nothing appended to BENCHMARKS.md');
else {
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: one hook run in the sandbox (bench/sandbox-bench.ts)`,
    '',
    `One HookSandbox on the bench's thread, context warm, ${ROUNDS} rounds of ${RUNS} runs after ${RUNS / 2} to warm up; host operations answered at once by a stand-in (no network), the token bench's arguments. CPU of the whole process per run (its GC threads included).`,
    '',
    '| hook | µs per run (median of rounds) | rounds |',
    '|---|---:|---|',
    ...rows.map(
      (r) => `| ${r.name} | ${r.median.toFixed(1)} | ${r.min.toFixed(1)}–${r.max.toFixed(1)} |`,
    ),
  ];
  fs.appendFileSync(new URL('../BENCHMARKS.md', import.meta.url), `${lines.join('\n')}\n`);
  console.log('Appended to BENCHMARKS.md');
}
process.exit(0);
