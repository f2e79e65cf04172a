import fs from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { expect, openSettingsTab, test, withTokenHooks } from './fixtures';

/** The CLI's a0deploy directory fixture: 2 APIs, 2 applications, 4 grants (1 on Auth0's Management API), 2 hooks. */
const FIXTURE = path.resolve('src/cli/fixtures/auth0-directory');

/**
 * The fixture zipped under one top folder (as zipping the export folder does), with every name
 * and identifier made unique: the e2e server is shared by all specs and runs.
 */
function fixtureZip(tag: string): Buffer {
  const renames: [string, string][] = [
    ['Billing Worker', `Billing Worker ${tag}`],
    ['Reporting Job', `Reporting Job ${tag}`],
    ['Billing API', `Billing API ${tag}`],
    ['Reports API', `Reports API ${tag}`],
    ['billing.example.test', `billing-${tag}.example.test`],
    ['reports.example.test', `reports-${tag}.example.test`],
    ['add-tier-claim', `add-tier-claim-${tag}`],
    ['Legacy Scope Filter', `Legacy Scope Filter ${tag}`],
  ];
  const rename = (text: string) =>
    renames.reduce((out, [from, to]) => out.split(from).join(to), text);
  const files: Zippable = {};
  for (const rel of fs.readdirSync(FIXTURE, { recursive: true }).map(String)) {
    const file = path.join(FIXTURE, rel);
    if (fs.statSync(file).isFile())
      files[`tenant/${rename(rel.split(path.sep).join('/'))}`] = Buffer.from(
        rename(fs.readFileSync(file, 'utf8')),
      );
  }
  return Buffer.from(zipSync(files));
}

