import { describe, expect, it } from 'vitest';
import { credentialsExchangeSample, hookPoint } from '@/shared/hook-points';
import { convertToActions, splitTopLevel } from './convert';
import { actionsStarter, detectStyle } from './style';

const body = (script: string) => {
  const result = convertToActions(script);
  if (!result.ok) throw new Error(result.reason);
  return result.script.slice(
    result.script.indexOf('async (event, api) => {\n') + 24,
    result.script.lastIndexOf('\n};'),
  );
};

describe('detectStyle', () => {
  it('tells the styles apart as the server does', () => {
    expect(detectStyle(credentialsExchangeSample)).toBe('hook');
    expect(detectStyle(actionsStarter)).toBe('actions');
  });
});

describe('convertToActions', () => {
  it('converts the seed (and the starter with its header comment) into the Actions starter’s shape', () => {
    const expected = [
      "  api.accessToken.setCustomClaim('https://foo.com/claim', 'bar');",
      '  // Actions keep target scopes within the grant: a scope the application is not granted',
      '  // on this API is dropped, with a warning in the logs (a Hook could add any scope).',
      "  api.transaction.addTargetScope('extra');",
    ].join('\n');
    expect(body(credentialsExchangeSample)).toBe(expected);
    expect(body(hookPoint('credentials-exchange').starterCode)).toBe(expected);
    const result = convertToActions(credentialsExchangeSample);
    expect(result.ok && detectStyle(result.script)).toBe('actions');
    expect(result.ok && result.script).toContain(
      'exports.onExecuteCredentialsExchange = async (event, api) => {',
    );
    expect(result.ok && result.notes).toHaveLength(1);
  });

  it('maps the Hook arguments onto event, errors onto api.access.deny, and keeps comments, locals and ifs', () => {
    const script = `module.exports = function (c, s, aud, ctx, done) {
  // who is asking
  var token = { 'https://example.com/tenant': c.tenant };
  const plan = c.metadata.plan;
  console.log('exchange for ' + c.name + ' from ' + ctx.ip);
  if (plan !== 'full') {
    return done(new InvalidScopeError('plan ' + plan + ' cannot have ' + aud));
  } else if (ctx.webtask.secrets.BLOCKED === c.id) {
    done(new InvalidRequestError('blocked'));
  }
  if (s.length === 0) return done(new ServerError());
  token["https://example.com/ua"] = ctx.userAgent;
  token.scope = ['read:a', 'read:b'];
  done(null, token);
};`;
    expect(body(script)).toBe(`  // who is asking
  api.accessToken.setCustomClaim('https://example.com/tenant', event.tenant.id);
  const plan = event.client.metadata.plan;
  console.log('exchange for ' + event.client.name + ' from ' + event.request.ip);
  if (plan !== 'full') {
    api.access.deny('invalid_scope', 'plan ' + plan + ' cannot have ' + event.resource_server.identifier);
    return;
  } else if (event.secrets.BLOCKED === event.client.client_id) {
    api.access.deny('invalid_request', 'blocked');
    return;
  }
  if (event.accessToken.scope.length === 0) {
    api.access.deny('server_error', 'Access denied');
    return;
  }
  api.accessToken.setCustomClaim('https://example.com/ua', event.request.user_agent);
  // Actions keep target scopes within the grant: a scope the application is not granted
  // on this API is dropped, with a warning in the logs (a Hook could add any scope).
  api.transaction.setTargetScopes(['read:a', 'read:b']);`);
  });

  it('converts cb(null, { … }) with an object literal, and leaves strings alone', () => {
    expect(
      body(
        "module.exports = function(client, scope, audience, context, cb) {\n  cb(null, { scope: scope, 'https://x.io/c': 'client.id, scope' });\n};\n",
      ),
    ).toBe("  api.accessToken.setCustomClaim('https://x.io/c', 'client.id, scope');");
  });

  it.each([
    [
      'async code',
      'module.exports = function(client, scope, audience, context, cb) {\n  setTimeout(function () { cb(null, {}); }, 10);\n};\n',
      2,
      'is not a statement the converter recognises',
    ],
    [
      'a non-URL claim',
      "module.exports = function(client, scope, audience, context, cb) {\n  var t = {};\n  t.plan = 'x';\n  cb(null, t);\n};\n",
      3,
      '`plan` is not a claim',
    ],
    [
      'an unknown client field',
      "module.exports = function(client, scope, audience, context, cb) {\n  cb(null, { 'https://a.io/x': client.secret });\n};\n",
      2,
      '`client.secret`',
    ],
    [
      'code after cb',
      "module.exports = function(client, scope, audience, context, cb) {\n  cb(null, {});\n  console.log('late');\n};\n",
      3,
      'code after the final',
    ],
    [
      'a pushed scope without scope set',
      "module.exports = function(client, scope, audience, context, cb) {\n  var t = {};\n  t.scope.push('x');\n  cb(null, t);\n};\n",
      3,
      'pushed before',
    ],
    [
      'an error variable',
      "module.exports = function(client, scope, audience, context, cb) {\n  var e = new Error('x');\n  cb(e);\n};\n",
      3,
      'is not an error',
    ],
    [
      'a template literal',
      'module.exports = function(client, scope, audience, context, cb) {\n  console.log(`hi ${client.name}`);\n  cb(null, {});\n};\n',
      2,
      'template literals',
    ],
  ])('refuses %s and says where', (_what, script, line, reason) => {
    const result = convertToActions(script);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.line).toBe(line);
    expect(!result.ok && result.reason).toContain(reason);
    expect(!result.ok && result.reason).toContain(`Line ${line}:`);
  });

  it('maps every Hook argument the contract maps, context.body to event.request.body included', () => {
    const result = convertToActions(
      "module.exports = function(c, s, a, ctx, cb) {\n  cb(null, { 'https://a.io/x': [c.id, c.tenant, s.length, a, ctx.ip, ctx.body.org, ctx.webtask.secrets.K] });\n};\n",
    );
    expect(result.ok && result.script).toContain(
      "api.accessToken.setCustomClaim('https://a.io/x', [event.client.client_id, event.tenant.id, event.accessToken.scope.length, event.resource_server.identifier, event.request.ip, event.request.body.org, event.secrets.K]);",
    );
    expect(
      convertToActions(
        'module.exports = function(client, scope, audience, context, cb) {\n  cb(null, { "https://a.io/x": context.grant });\n};\n',
      ),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('(use ip, userAgent, body or webtask.secrets)'),
    });
  });

  it('refuses what is not a credentials-exchange Hook at all', () => {
    expect(convertToActions(actionsStarter)).toEqual({
      ok: false,
      reason: 'This script is already in the Actions style.',
    });
    expect(
      convertToActions('module.exports = function (user, context, cb) {\n  cb();\n};\n'),
    ).toMatchObject({ ok: false, line: 1 });
    expect(convertToActions('const x = 1;\n')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not start with'),
    });
  });
});

it('splitTopLevel ignores separators in strings and brackets', () => {
  expect(splitTopLevel("a, 'b, c', f(d, e), [1, 2]", ',')).toEqual([
    'a',
    "'b, c'",
    'f(d, e)',
    '[1, 2]',
  ]);
});
