import { expect, test, unique } from './fixtures';

test('application metadata is validated with Auth0 limits and saved', async ({ page, api }) => {
  const app = await api.createClient({ name: unique('Reporting job') });
  await page.goto(`/applications/${app.client_id}`);
  await page.getByRole('button', { name: 'Add metadata' }).click();
  await page.getByLabel('Metadata key 1').fill('team');
  await page.getByLabel('Metadata value 1').fill('x'.repeat(256));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByLabel('Metadata value 1')).toHaveAccessibleDescription(
    'Must be at most 255 characters',
  );

  await page.getByLabel('Metadata value 1').fill('payments');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await expect
    .poll(async () => (await api.getClient(app.client_id)).client_metadata)
    .toEqual({ team: 'payments' });

  for (let i = 2; i <= 10; i++) await page.getByRole('button', { name: 'Add metadata' }).click();
  await expect(page.getByRole('button', { name: 'Add metadata' })).toBeDisabled();
});

test('rotating the secret asks first, then shows the new secret', async ({ page, api }) => {
  const app = await api.createClient({ name: unique('Nightly export') });
  await page.goto(`/applications/${app.client_id}/credentials`);
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the client secret?' });
  await dialog.getByRole('button', { name: 'Rotate secret' }).click();
  await expect(dialog).toBeHidden();
  const secret = page.getByLabel('Client secret', { exact: true });
  await expect(secret).toHaveAttribute('type', 'text');
  await expect(secret).not.toHaveValue(app.client_secret ?? '');
  expect(await secret.inputValue()).toBe((await api.getClient(app.client_id)).client_secret);
});

test('unauthorizing from the API side shows at once on the application', async ({ page, api }) => {
  const rs = await api.createApi({
    name: unique('Shipping API'),
    identifier: `urn:shipping:${Date.now().toString(36)}`,
    scopes: [{ value: 'ship:parcels' }],
  });
  const app = await api.createClient({ name: unique('Warehouse robot') });
  await api.grant({ client_id: app.client_id, audience: rs.identifier, scope: ['ship:parcels'] });

  await page.goto(`/applications/${app.client_id}/quickstart`);
  await expect(page.getByLabel('API')).toHaveValue(rs.identifier);
  // The secret is masked as on the other tabs until revealed; the copy button copies the real one.
  const snippet = page.getByRole('figure', { name: 'Request a token with curl' });
  await expect(snippet).toContainText(app.client_id);
  await expect(snippet).not.toContainText(app.client_secret ?? 'no secret');
  await snippet.getByRole('button', { name: 'Copy curl command' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
    app.client_secret ?? 'no secret',
  );
  await page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(snippet).toContainText(app.client_secret ?? 'no secret');

  await page.goto(`/apis/${rs.id}/applications`);
  const row = page.getByRole('region', { name: app.name });
  await row.getByRole('switch', { name: 'Authorized' }).click();
  await expect(row.getByRole('switch', { name: 'Authorized' })).not.toBeChecked();

  await row.getByRole('link', { name: app.name }).click();
  await page.getByRole('tab', { name: 'Quickstart' }).click();
  await expect(page.getByRole('heading', { name: 'Not authorized on any API yet' })).toBeVisible();
  expect(await api.listGrants({ client_id: app.client_id })).toEqual([]);
});
