/**
 * What real hooks receive in the sandbox, walked from inside it, against the hook contract
 * (src/shared/hook-contract.ts): the Hook arguments, Actions' `event` and `api`, the Runner's
 * samples, and the OAuth error each declared error class and deny code ends a token request with.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsApi, actionsEvent } from '@/shared/hook-contract-actions';
import {
  denyCodeClasses,
  fieldPaths,
  hookDenyCodes,
  hookErrorClasses,
  hookErrorClassNames,
  hookParamNames,
  hookParams,
  hookToAction,
  runnerSample,
  type ContractField,
} from '@/shared/hook-contract';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from '../testing';

const API = 'https://contract.example';
const SHAPE = 'https://t.example/shape';
let t: TestServer;
let admin: string;
let app: { clientId: string; clientSecret: string };
let hookId: string;

beforeAll(async () => {
  t = await createTestServer({ TENANT: 'acme' });
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  await t.call('POST', '/api/v2/resource-servers', {
    token: admin,
    body: { identifier: API, scopes: [{ value: 'read:data' }] },
  });
  app = await t.createClientWithGrant(API, ['read:data']);
  hookId = (
    await t.call('POST', '/api/v2/hooks', {
      token: admin,
      body: {
        name: 'contract',
        script: 'module.exports = function (c, s, a, x, cb) { cb(null, {}); };',
        triggerId: 'credentials-exchange',
        enabled: true,
      },
    })
  ).body.id;
  await t.call('POST', `/api/v2/hooks/${hookId}/secrets`, { token: admin, body: { KEY: 'v1' } });
}, 60_000);
afterAll(() => t.close());

type Spec = Record<string, ContractField>;

/** The paths of the declared objects a walk descends into (the others are values, keys and all). */
function objectPaths(spec: Spec): string[] {
  return fieldPaths(spec, { internal: true }).filter((path) => {
    const field = path
      .split('.')
      .reduce<ContractField | undefined>(
        (at, name, i) => (i === 0 ? spec[name] : at?.fields?.[name]),
        undefined,
      );
    return field?.fields !== undefined;
  });
}

/**
 * Guest code: `shape(root, objects)` lists every enumerable key under root, as
 * `{ path: kind }`, descending into the given object paths only.
 */
const SHAPE_FN = `function shape(root, objects) {
  var out = {};
  (function walk(value, prefix) {
    Object.keys(value).forEach(function (key) {
      var path = prefix + key, v = value[key];
      out[path] = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
      if (objects.indexOf(path) >= 0 && v && typeof v === 'object') walk(v, path + '.');
    });
  })(root, '');
  return out;
}`;

/** The kind each declared field must have in the sandbox (an optional one may be undefined). */
function declaredKinds(spec: Spec, opts: { internal?: boolean } = {}, prefix = '') {
  const out: Record<string, string[]> = {};
  for (const [name, field] of Object.entries(spec)) {
    if (field.internal && !opts.internal) continue;
    const kind = field.method
      ? 'function'
      : field.fields || /^[{A-Z]/.test(field.type!)
        ? 'object'
        : field.type!.endsWith('[]')
          ? 'array'
          : field.type!;
    out[prefix + name] = field.optional ? [kind, 'undefined'] : [kind];
    if (field.fields) Object.assign(out, declaredKinds(field.fields, opts, `${prefix + name}.`));
  }
  return out;
}

function expectShape(actual: Record<string, string>, spec: Spec, internal: boolean) {
  const expected = declaredKinds(spec, { internal });
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [path, kind] of Object.entries(actual))
    expect(expected[path], `${path} is a ${kind}`).toContain(kind);
}

const hookScript = (objects: string[]) => `${SHAPE_FN}
module.exports = function () {
  var names = ${JSON.stringify(hookParamNames)}, args = {}, cb = arguments[arguments.length - 1];
  for (var i = 0; i < names.length; i++) args[names[i]] = arguments[i];
  var out = {};
  out['${SHAPE}'] = { count: arguments.length, args: shape(args, ${JSON.stringify(objects)}) };
  cb(null, out);
};`;

const actionsScript = `${SHAPE_FN}
exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.setCustomClaim('${SHAPE}', {
    event: shape(event, ${JSON.stringify(objectPaths(actionsEvent))}),
    api: shape(api, ${JSON.stringify(objectPaths(actionsApi))}),
  });
};`;

