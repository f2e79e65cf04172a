import { createPublicKey } from 'node:crypto';
import {
  expect,
  requestToken,
  test,
  unique,
  watchForeignRequests,
  withTokenHooks,
} from './fixtures';

/** The seed's sample hook ("Use the Dashboard", step 4). */
const SEED = `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://foo.com/claim'] = 'bar';
  access_token.scope = scope;
  access_token.scope.push('extra');
  cb(null, access_token);
};
`;

test("Test your Hook in one click: the application's Test tab runs the exchange, decodes the token, marks the hook's claims and verifies the signature", async ({
  page,
  api,
}) => {
  const foreign = watchForeignRequests(page);
  const stamp = Date.now().toString(36);
  const apiName = unique('Tested API');
  const identifier = `https://tested-${stamp}.example.com`;
  const other = await api.createApi({
    name: unique('Unauthorized API'),
    identifier: `https://unauthorized-${stamp}.example.com`,
  });
  await api.createApi({
    name: apiName,
    identifier,
    scopes: [{ value: 'read:data' }, { value: 'extra' }],
  });
  const app = await api.createClient({ name: unique('Tested service') });
  await api.grant({ client_id: app.client_id, audience: identifier, scope: ['read:data'] });

  await withTokenHooks(async () => {
    const hook = await api.createHook({
      name: `seed test ${stamp}`,
      script: SEED,
      triggerId: 'credentials-exchange',
      enabled: true,
    });
    try {
      await page.goto(`/applications/${app.client_id}`);
      await page.getByRole('tab', { name: 'Test' }).click();
      const apiSelect = page.getByLabel('API', { exact: true });
      await expect(apiSelect).toHaveValue(identifier); // the authorized API comes first
      await expect(
        page.getByText(`The enabled Client Credentials Exchange hook ${hook.name}`),
      ).toBeVisible();
      await page.getByRole('button', { name: 'Run test' }).click();

      const response = page.getByRole('region', { name: 'Response' });
      await expect(response.getByText('200 OK')).toBeVisible();
      const request = page.getByRole('region', { name: 'Request' });
      const curl = request.getByRole('figure', { name: 'curl command' });
      await expect(curl).toContainText(app.client_id);
      await expect(curl).not.toContainText(app.client_secret ?? 'no secret');
      await request.getByRole('button', { name: 'Reveal secret' }).click();
      await expect(curl).toContainText(app.client_secret ?? '');
      await request.getByRole('button', { name: 'HAR' }).click();
      await expect(request.getByRole('figure', { name: 'HAR request' })).toContainText(
        '"postData"',
      );

      const decoded = page.getByRole('region', { name: 'Decoded token' });
      await expect(decoded.getByRole('status')).toContainText('Signature verified');
      await expect(decoded.getByRole('figure', { name: 'Payload: data' })).toContainText(
        '"https://foo.com/claim": "bar"',
      );
      const claims = decoded.getByRole('table', { name: 'Token claims' });
      const custom = claims.getByRole('row', { name: /https:\/\/foo\.com\/claim/ });
      await expect(custom).toContainText('Added by hook');
      await expect(custom).toContainText('bar');
      const scope = claims.getByRole('row', { name: /^scope/ });
      await expect(scope).toContainText('read:data extra');
      await expect(scope).toContainText('Changed by hook');
      await expect(scope.getByRole('list', { name: 'Scope changes by the hook' })).toContainText(
        'extra added by hook',
      );
      await expect(claims.getByRole('row', { name: /^exp/ })).toContainText(
        /expires in 2\d h|expires in 1 d/,
      );
      await expect(claims.getByRole('row', { name: /^iss/ })).not.toContainText('by hook');
      await expect(
        decoded.getByText(
          'Everything the hook returned is in the token: the platform dropped nothing.',
        ),
      ).toBeVisible();
    } finally {
      await api.updateHook(hook.id, { enabled: false });
    }
  });

  await test.step('an unauthorized pair says why it fails, and the exchange shows the 403 in plain words', async () => {
    await page.getByLabel('API', { exact: true }).selectOption(other.identifier);
    await expect(page.getByRole('note').filter({ hasText: 'is not authorized for' })).toContainText(
      '403 access_denied',
    );
    await page.getByRole('button', { name: 'Run test' }).click();
    const response = page.getByRole('region', { name: 'Response' });
    await expect(response.getByText('403 Forbidden')).toBeVisible();
    const alert = response.getByRole('alert');
    await expect(alert).toContainText(
      'The application has no grant for this API, so it may not get a token for it.',
    );
    await expect(alert).toContainText('access_denied');
    await expect(alert).toContainText('Client is not authorized');
    await expect(page.getByRole('region', { name: 'Decoded token' })).toHaveCount(0);
    await expect(
      page.getByRole('navigation', { name: 'Recent runs' }).getByRole('button'),
    ).toHaveCount(2);
  });

  expect(foreign).toEqual([]);
});

