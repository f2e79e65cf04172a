import { expect, test } from './fixtures';

test('the system Management API is read-only, but applications can be authorized on it', async ({
  page,
  api,
}) => {
  const app = await api.createClient({ name: `Deploy bot ${Date.now().toString(36)}` });

  await page.goto('/apis');
  await page.getByRole('link', { name: 'Auth0 Management API' }).click();
  await expect(page.getByRole('heading', { name: 'Auth0 Management API', level: 1 })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('cannot be changed or deleted');
  await expect(page.getByLabel('Name')).toBeDisabled();
  await expect(page.getByLabel('Token lifetime (seconds)')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete API' })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Scopes' }).click();
  await expect(
    page
      .getByRole('table', { name: 'Scopes' })
      .getByRole('cell', { name: 'read:clients', exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add scope' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Remove / })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Machine to Machine Applications' }).click();
  const row = page.getByRole('region', { name: app.name });
  await row.getByRole('switch', { name: 'Authorized' }).click();
  await expect(row.getByRole('checkbox', { name: 'read:clients' })).toBeVisible();
  await expect(row.getByRole('switch', { name: 'Authorized' })).toBeChecked();
});
