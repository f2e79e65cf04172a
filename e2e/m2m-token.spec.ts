import { e2e } from './env';
import { expect, jwtPayload, test, unique, withTokenHooks } from './fixtures';

test('an admin sets up an API and an application, and the application gets a token with its granted scope', async ({
  page,
  request,
}) => {
  const apiName = unique('Orders API');
  const identifier = `https://orders-${Date.now().toString(36)}.example.com`;
  const appName = unique('Billing service');
  // Nothing leaves the origin: fonts and icons are bundled.
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${e2e.baseURL}/`) && !url.startsWith('data:')) foreign.push(url);
  });

  await test.step('create an API', async () => {
    await page.goto('/apis');
    await page.getByRole('button', { name: 'Create API' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create API' });
    await dialog.getByLabel('Name').fill(apiName);
    await dialog.getByLabel('Identifier').fill(identifier);
    await dialog.getByLabel('Signing algorithm').selectOption('RS256');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('heading', { name: apiName, level: 1 })).toBeVisible();
  });

  await test.step('give it two scopes', async () => {
    await page.getByRole('tab', { name: 'Scopes' }).click();
    const scopes = [
      { value: 'read:orders', description: 'Read orders' },
      { value: 'write:orders', description: 'Create and change orders' },
    ];
    for (const { value, description } of scopes) {
      await page.getByLabel('Scope', { exact: true }).fill(value);
      await page.getByLabel('Description').fill(description);
      await page.getByRole('button', { name: 'Add scope' }).click();
      await expect(
        page.getByRole('table', { name: 'Scopes' }).getByRole('cell', { name: value, exact: true }),
      ).toBeVisible();
    }
  });

  await test.step('create an application', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Applications' })
      .click();
    await page.getByRole('button', { name: 'Create Application' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create Application' });
    await dialog.getByLabel('Name').fill(appName);
    await dialog.getByLabel('Description').fill('Charges customers for their orders');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('heading', { name: appName, level: 1 })).toBeVisible();
  });

  await test.step('authorize it on the API for one scope', async () => {
    await page.getByRole('tab', { name: 'APIs' }).click();
    const row = page.getByRole('region', { name: apiName });
    // The grant's POST is awaited and checked, so a refusal names itself instead of a switch
    // that stays off (CI once saw it stay off, with nothing to say why).
    const created = page.waitForResponse(
      (res) => res.request().method() === 'POST' && res.url().endsWith('/api/v2/client-grants'),
    );
    await row.getByRole('switch', { name: 'Authorized' }).click();
    const response = await created;
    expect(response.status(), await response.text()).toBe(201);
    await expect(row.getByRole('switch', { name: 'Authorized' })).toBeChecked();
    await row.getByRole('checkbox', { name: 'read:orders' }).check();
    await row.getByRole('button', { name: 'Save scopes' }).click();
    await expect(row.getByRole('button', { name: '1 of 2 scopes' })).toBeVisible();
  });

  await test.step('the API sees the same grant from its side', async () => {
    await page.getByRole('region', { name: apiName }).getByRole('link', { name: apiName }).click();
    await page.getByRole('tab', { name: 'Machine to Machine Applications' }).click();
    const row = page.getByRole('region', { name: appName });
    await expect(row.getByRole('switch', { name: 'Authorized' })).toBeChecked();
    await row.getByRole('button', { name: '1 of 2 scopes' }).click();
    await expect(row.getByRole('checkbox', { name: 'read:orders' })).toBeChecked();
    await expect(row.getByRole('checkbox', { name: 'write:orders' })).not.toBeChecked();
    await row.getByRole('link', { name: appName }).click();
  });

  const credentials = await test.step('reveal and copy the credentials', async () => {
    await page.getByRole('tab', { name: 'Credentials' }).click();
    const secretField = page.getByLabel('Client secret', { exact: true });
    await expect(secretField).toHaveAttribute('type', 'password');
    await page.getByRole('button', { name: 'Show client secret' }).click();
    await expect(secretField).toHaveAttribute('type', 'text');
    const secret = await secretField.inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(32);

    await page.getByRole('button', { name: 'Copy client secret' }).click();
    await expect(page.getByText('Copied to clipboard').first()).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    await page.getByRole('button', { name: 'Copy client ID' }).click();
    const clientId = await page.evaluate(() => navigator.clipboard.readText());
    await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue(clientId);
    return { clientId, secret };
  });

  await test.step('the Quickstart shows the request for the authorized API', async () => {
    await page.getByRole('tab', { name: 'Quickstart' }).click();
    await expect(page.getByLabel('API')).toHaveValue(identifier);
    const snippet = page.getByRole('figure', { name: 'Request a token with curl' });
    await expect(snippet).toContainText(credentials.clientId);
    await expect(snippet).toContainText(identifier);
  });

  await test.step('request a token over HTTP with the copied credentials', async () => {
    // No other spec's hook may change this token's scope while it is issued.
    const res = await withTokenHooks(() =>
      request.post('/oauth/token', {
        form: {
          grant_type: 'client_credentials',
          client_id: credentials.clientId,
          client_secret: credentials.secret,
          audience: identifier,
        },
      }),
    );
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string; scope: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.scope).toBe('read:orders');
    expect(jwtPayload(body.access_token)).toMatchObject({
      aud: identifier,
      azp: credentials.clientId,
      sub: `${credentials.clientId}@clients`,
      scope: 'read:orders',
      gty: 'client-credentials',
    });
  });

  expect(foreign).toEqual([]);
});