test('the Hooks page leads to the Test panel, and the decoder says what is wrong with a malformed token', async ({
  page,
}) => {
  const foreign = watchForeignRequests(page);
  await page.goto('/hooks');
  await page.getByRole('link', { name: 'Test', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Test', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run test' })).toBeVisible();
  await page.getByRole('tab', { name: 'Decode a token' }).click();
  await page.getByRole('textbox', { name: 'Token' }).fill('eyJhbGciOiJSUzI1NiJ9.not-json.sig');
  await expect(page.getByRole('alert')).toContainText('The payload is not valid');
  expect(foreign).toEqual([]);
});

/** Returns claims the platform ignores besides one it keeps. */
const DROPPING = `module.exports = function(client, scope, audience, context, cb) {
  cb(null, { scope: scope, 'https://foo.com/kept': 1, plain: 'x', 'https://tenant.auth0.com/claim': 'y', sub: 'someone else' });
};
`;

/** The hooks guide's refusal. */
const DENY = `module.exports = function(client, scope, audience, context, cb) {
  cb(new Error('access denied'));
};
`;

/** A refusal that ends as a 400 invalid_scope. */
const REFUSE_SCOPE = `module.exports = function(client, scope, audience, context, cb) {
  cb(new InvalidScopeError('read:data needs the gold tier'));
};
`;

test("the API's Test tab lists what the platform dropped from the hook's result, and shows a hook's refusal in plain words", async ({
  page,
  api,
}) => {
  const foreign = watchForeignRequests(page);
  const stamp = Date.now().toString(36);
  const identifier = `https://denied-${stamp}.example.com`;
  const target = await api.createApi({
    name: unique('Guarded API'),
    identifier,
    scopes: [{ value: 'read:data' }],
  });
  const app = await api.createClient({ name: unique('Refused service') });
  await api.grant({ client_id: app.client_id, audience: identifier, scope: ['read:data'] });

  await withTokenHooks(async () => {
    const hook = await api.createHook({
      name: `dropping ${stamp}`,
      script: DROPPING,
      triggerId: 'credentials-exchange',
      enabled: true,
    });
    try {
      await page.goto(`/apis/${target.id}`);
      await page.getByRole('tab', { name: 'Test' }).click();
      await page.getByLabel('Application', { exact: true }).selectOption(app.client_id);
      await page.getByRole('button', { name: 'Run test' }).click();

      const decoded = page.getByRole('region', { name: 'Decoded token' });
      await expect(decoded.getByRole('status')).toContainText('Signature verified');
      const claims = decoded.getByRole('table', { name: 'Token claims' });
      await expect(claims.getByRole('row', { name: /https:\/\/foo\.com\/kept/ })).toContainText(
        'Added by hook',
      );
      await expect(claims.getByRole('row', { name: /^sub/ })).not.toContainText('someone else');
      const dropped = decoded.getByRole('list', { name: 'Claims dropped by the platform' });
      await expect(dropped.getByRole('listitem')).toHaveCount(3);
      await expect(dropped.getByRole('listitem').filter({ hasText: 'plain' })).toContainText(
        'Not namespaced',
      );
      await expect(dropped.getByRole('listitem').filter({ hasText: 'auth0.com' })).toContainText(
        'Reserved namespace',
      );
      await expect(dropped.getByRole('listitem').filter({ hasText: /^sub/ })).toContainText(
        'Tokenhook sets sub itself',
      );

      await test.step("cb(new Error('access denied')): the 500 server_error and the hook's message", async () => {
        await api.updateHook(hook.id, { script: DENY });
        await page.getByRole('button', { name: 'Run test' }).click();
        const response = page.getByRole('region', { name: 'Response' });
        await expect(response.getByText('500 Internal Server Error')).toBeVisible();
        const alert = response.getByRole('alert');
        await expect(alert).toContainText(
          `The hook “${hook.name}” refused the token: access denied`,
        );
        await expect(alert).toContainText('OAuth error server_error (HTTP 500)');
        await expect(page.getByRole('region', { name: 'Decoded token' })).toHaveCount(0);
      });

      await test.step('cb(new InvalidScopeError(…)): a 400 put down to the hook, not the request', async () => {
        await api.updateHook(hook.id, { script: REFUSE_SCOPE });
        await page.getByRole('button', { name: 'Run test' }).click();
        const response = page.getByRole('region', { name: 'Response' });
        await expect(response.getByText('400 Bad Request')).toBeVisible();
        const alert = response.getByRole('alert');
        await expect(alert).toContainText(
          `The hook “${hook.name}” refused the token: read:data needs the gold tier`,
        );
        await expect(alert).not.toContainText('A scope in the request');
        await expect(alert).not.toContainText('The server said');
        await expect(alert).toContainText('OAuth error invalid_scope (HTTP 400)');
      });
    } finally {
      await api.updateHook(hook.id, { enabled: false });
    }
  });
  expect(foreign).toEqual([]);
});