test('Settings → Import: upload a zipped a0deploy export, preview the plan, apply it, find what it made, and a second preview has nothing to change', async ({
  page,
  api,
}) => {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const billingApi = `Billing API ${tag}`;
  const billing = `https://billing-${tag}.example.test/`;
  const worker = `Billing Worker ${tag}`;
  const hook = `add-tier-claim-${tag}`;

  await test.step('open Settings → Import', async () => {
    await page.goto('/apis');
    await openSettingsTab(page, 'Import');
    await expect(page.getByRole('heading', { name: 'Import', level: 2 })).toBeVisible();
    await expect(page).toHaveURL(/\/settings\/import$/);
    await expect(page.getByRole('heading', { name: 'No plan yet' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Preview plan' })).toBeDisabled();
  });

  await test.step('a file that is not an export is refused', async () => {
    await page.getByLabel('Tenant export').setInputFiles({
      name: 'notes.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from('not a zip'),
    });
    await page.getByRole('button', { name: 'Preview plan' }).click();
    await expect(page.getByRole('alert')).toContainText('notes.zip: not a zip file');
  });

  await page
    .getByLabel('Tenant export')
    .setInputFiles({ name: 'tenant.zip', mimeType: 'application/zip', buffer: fixtureZip(tag) });
  await expect(page.getByRole('alert')).toBeHidden();

  await withTokenHooks(async () => {
    // The export enables a credentials-exchange hook: tokens of other specs must not meet it.
    let hookId = '';
    try {
      await test.step('preview: creates per resource type, and what to know first', async () => {
        await page.getByRole('button', { name: 'Preview plan' }).click();
        await expect(
          page.getByText(
            'tenant.zip (directory format): 9 to create, 0 to update, 0 to delete, 0 unchanged',
          ),
        ).toBeVisible();
        const apis = page.getByRole('table', { name: 'APIs', exact: true });
        await expect(apis.getByRole('row', { name: `${billingApi} (${billing})` })).toContainText(
          'Create',
        );
        const apps = page.getByRole('table', { name: 'Applications', exact: true });
        await expect(apps.getByRole('row', { name: worker })).toContainText(
          'a new client secret is generated',
        );
        const grants = page.getByRole('table', { name: 'Grants', exact: true });
        await expect(grants.getByRole('row')).toHaveCount(4); // header + 3: the Management API grant is not imported
        await expect(
          grants.getByRole('row', {
            name: `Reporting Job ${tag} → https://reports-${tag}.example.test/`,
          }),
        ).toContainText('Create');
        const hooks = page.getByRole('table', { name: 'Hooks', exact: true });
        await expect(hooks.getByRole('row', { name: hook })).toContainText(
          'secret without a value, created unset: TIER_API_KEY',
        );

        const notes = page.getByRole('region', { name: 'Before you apply' });
        await expect(notes.getByRole('note', { name: 'Hook secrets to set' })).toContainText(
          `${hook}: TIER_API_KEY`,
        );
        await expect(notes.getByRole('note', { name: 'New client secrets' })).toContainText(
          `${worker}, Reporting Job ${tag} get a generated client secret`,
        );
        await expect(notes.getByRole('note', { name: /^\d+ warnings?$/ })).toContainText(
          "a grant on Auth0's Management API (https://acme-dev.eu.auth0.com/api/v2/); not imported",
        );
        // Auth0's client fields (callbacks, jwt_configuration, …) are kept, not dropped.
        await expect(notes.getByRole('note', { name: /^\d+ warnings?$/ })).not.toContainText(
          `clients/${worker}.json: dropped fields`,
        );
      });

      await test.step('apply (confirmed): every step ran, with links to what it made', async () => {
        await page.getByRole('button', { name: 'Apply', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Apply the import?' });
        await expect(dialog).toContainText(
          '9 changes are made to this tenant: 9 to create, 0 to update, 0 to delete.',
        );
        await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
        await expect(dialog).toBeHidden();
        await expect(page.getByText('Import applied: 9 changes')).toBeVisible();
        const result = page.getByRole('region', { name: 'Result' });
        await expect(result.getByRole('status')).toHaveText('The import is applied.');
        const applied = result.getByRole('list', { name: 'Applied changes' });
        await expect(applied.getByRole('listitem')).toHaveCount(9);
        await expect(applied).toContainText(`Created application ${worker}`);
        await expect(applied).toContainText(`Created grant ${worker} → ${billing}`);
        await expect(applied.getByRole('link', { name: worker, exact: true })).toHaveAttribute(
          'href',
          /^\/applications\/[^/]+$/,
        );
        await expect(result.getByRole('link', { name: `${worker} → Credentials` })).toHaveAttribute(
          'href',
          /^\/applications\/[^/]+\/credentials$/,
        );
        await expect(page.getByRole('button', { name: 'Apply', exact: true })).toBeHidden();
        const hookLink = applied.getByRole('link', { name: hook });
        hookId = (await hookLink.getAttribute('href'))?.split('/hooks/')[1] ?? '';
        await expect(result.getByRole('link', { name: `${hook} → Secrets` })).toHaveAttribute(
          'href',
          `/hooks/${hookId}/secrets`,
        );
        expect((await api.getHook(hookId)).enabled).toBe(true);
      });

      await test.step('a second preview shows nothing to change', async () => {
        await page.getByRole('button', { name: 'Preview again' }).click();
        await expect(
          page.getByText(
            /tenant\.zip \(directory format\): 0 to create, 0 to update, 0 to delete, 9 unchanged/,
          ),
        ).toBeVisible();
        await expect(
          page.getByRole('status').filter({ hasText: 'Nothing to change' }),
        ).toBeVisible();
        await expect(page.getByRole('button', { name: 'Apply', exact: true })).toBeHidden();
      });
    } finally {
      if (hookId) await api.updateHook(hookId, { enabled: false });
    }
  });

  await test.step('the imported API and application are in the console', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'APIs' })
      .click();
    await page.getByRole('searchbox', { name: 'Search APIs' }).fill(billing);
    await page.getByRole('table', { name: 'APIs' }).getByRole('link', { name: billingApi }).click();
    await expect(page.getByRole('heading', { name: billingApi, level: 1 })).toBeVisible();
    await page.getByRole('tab', { name: 'Scopes' }).click();
    await expect(page.getByText('write:invoices')).toBeVisible();

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Applications' })
      .click();
    await page.getByRole('searchbox', { name: 'Search applications' }).fill(worker);
    await page.getByRole('link', { name: worker }).click();
    await expect(page.getByRole('heading', { name: worker, level: 1 })).toBeVisible();
    await expect(page.getByLabel('Description')).toHaveValue('Nightly invoice run');
  });
});

test('Settings → Import: a failure part-way shows what was applied before it and what was not', async ({
  page,
}) => {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const audience = `https://partial-${tag}.example.test/`;
  const job = `Partial Job ${tag}`;
  // The server refuses a grant scope its API does not define, after the API and application exist.
  const zip = zipSync({
    'resource-servers/Partial API.json': Buffer.from(
      JSON.stringify({
        name: `Partial API ${tag}`,
        identifier: audience,
        scopes: [{ value: 'read:a' }],
      }),
    ),
    'clients/Partial Job.json': Buffer.from(JSON.stringify({ name: job })),
    'grants/Partial Job-Partial API.json': Buffer.from(
      JSON.stringify({ client_id: job, audience, scope: ['read:zzz'] }),
    ),
  });
  await page.goto('/settings/import');
  await page
    .getByLabel('Tenant export')
    .setInputFiles({ name: 'partial.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await page.getByRole('button', { name: 'Preview plan' }).click();
  await expect(
    page.getByText(/partial\.zip \(directory format\): 3 to create, 0 to update, 0 to delete/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page
    .getByRole('dialog', { name: 'Apply the import?' })
    .getByRole('button', { name: 'Apply', exact: true })
    .click();

  await expect(page.getByText('Import stopped part-way')).toBeVisible();
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('2 of 3 changes applied');
  await expect(result.getByRole('alert')).toHaveText(
    new RegExp(
      `^Import stopped at create grant ${job} → ${audience}: .+; 2 changes were applied before it$`,
    ),
  );
  const applied = result.getByRole('list', { name: 'Applied changes' });
  await expect(applied.getByRole('listitem')).toHaveText([
    `Created API Partial API ${tag} (${audience})`,
    `Created application ${job}`,
  ]);
  await expect(
    result.getByRole('list', { name: 'Changes not applied' }).getByRole('listitem'),
  ).toHaveText([`Create grant ${job} → ${audience} (failed)`]);
  await applied.getByRole('link', { name: job }).click();
  await expect(page.getByRole('heading', { name: job, level: 1 })).toBeVisible();
});
