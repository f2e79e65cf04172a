/**
 * The CLI as a user runs it: a bundled `tokenhook` process against a real server listening on a
 * free port (the in-memory test server behind @hono/node-server), with its own config folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiClient } from '@/shared/api-client';
import { hookPoint } from '@/shared/hook-points';
import { hookSchema } from '@/shared/schemas/hook';
import { resourceServerSchema } from '@/shared/schemas/resource-server';
import { tokenResponseSchema } from '@/shared/schemas/token';
import { createTestServer, type TestServer } from '@/server/testing';
import { freePort } from '@/server/testing-process';
import { buildCli, runCli, type CliRun } from './testing';

const ADMIN = { id: 'cli-test-admin', secret: 'cli-test-secret-0123456789-abcdefghijkl' };
const PROFILE = 'tenant-default';
const HOOK = 'client-credentials-exchange-hook';
const API = 'https://api.example.com';

// The seed's myrule.js, verbatim.
const SEED_HOOK = `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://foo.com/claim'] = 'bar';
  access_token.scope = scope;
  access_token.scope.push('extra');
  cb(null, access_token);
};
`;

let t: TestServer;
let http: ServerType;
let base: string;
let work: string;
let cli: string;
let configDir: string;
let service: { clientId: string; clientSecret: string };
/** Checks state directly, so only the command under test spawns a process. */
let admin: ReturnType<typeof createApiClient>;
const hooksNow = () => admin.get('/hooks', z.array(hookSchema));

/** Runs `tokenhook ARGS` in the work folder; the environment holds nothing of the test runner's. */
function tokenhook(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(cli, args, work, {
    PATH: process.env.PATH ?? '',
    HOME: work,
    TOKENHOOK_CONFIG_DIR: configDir,
    ...env,
  });
}

/** A failure: the exit code, nothing on stdout and exactly one line on stderr. */
function expectFailure(run: CliRun, code: number): string {
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(run.code).toBe(code);
  return lines[0]!;
}

async function exchange(clientId: string, clientSecret: string, audience: string) {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience,
    }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

function decode(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-cli-'));
  configDir = path.join(work, 'config', 'tokenhook');
  cli = path.join(work, 'tokenhook.mjs');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const [server] = await Promise.all([
    createTestServer({
      ISSUER_BASE_URL: base,
      BOOTSTRAP_CLIENT_ID: ADMIN.id,
      BOOTSTRAP_CLIENT_SECRET: ADMIN.secret,
    }),
    buildCli(cli),
  ]);
  t = server;
  await new Promise<void>((resolve) => {
    http = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }, () => resolve());
  });

  // An API and a service authorized on it, as in the seed's "Before you start".
  const token = await exchange(ADMIN.id, ADMIN.secret, `${base}/api/v2/`);
  admin = createApiClient({
    baseUrl: base,
    getToken: () => tokenResponseSchema.parse(token.body).access_token,
  });
  await admin.post(
    '/resource-servers',
    {
      name: 'Example API',
      identifier: API,
      scopes: [{ value: 'read:data', description: 'Read data' }],
    },
    resourceServerSchema,
  );
  service = await t.createClientWithGrant(API, ['read:data'], 'Billing service');
});