test('the decoder verifies against a JWKS URL of this origin or a pasted PEM key, and says why not for others', async ({
  page,
  api,
}) => {
  const foreign = watchForeignRequests(page);
  const stamp = Date.now().toString(36);
  const identifier = `https://decoded-${stamp}.example.com`;
  await api.createApi({
    name: unique('Decoded API'),
    identifier,
    scopes: [{ value: 'read:data' }],
  });
  const app = await api.createClient({ name: unique('Decoded service') });
  await api.grant({ client_id: app.client_id, audience: identifier, scope: ['read:data'] });
  const { body } = await withTokenHooks(() => requestToken(page.request, app, identifier));
  const token = body.access_token ?? '';
  expect(token).not.toBe('');
  const kid = (
    JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      kid: string;
    }
  ).kid;
  const jwks = (await (await page.request.get('/.well-known/jwks.json')).json()) as {
    keys: ({ kid: string } & Record<string, unknown>)[];
  };
  const jwk = jwks.keys.find((k) => k.kid === kid)!;
  const pem = createPublicKey({ key: jwk, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();

  await page.goto('/hooks/test/decode');
  await page.getByRole('textbox', { name: 'Token' }).fill(token);
  const decoded = page.getByRole('region', { name: 'Decoded token' });
  const verify = page.getByRole('button', { name: 'Verify signature' });

  await page.getByRole('radio', { name: 'A JWKS URL' }).click();
  await verify.click();
  await expect(decoded.getByRole('status')).toContainText('Signature verified');
  await expect(decoded.getByRole('status')).toContainText('/.well-known/jwks.json');

  await page
    .getByRole('textbox', { name: 'JWKS URL' })
    .fill('https://tenant.example.org/.well-known/jwks.json');
  await verify.click();
  await expect(page.getByRole('alert')).toContainText("connect-src 'self'");

  await page.getByRole('radio', { name: 'A public key' }).click();
  const key = page.getByRole('textbox', { name: 'Public key' });
  await key.fill('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
  await expect(page.getByText('This is a certificate')).toBeVisible();
  await key.fill(pem);
  await expect(page.getByText(/Read as a PEM (RSA|EC) public key\./)).toBeVisible();
  await verify.click();
  await expect(decoded.getByRole('status')).toContainText('Signature verified');
  await expect(decoded.getByRole('status')).toContainText(/a PEM (RSA|EC) public key/);

  const [h, p] = token.split('.');
  await page
    .getByRole('textbox', { name: 'Token' })
    .fill(`${h}.${p}.${Buffer.from('forged').toString('base64url')}`);
  await verify.click();
  await expect(decoded.getByRole('status')).toContainText('Invalid signature');
  expect(foreign).toEqual([]);
});