async function useScript(script: string) {
  const res = await t.call('PATCH', `/api/v2/hooks/${hookId}`, { token: admin, body: { script } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function exchange() {
  return t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      audience: API,
      scope: 'read:data',
    },
    headers: { 'user-agent': 'contract/1.0', host: 'auth.example.com' },
  });
}

async function shapeFromExchange(): Promise<Record<string, any>> {
  const res = await exchange();
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return decodeJwt(res.body.access_token)[SHAPE] as Record<string, any>;
}

async function shapeFromRunner(payload?: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await t.call('POST', `/api/v2/hooks/${hookId}/try`, {
    token: admin,
    body: payload ? { payload } : {},
  });
  expect(res.body.outcome, JSON.stringify(res.body)).toBe('success');
  return res.body.token_preview.claims[SHAPE];
}

describe('the hook contract, checked from inside the sandbox', () => {
  it('a Hook gets exactly the declared arguments at /oauth/token, then cb', async () => {
    await useScript(hookScript(objectPaths(hookParams)));
    const { count, args } = await shapeFromExchange();
    expect(count).toBe(hookParamNames.length + 1);
    expectShape(args, hookParams, true);
  });

  it("the Runner's Hook sample has every documented field and nothing internal", async () => {
    await useScript(hookScript(objectPaths(hookParams)));
    const { count, args } = await shapeFromRunner();
    expect(count).toBe(hookParamNames.length + 1);
    expectShape(args, hookParams, false);
  });

  it("an Action gets exactly the declared event and api, at /oauth/token and from the Runner's Actions sample", async () => {
    await useScript(actionsScript);
    for (const got of [await shapeFromExchange(), await shapeFromRunner(runnerSample('actions'))]) {
      expectShape(got.event, actionsEvent, true);
      expectShape(got.api, actionsApi, true);
    }
  });

  it("each Hook argument the contract maps to Actions' event holds the same value there", async () => {
    const map = hookToAction();
    const AT = `function at(root, path) {
      return path.split('.').reduce(function (v, k) { return v == null ? undefined : v[k]; }, root);
    }`;
    await useScript(`${AT}
module.exports = function () {
  var names = ${JSON.stringify(hookParamNames)}, args = {}, out = {}, values = {};
  for (var i = 0; i < names.length; i++) args[names[i]] = arguments[i];
  ${JSON.stringify(Object.keys(map))}.forEach(function (p) { values[p] = at(args, p); });
  out['${SHAPE}'] = values;
  arguments[arguments.length - 1](null, out);
};`);
    const hook = await shapeFromExchange();
    await useScript(`${AT}
exports.onExecuteCredentialsExchange = async (event, api) => {
  var values = {};
  ${JSON.stringify(Object.values(map))}.forEach(function (p) { values[p] = at({ event: event }, p); });
  api.accessToken.setCustomClaim('${SHAPE}', values);
};`);
    const action = await shapeFromExchange();
    expect(Object.keys(hook).sort()).toEqual(Object.keys(map).sort());
    for (const [path, eventPath] of Object.entries(map)) {
      expect(hook[path], path).toBeDefined();
      expect(action[eventPath], `${path} → ${eventPath}`).toEqual(hook[path]);
    }
  });

  it.each(hookErrorClassNames)(
    'cb(new %s(m)) ends the token request with its declared OAuth error',
    async (name) => {
      await useScript(`module.exports = function (c, s, a, x, cb) { cb(new ${name}('m1')); };`);
      const res = await exchange();
      const { status, error } = hookErrorClasses[name];
      expect([res.status, res.body]).toEqual([status, { error, error_description: 'm1' }]);
    },
  );

  it.each(hookDenyCodes)(
    'api.access.deny(%s) raises its declared class and OAuth error',
    async (code) => {
      await useScript(`exports.onExecuteCredentialsExchange = async (event, api) => {
        api.access.deny('${code}', 'm2');
      };`);
      const res = await exchange();
      const { status, error } = hookErrorClasses[denyCodeClasses[code]];
      expect([res.status, res.body]).toEqual([status, { error, error_description: 'm2' }]);
      const [execution] = (
        await t.call('GET', `/api/v2/hooks/${hookId}/logs?per_page=1`, { token: admin })
      ).body;
      expect(execution.error_name).toBe(denyCodeClasses[code]);
    },
  );
});
