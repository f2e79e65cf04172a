import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, unique } from './fixtures';

/**
 * WCAG 2.2 AA as axe-core checks it, on every page of the console and its dialogs, in both
 * themes: no violations. (axe checks what a machine can: contrast, names, roles, structure;
 * keyboard paths are covered by the feature specs.)
 */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectNoViolations(page: Page, where: string) {
  // Transitions finish first: a half-faded element has a contrast it never shows at rest.
  await page.waitForTimeout(300);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const found = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n')}`,
  );
  expect(found, `${where}\n${found.join('\n')}`).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });

    test('every page of the console', async ({ page, api }) => {
      test.setTimeout(180_000);
      const resource = await api.createApi({
        name: unique('A11y API'),
        identifier: `https://${unique('a11y').replace(/\W/g, '')}.example.com`,
        scopes: [{ value: 'read:things', description: 'Read things' }],
      });
      const client = await api.createClient({ name: unique('A11y application') });
      await api.grant({
        client_id: client.client_id,
        audience: resource.identifier,
        scope: ['read:things'],
      });
      const hook = await api.createHook({
        name: unique('a11y hook').replace(/[^a-zA-Z0-9 -]/g, ''),
        // The require puts left-pad under "Found in your code" on the Modules tab.
        script:
          "module.exports = function(client, scope, audience, context, cb) {\n  require('left-pad');\n  cb(null, {});\n};\n",
        triggerId: 'credentials-exchange',
      });

      const pages: [string, string, RegExp | string][] = [
        ['/apis', 'APIs', 'APIs'],
        [`/apis/${resource.id}`, 'API settings', resource.name],
        [`/apis/${resource.id}/scopes`, 'API scopes', resource.name],
        [`/apis/${resource.id}/applications`, 'API applications', resource.name],
        [`/apis/${resource.id}/test`, 'API test', resource.name],
        ['/applications', 'Applications', 'Applications'],
        [`/applications/${client.client_id}`, 'Application settings', client.name],
        [`/applications/${client.client_id}/quickstart`, 'Application quickstart', client.name],
        [`/applications/${client.client_id}/credentials`, 'Application credentials', client.name],
        [`/applications/${client.client_id}/apis`, 'Application APIs', client.name],
        [`/applications/${client.client_id}/test`, 'Application test', client.name],
        ['/hooks', 'Hooks', 'Hooks'],
        ['/hooks/test', 'Hook runner', /.+/],
        [`/hooks/${hook.id}`, 'Hook editor: Runner', hook.name],
        [`/hooks/${hook.id}/tests`, 'Hook editor: Tests', hook.name],
        [`/hooks/${hook.id}/logs`, 'Hook editor: Logs', hook.name],
        [`/hooks/${hook.id}/secrets`, 'Hook editor: Secrets', hook.name],
        [`/hooks/${hook.id}/modules`, 'Hook editor: Modules', hook.name],
        [`/hooks/${hook.id}/settings`, 'Hook editor: Settings', hook.name],
        ['/logs', 'Logs', 'Logs'],
        ['/settings/keys', 'Signing keys', 'Settings'],
        ['/settings/import', 'Import', 'Settings'],
        ['/settings/password', 'Password', 'Settings'],
        ['/no-such-page', 'Not found', /.+/],
      ];
      for (const [url, where, heading] of pages) {
        await page.goto(url);
        await expect(page.getByRole('heading', { level: 1, name: heading }).first()).toBeVisible();
        // Loading skeletons gone (the hook Logs tab keeps a live stream open: no network idle).
        await expect(page.getByRole('status', { name: /^Loading/ })).toHaveCount(0, {
          timeout: 20_000,
        });
        await expectNoViolations(page, where);
      }
    });

    test('the dialogs, a form with errors and the phone menu', async ({ page }) => {
      await page.goto('/apis');
      await page.getByRole('button', { name: 'Create API' }).first().click();
      await expect(page.getByRole('dialog', { name: 'Create API' })).toBeVisible();
      await expectNoViolations(page, 'Create API dialog');
      await page.keyboard.press('Escape');

      await page.goto('/applications');
      await page.getByRole('button', { name: 'Create Application' }).first().click();
      await expect(page.getByRole('dialog', { name: 'Create Application' })).toBeVisible();
      await expectNoViolations(page, 'Create Application dialog');
      await page.keyboard.press('Escape');

      await page.goto('/hooks');
      await page.getByRole('button', { name: 'Create New Hook' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectNoViolations(page, 'New Hook dialog');
      await page.keyboard.press('Escape');

      // A form showing its errors (checked in the browser: nothing is sent).
      await page.goto('/settings/password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
      await expectNoViolations(page, 'Password form with errors');

      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('button', { name: 'Open menu' }).click();
      await expect(page.getByRole('dialog', { name: 'Menu' })).toBeVisible();
      await expectNoViolations(page, 'Phone menu');
    });

    test.describe('signed out', () => {
      test.use({ storageState: { cookies: [], origins: [] } });
      test('the sign-in page', async ({ page }) => {
        await page.goto('/sign-in');
        await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
        await expectNoViolations(page, 'Sign in');
      });
    });
  });
}
