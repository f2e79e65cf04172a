import { expect, test, unique } from './fixtures';

test('the Create API dialog checks its fields and keeps them when the server refuses', async ({
  page,
  api,
}) => {
  const taken = await api.createApi({
    name: unique('Taken'),
    identifier: `urn:taken:${Date.now().toString(36)}`,
  });
  await page.goto('/apis');
  await page.getByRole('button', { name: 'Create API' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API' });
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByLabel('Name')).toHaveAccessibleDescription('Required');
  await expect(dialog.getByLabel('Identifier')).toHaveAccessibleDescription('Required');

  await dialog.getByLabel('Name').fill('Duplicate');
  await dialog.getByLabel('Identifier').fill(taken.identifier);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(dialog.getByLabel('Identifier')).toHaveValue(taken.identifier);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('APIs can be searched, renamed, and deleted after typing the name', async ({ page, api }) => {
  const created = await api.createApi({
    name: unique('Inventory API'),
    identifier: `urn:inventory:${Date.now().toString(36)}`,
  });
  await page.goto('/apis');
  await page.getByRole('searchbox', { name: 'Search APIs' }).fill(created.identifier);
  const table = page.getByRole('table', { name: 'APIs' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await table.getByRole('link', { name: created.name }).click();

  const renamed = `${created.name} v2`;
  await page.getByLabel('Name').fill(renamed);
  await page.getByLabel('Token lifetime (seconds)').fill('3600');
  await expect(page.getByText('Tokens expire after 1 hour.')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: renamed, level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Delete API' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete API?' });
  const confirm = dialog.getByRole('button', { name: 'Delete API' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${renamed} to confirm`).fill(renamed);
  await confirm.click();
  await expect(page.getByRole('heading', { name: 'APIs', level: 1 })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search APIs' }).fill(created.identifier);
  await expect(page.getByRole('heading', { name: /No APIs match/ })).toBeVisible();
});

test('a scope the API already has is refused, and the error goes once the field is edited', async ({
  page,
  api,
}) => {
  const target = await api.createApi({
    name: unique('Scoped API'),
    identifier: `https://scoped-${Date.now().toString(36)}.example.com`,
    scopes: [{ value: 'read:data' }],
  });
  await page.goto(`/apis/${target.id}`);
  await page.getByRole('tab', { name: 'Scopes' }).click();
  const field = page.getByLabel('Scope', { exact: true });
  await field.fill('read:data');
  await page.getByRole('button', { name: 'Add scope' }).click();
  await expect(page.getByText('This API already has that scope')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('');
  await expect(page.getByText('This API already has that scope')).toHaveCount(0);
});