afterAll(async () => {
  await new Promise((resolve) => http?.close(resolve));
  await t?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the seed\'s "Use the Auth0 CLI" steps, with tokenhook in place of auth0', () => {
  it('init stores the profile privately and never prints the secret', async () => {
    const run = await tokenhook([
      'init',
      '-p',
      PROFILE,
      '--url',
      `${base}/`,
      '--client-id',
      ADMIN.id,
      '--client-secret',
      ADMIN.secret,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(
      `Profile ${PROFILE} saved in ${path.join(configDir, 'profiles.json')}`,
    );
    expect(run.stdout).not.toContain(ADMIN.secret);
    expect(mode(configDir)).toBe(0o700);
    expect(mode(path.join(configDir, 'profiles.json'))).toBe(0o600);
    expect(mode(path.join(configDir, 'token-cache.json'))).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(configDir, 'profiles.json'), 'utf8'))).toEqual({
      profiles: { [PROFILE]: { url: base, client_id: ADMIN.id, client_secret: ADMIN.secret } },
    });
  });

  it('step 2-3: creates the hook from file.js, in disabled state', async () => {
    fs.writeFileSync(path.join(work, 'file.js'), SEED_HOOK);
    const run = await tokenhook([
      'create',
      '-t',
      'credentials-exchange',
      '-n',
      HOOK,
      '-p',
      PROFILE,
      'file.js',
    ]);
    expect(run).toEqual({
      code: 0,
      stdout: `Tokenhook hook created in disabled state. To enable it: tokenhook enable -p ${PROFILE} ${HOOK}\n`,
      stderr: '',
    });
    const ls = await tokenhook(['ls', '-p', PROFILE, '-o', 'json']);
    expect(ls.code).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual([
      expect.objectContaining({
        name: HOOK,
        triggerId: 'credentials-exchange',
        enabled: false,
        script: SEED_HOOK,
      }),
    ]);
  });

  it('step 4: enables it; step 5: a real token carries the claim and the extra scope', async () => {
    const run = await tokenhook(['enable', '--profile', PROFILE, HOOK]);
    expect(run).toEqual({
      code: 0,
      stdout: `Enabled hook ${HOOK} for credentials-exchange.\nNo other credentials-exchange hook was enabled.\n`,
      stderr: '',
    });
    const res = await exchange(service.clientId, service.clientSecret, API);
    expect(res.status).toBe(200);
    const token = tokenResponseSchema.parse(res.body);
    expect(token.scope).toBe('read:data extra');
    expect(decode(token.access_token)).toMatchObject({
      'https://foo.com/claim': 'bar',
      scope: 'read:data extra',
      aud: API,
    });
  });

  it('ls prints a table of name, point, enabled, live version, draft state, id and the secrets that need a value', async () => {
    const [hook] = await hooksNow();
    const [run, none] = await Promise.all([
      tokenhook(['ls', '-p', PROFILE, '-t', 'credentials-exchange']),
      tokenhook(['ls', '-p', PROFILE, '-t', 'send-phone-message']),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^NAME +POINT +ENABLED +VERSION +DRAFT +ID +SECRETS NEEDING A VALUE$/,
    );
    expect(run.stdout.split('\n')[1]).toMatch(
      new RegExp(
        `^${HOOK} +credentials-exchange +yes +v${hook!.version} +(-|differs|same as live) +${hook!.id} +-$`,
      ),
    );
    expect(none.stdout).toBe('No send-phone-message hooks.\n');
  });
});

describe('hook commands', () => {
  it('scaffold prints the starter code, with no profile needed', async () => {
    const run = await tokenhook(['scaffold', '-t', 'credentials-exchange']);
    expect(run).toEqual({
      code: 0,
      stdout: hookPoint('credentials-exchange').starterCode,
      stderr: '',
    });
  });

  it('create on an existing name updates the script and keeps it enabled', async () => {
    fs.writeFileSync(path.join(work, 'file.js'), SEED_HOOK.replace("'bar'", "'bar2'"));
    const run = await tokenhook([
      'create',
      '-t',
      'credentials-exchange',
      '-n',
      HOOK,
      '-p',
      PROFILE,
      'file.js',
    ]);
    expect(run.stdout).toBe(
      `Tokenhook hook ${HOOK} updated; it is enabled and runs from now on.\n`,
    );
    const res = await exchange(service.clientId, service.clientSecret, API);
    expect(decode(tokenResponseSchema.parse(res.body).access_token)['https://foo.com/claim']).toBe(
      'bar2',
    );
  });

  it('create on an enabled hook refuses code that does not compile, naming line and column, and nothing goes live', async () => {
    fs.writeFileSync(
      path.join(work, 'broken.js'),
      'module.exports = function (client, scope, audience, context, cb) {\n  cb(null, {);\n};\n',
    );
    const run = await tokenhook([
      'create',
      '-t',
      'credentials-exchange',
      '-n',
      HOOK,
      '-p',
      PROFILE,
      '--force',
      'broken.js',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /does not compile at line 2, column 13: SyntaxError: invalid property name/,
    );
    const res = await exchange(service.clientId, service.clientSecret, API);
    expect(decode(tokenResponseSchema.parse(res.body).access_token)['https://foo.com/claim']).toBe(
      'bar2',
    );
  });

  it('create with --secret and --secrets-file; enable says which hook it disabled; test prints the decoded token', async () => {
    fs.writeFileSync(
      path.join(work, 'secrets.js'),
      `module.exports = function (client, scope, audience, context, cb) {
  console.log('hello from ' + client.name);
  var s = context.webtask.secrets;
  cb(null, { scope: scope, 'https://foo.com/secrets': [s.API_KEY.length, s.REGION, s.QUOTED] });
};
`,
    );
    fs.writeFileSync(
      path.join(work, '.env'),
      '# hook secrets\nREGION=eu-west-1\nexport QUOTED="a b"\nAPI_KEY=overridden\n',
    );
    const created = await tokenhook([
      'create',
      '-t',
      'credentials-exchange',
      '-n',
      'with secrets',
      '-p',
      PROFILE,
      '--secrets-file',
      '.env',
      '--secret',
      'API_KEY=sk_live_0123456789',
      'secrets.js',
    ]);
    expect(created).toEqual({
      code: 0,
      stdout: `Tokenhook hook created in disabled state. To enable it: tokenhook enable -p ${PROFILE} 'with secrets'\n`,
      stderr: '',
    });

    const enabled = await tokenhook(['enable', '-p', PROFILE, 'with secrets']);
    expect(enabled.stdout).toBe(
      `Enabled hook with secrets for credentials-exchange.\nDisabled hook ${HOOK}, which was enabled for credentials-exchange.\n`,
    );

    const test = await tokenhook([
      'test',
      '-p',
      PROFILE,
      '--client',
      'Billing service',
      '--audience',
      API,
    ]);
    expect(test.code).toBe(0);
    expect(test.stdout).toContain(`POST ${base}/oauth/token → 200\n`);
    expect(test.stdout).toContain(
      '"https://foo.com/secrets": [\n    18,\n    "eu-west-1",\n    "a b"\n  ]',
    );
    expect(test.stdout).not.toMatch(/eyJ|sk_live/); // neither the token nor a secret

    const json = await tokenhook([
      'test',
      '-p',
      PROFILE,
      '--client',
      service.clientId,
      '--audience',
      API,
      '-o',
      'json',
    ]);
    expect(JSON.parse(json.stdout)).toEqual({
      status: 200,
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'read:data',
      header: { alg: 'RS256', typ: expect.any(String), kid: expect.any(String) },
      payload: expect.objectContaining({
        sub: `${service.clientId}@clients`,
        aud: API,
        scope: 'read:data',
        'https://foo.com/secrets': [18, 'eu-west-1', 'a b'],
      }),
    });

    // Updating the secrets of an existing hook replaces their values.
    await tokenhook([
      'create',
      '-t',
      'credentials-exchange',
      '-n',
      'with secrets',
      '-p',
      PROFILE,
      '--secret',
      'REGION=us-east-1',
      'secrets.js',
    ]);
    const again = JSON.parse(
      (
        await tokenhook([
          'test',
          '-p',
          PROFILE,
          '--client',
          service.clientId,
          '--audience',
          API,
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(again.payload['https://foo.com/secrets']).toEqual([18, 'us-east-1', 'a b']);
  });

  it('logs shows recent executions newest last, with their console lines', async () => {
    const run = await tokenhook(['logs', '-p', PROFILE, 'with secrets']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6); // three `test` runs, each with one console line
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\S+Z  with secrets v\\d+  success  [\\d.]+ms  client=${service.clientId}  audience=${API.replace(/\./g, '\\.')}$`,
      ),
    );
    expect(lines[1]).toBe('    hello from Billing service');
    expect(lines[2]! >= lines[0]!).toBe(true);

    const all = await tokenhook(['logs', '-p', PROFILE, '-o', 'json']);
    const executions = JSON.parse(all.stdout) as { hook_name: string; started_at: string }[];
    expect(new Set(executions.map((e) => e.hook_name))).toEqual(new Set([HOOK, 'with secrets']));
    expect(executions.map((e) => e.started_at)).toEqual(executions.map((e) => e.started_at).sort());
  });

  it('logs -f follows executions live and stops on Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      [cli, 'logs', '-f', '-n', '0', '-p', PROFILE, 'with secrets'],
      {
        cwd: work,
        env: { PATH: process.env.PATH ?? '', HOME: work, TOKENHOOK_CONFIG_DIR: configDir },
      },
    );
    let stdout = '';
    let stderr = '';
    const seen = (re: RegExp, which: () => string) =>
      new Promise<void>((resolve) => {
        const check = () => re.test(which()) && resolve();
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        check();
      });
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    await seen(/Following with secrets/, () => stderr);
    expect(stdout).toBe('');
    await exchange(service.clientId, service.clientSecret, API);
    await seen(/hello from Billing service/, () => stdout);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(
      /^\S+Z  with secrets v\d+  success  \S+ms  client=\S+  audience=https:\/\/api\.example\.com\n    hello from Billing service\n$/,
    );
  });

  it('edit opens $EDITOR on the script and saves it when changed', async () => {
    const editor = path.join(work, 'editor.mjs');
    fs.writeFileSync(
      editor,
      "import fs from 'node:fs';\nconst f = process.argv[2];\nfs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('bar2', 'edited'));\n",
    );
    const run = await tokenhook(['edit', '-p', PROFILE, HOOK], {
      EDITOR: `${process.execPath} ${editor}`,
    });
    expect(run).toEqual({ code: 0, stdout: `Saved hook ${HOOK}.\n`, stderr: '' });
    expect((await hooksNow()).find((h) => h.name === HOOK)!.script).toBe(
      SEED_HOOK.replace("'bar'", "'edited'"),
    );

    const [unchanged, failed] = await Promise.all([
      tokenhook(['edit', '-p', PROFILE, HOOK], { EDITOR: 'true' }),
      tokenhook(['edit', '-p', PROFILE, HOOK], { VISUAL: 'false', EDITOR: 'true' }),
    ]);
    expect(unchanged).toEqual({
      code: 0,
      stdout: `No changes; hook ${HOOK} not updated.\n`,
      stderr: '',
    });
    expect(expectFailure(failed, 1)).toBe(`Editor exited with code 1; hook ${HOOK} not changed`);
  });

  it('disable, then rm; a removed hook is unknown', async () => {
    expect((await tokenhook(['disable', '-p', PROFILE, 'with secrets'])).stdout).toBe(
      'Disabled hook with secrets; no credentials-exchange hook is enabled now.\n',
    );
    expect(await tokenhook(['rm', '-p', PROFILE, 'with secrets'])).toEqual({
      code: 0,
      stdout: 'Deleted hook with secrets.\n',
      stderr: '',
    });
    expect((await hooksNow()).map((h) => h.name)).toEqual([HOOK]);
    expect(expectFailure(await tokenhook(['rm', '-p', PROFILE, 'with secrets']), 1)).toBe(
      'No hook named with secrets',
    );
  });
});

describe('versions, drafts and test cases', () => {
  const claimHook = (v: string) =>
    `module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: scope, 'https://t.example/v': '${v}' }); };`;

  it('create --draft, test, deploy (refused, then forced), versions and rollback', async () => {
    const name = 'versioned-hook';
    fs.writeFileSync(path.join(work, 'v1.js'), claimHook('one'));
    fs.writeFileSync(path.join(work, 'v2.js'), claimHook('two'));
    expect(
      (
        await tokenhook([
          'create',
          '-t',
          'credentials-exchange',
          '-n',
          name,
          '-p',
          PROFILE,
          path.join(work, 'v1.js'),
        ])
      ).code,
    ).toBe(0);
    const draft = await tokenhook([
      'create',
      '-t',
      'credentials-exchange',
      '-n',
      name,
      '-p',
      PROFILE,
      '--draft',
      path.join(work, 'v2.js'),
    ]);
    expect(draft).toEqual({
      code: 0,
      stdout: `Saved a draft of ${name}; the live hook is unchanged. To make it live: tokenhook deploy ${name}\n`,
      stderr: '',
    });
    const hook = (await hooksNow()).find((h) => h.name === name)!;
    expect(hook.script).toBe(claimHook('one'));
    await admin.post(
      `/hooks/${hook.id}/tests`,
      { name: 'keeps one', expect: { claims: { 'https://t.example/v': 'one' } } },
      z.unknown(),
    );

    const failing = await tokenhook(['test', '-p', PROFILE, name]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('FAIL  keeps one  (');
    expect(failing.stdout).toContain(
      '      claim https://t.example/v: expected "one", got "two"\n',
    );
    expect(failing.stdout).toContain('0 passed, 1 failed (draft)\n');
    expect(failing.stderr).toBe(`Test cases of ${name} fail\n`);

    const refused = await tokenhook(['deploy', '-p', PROFILE, name]);
    expect(expectFailure(refused, 1)).toMatch(
      /^1 of 1 test cases fail \(keeps one\).*\(test_cases_failed\)$/,
    );
    expect(await tokenhook(['deploy', '-p', PROFILE, '--force', name])).toEqual({
      code: 0,
      stdout: `Deployed the draft of ${name} (the hook is disabled).\n`,
      stderr: '',
    });

    const versions = JSON.parse(
      (await tokenhook(['versions', '-p', PROFILE, '-o', 'json', name])).stdout,
    ) as { number: number; live: boolean }[];
    expect(versions.map((v) => [v.number, v.live])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(await tokenhook(['rollback', '-p', PROFILE, '--to', '1', name])).toEqual({
      code: 0,
      stdout: `Hook ${name} now runs version 3, a copy of version 1.\n`,
      stderr: '',
    });
    const passing = await tokenhook(['test', '-p', PROFILE, '--target', 'live', name]);
    expect([passing.code, passing.stdout.trimEnd().split('\n').at(-1)]).toEqual([
      0,
      '1 passed, 0 failed (live)',
    ]);
    expect(expectFailure(await tokenhook(['rollback', '-p', PROFILE, name]), 2)).toMatch(
      /^Missing --to N \(a version number\)/,
    );
    expect((await tokenhook(['rm', '-p', PROFILE, name])).code).toBe(0);
  });
});

describe('profiles, environment and the token cache', () => {
  it('TOKENHOOK_PROFILE picks the profile; the URL, id and secret variables need no profile at all', async () => {
    const [byEnv, ci] = await Promise.all([
      tokenhook(['ls', '-o', 'json'], { TOKENHOOK_PROFILE: PROFILE }),
      tokenhook(['ls', '-o', 'json'], {
        TOKENHOOK_CONFIG_DIR: path.join(work, 'ci-config'),
        TOKENHOOK_URL: base,
        TOKENHOOK_CLIENT_ID: ADMIN.id,
        TOKENHOOK_CLIENT_SECRET: ADMIN.secret,
      }),
    ]);
    expect(byEnv.code).toBe(0);
    expect(ci.code).toBe(0);
    expect(JSON.parse(ci.stdout)).toHaveLength(1);
  });

  it('reuses the cached token, renews it before exp, and renews one the server refuses', async () => {
    const cacheFile = path.join(configDir, 'token-cache.json');
    const cache = () =>
      JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<
        string,
        { access_token: string; expires_at: number }
      >;
    const [key] = Object.keys(cache());
    const first = cache()[key!]!;
    await tokenhook(['ls', '-p', PROFILE]);
    expect(cache()[key!]).toEqual(first);

    fs.writeFileSync(
      cacheFile,
      JSON.stringify({ [key!]: { ...first, expires_at: Date.now() + 30_000 } }),
    );
    expect((await tokenhook(['ls', '-p', PROFILE])).code).toBe(0);
    expect(cache()[key!]!.expires_at).toBeGreaterThan(Date.now() + 30 * 60_000);

    fs.writeFileSync(
      cacheFile,
      JSON.stringify({
        [key!]: { access_token: 'not-a-token', expires_at: Date.now() + 3_600_000 },
      }),
    );
    expect((await tokenhook(['ls', '-p', PROFILE])).code).toBe(0);
    expect(cache()[key!]!.access_token).not.toBe('not-a-token');
    expect(mode(cacheFile)).toBe(0o600);
  });
});

describe('errors: one line on stderr, non-zero exit', () => {
  it('unknown hook', async () => {
    const runs = await Promise.all([
      tokenhook(['enable', '-p', PROFILE, 'nope']),
      tokenhook(['logs', '-p', PROFILE, 'nope']),
    ]);
    for (const run of runs) expect(expectFailure(run, 1)).toBe('No hook named nope');
  });

  it('no such profile', async () => {
    expect(expectFailure(await tokenhook(['ls', '-p', 'missing']), 1)).toBe(
      'No profile missing: run tokenhook init -p missing --url URL --client-id ID --client-secret SECRET (or set TOKENHOOK_URL, TOKENHOOK_CLIENT_ID and TOKENHOOK_CLIENT_SECRET)',
    );
  });

  it('bad credentials: the token endpoint error_description, at init and later', async () => {
    const init = await tokenhook([
      'init',
      '-p',
      'bad',
      '--url',
      base,
      '--client-id',
      ADMIN.id,
      '--client-secret',
      'wrong-secret',
    ]);
    expect(expectFailure(init, 1)).toBe(
      'Profile bad: Client authentication failed (invalid_client)',
    );
    expect(
      JSON.parse(fs.readFileSync(path.join(configDir, 'profiles.json'), 'utf8')).profiles.bad,
    ).toBeUndefined();
    const ls = await tokenhook(['ls', '-p', PROFILE], { TOKENHOOK_CLIENT_SECRET: 'wrong-secret' });
    expect(expectFailure(ls, 1)).toBe(
      `Profile ${PROFILE}: Client authentication failed (invalid_client)`,
    );
  });

  it('server unreachable', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect(
      expectFailure(await tokenhook(['ls', '-p', PROFILE], { TOKENHOOK_URL: closed }), 1),
    ).toBe(`Cannot reach ${closed}: connection refused`);
    const init = await tokenhook([
      'init',
      '-p',
      'down',
      '--url',
      closed,
      '--client-id',
      'x',
      '--client-secret',
      'y',
    ]);
    expect(expectFailure(init, 1)).toBe(`Cannot reach ${closed}: connection refused`);
  });

  it('Management API errors print message (errorCode)', async () => {
    const reader = await t.createClientWithGrant(
      `${base}/api/v2/`,
      ['read:hooks', 'read:clients'],
      'reader',
    );
    const env = {
      TOKENHOOK_URL: base,
      TOKENHOOK_CLIENT_ID: reader.clientId,
      TOKENHOOK_CLIENT_SECRET: reader.clientSecret,
    };
    expect(expectFailure(await tokenhook(['rm', HOOK], env), 1)).toBe(
      'Insufficient scope, expected any of: delete:hooks (insufficient_scope)',
    );
    expect(
      expectFailure(
        await tokenhook(['test', '--client', service.clientId, '--audience', API], env),
        1,
      ),
    ).toBe(
      'Profile default cannot read client secrets: its application needs the read:client_keys scope',
    );
  });

  it('a failed exchange in test exits 1 with the OAuth error', async () => {
    const run = await tokenhook([
      'test',
      '-p',
      PROFILE,
      '--client',
      service.clientId,
      '--audience',
      'https://unknown.example.com',
    ]);
    expect(expectFailure(run, 1)).toBe(
      'Token request failed with 403: Service not found: https://unknown.example.com (access_denied)',
    );
  });

  it('bad usage prints the reason and the usage line, exit 2', async () => {
    const cases: [string[], string | RegExp][] = [
      [
        ['create', '-t', 'credentials-exchange', '-p', PROFILE, 'file.js'],
        'Missing -n NAME. Usage: tokenhook create -t TYPE -n NAME [-p PROFILE] [--secret KEY=VALUE]... [--secrets-file FILE] [--draft] [--force] [-o json] FILE',
      ],
      [
        ['create', '-t', 'credentials-exchange', '-n', HOOK],
        /^Missing FILE\. Usage: tokenhook create /,
      ],
      [
        ['ls', '--bogus'],
        'Unknown option --bogus. Usage: tokenhook ls [-t TYPE] [-p PROFILE] [-o json]',
      ],
      [['scaffold', '-t', 'nope'], /^Unknown hook type nope \(one of credentials-exchange, /],
      [['enable'], 'Missing NAME. Usage: tokenhook enable [--force] [-p PROFILE] [-o json] NAME'],
      [['ls', '-o', 'yaml'], /^Unknown output format yaml/],
      [
        ['frobnicate'],
        'Unknown command frobnicate; run tokenhook --help. Usage: tokenhook <command> [options]',
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => tokenhook(args)));
    runs.forEach((run, i) => {
      const [, expected] = cases[i]!;
      if (typeof expected === 'string') expect(expectFailure(run, 2)).toBe(expected);
      else expect(expectFailure(run, 2)).toMatch(expected);
    });
  });

  it('--help on tokenhook and on every command', async () => {
    const top = await tokenhook(['--help']);
    expect(top.code).toBe(0);
    const names = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'init',
      'scaffold',
      'create',
      'ls',
      'enable',
      'disable',
      'edit',
      'rm',
      'logs',
      'test',
      'versions',
      'rollback',
      'deploy',
      'import',
      'export',
    ]);
    const helps = await Promise.all(names.map((name) => tokenhook([name!, '--help'])));
    helps.forEach((run, i) => {
      expect(run.code).toBe(0);
      expect(run.stdout.startsWith(`Usage: tokenhook ${names[i]} `)).toBe(true);
    });
    expect(helps[0]!.stdout).toContain('The client secret is stored in the profile file');
  }, 60_000);
});
