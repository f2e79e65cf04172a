import { expect, test, unique, watchForeignRequests } from './fixtures';

test('rotating the signing keys through the dialog makes a new current key and keeps the old one as previous; the Logs page shows it and a token exchange', async ({
  page,
  api,
  request,
}) => {
  const foreign = watchForeignRequests(page);
  const before = (await api.listSigningKeys()).find((k) => k.current && k.alg === 'RS256');
  expect(before).toBeDefined();
  const oldKid = before?.kid ?? '';

  await test.step('rotate from Settings → Signing keys', async () => {
    await page.goto('/apis');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await expect(page.getByRole('heading', { name: 'Signing keys', level: 2 })).toBeVisible();
    const keys = page.getByRole('table', { name: 'Signing keys' });
    await expect(keys.getByRole('row', { name: new RegExp(oldKid) })).toContainText('Current');
    await page.getByRole('button', { name: 'Rotate signing keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate signing keys?' });
    await expect(dialog).toContainText('stay valid until they expire');
    await dialog.getByRole('button', { name: 'Rotate keys' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Signing keys rotated')).toBeVisible();
    await expect(keys.getByRole('row', { name: new RegExp(oldKid) })).toContainText('Previous');
    const current = keys
      .getByRole('row')
      .filter({ hasText: 'Current' })
      .filter({ hasText: 'RS256' });
    await expect(current).toHaveCount(1);
    await expect(current).not.toContainText(oldKid);
  });

  const app = await api.createClient({ name: unique('Logged service') });
  const identifier = `https://logged-${Date.now().toString(36)}.example.com`;
  await api.createApi({ name: unique('Logged API'), identifier });
  await api.grant({ client_id: app.client_id, audience: identifier, scope: [] });
  const token = await request.post('/oauth/token', {
    data: {
      grant_type: 'client_credentials',
      client_id: app.client_id,
      client_secret: app.client_secret,
      audience: identifier,
    },
  });
  expect(token.status()).toBe(200);

  await test.step('the Logs page lists the rotation and the token exchange, newest first, with their JSON', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Logs' })
      .click();
    await expect(page.getByRole('heading', { name: 'Logs', level: 1 })).toBeVisible();
    const events = page.getByRole('table', { name: 'Log events' });
    await page.getByLabel('Type').selectOption({ label: 'API operation' });
    await expect(events).not.toHaveAttribute('aria-busy', 'true');
    const rotation = events.getByRole('row').filter({ hasText: 'Signing keys: rotated' }).first();
    await expect(rotation).toContainText('API operation');
    await expect(rotation).toContainText('admin@e2e.tokenhook.test');

    await page.getByLabel('Type').selectOption({ label: 'Token exchange' });
    // Until the filtered page arrives, the previous one stays on screen, dimmed and busy.
    await expect(events).not.toHaveAttribute('aria-busy', 'true');
    const exchange = events
      .getByRole('row')
      .filter({ hasText: app.name })
      .filter({ has: page.getByRole('button', { name: /^Details of Token exchange/ }) });
    await expect(exchange).toContainText('Token exchange');
    await exchange.getByRole('button', { name: /^Details of Token exchange/ }).click();
    const json = page.getByRole('figure', { name: 'Event JSON' });
    await expect(json).toContainText(`"client_id": "${app.client_id}"`);
    await expect(json).toContainText('"type": "seccft"');
    await expect(json).not.toContainText(app.client_secret ?? 'no secret');
  });

  await test.step('a hook change reads as words with the hook name, and links to the hook', async () => {
    const hook = await api.createHook({
      name: `logged-hook-${Date.now().toString(36)}`,
      script:
        'module.exports = function(client, scope, audience, context, cb) {\n  cb(null, {});\n};\n',
      triggerId: 'credentials-exchange',
    });
    await api.saveHookDraft(
      hook.id,
      'module.exports = function(client, scope, audience, context, cb) {\n  cb(null, { a: 1 });\n};\n',
    );
    await page.reload();
    await page.getByLabel('Type').selectOption({ label: 'API operation' });
    const saved = page
      .getByRole('table', { name: 'Log events' })
      .getByRole('row')
      .filter({ hasText: `Hook ${hook.name}: draft saved` });
    await expect(saved).toBeVisible();
    await saved.getByRole('link', { name: 'Open the hook' }).click();
    await expect(page.getByRole('heading', { name: hook.name, level: 1 })).toBeVisible();
  });

  expect(foreign).toEqual([]);
});
