import path from 'node:path';
import { expect, test } from './fixtures';

/**
 * The screenshots of README.md's "First ten minutes in the console", taken from the real console
 * (1440×900, light theme). The suite runs the walk-through every time and keeps its pictures with
 * the test results; `DOCS_SCREENSHOTS=1 npx playwright test e2e/docs-screenshots.spec.ts` writes
 * them into docs/ (a test run does not rewrite committed files).
 */
const shot = (name: string) =>
  process.env.DOCS_SCREENSHOTS
    ? path.join(import.meta.dirname, '..', 'docs', name)
    : test.info().outputPath(name);

test.use({ colorScheme: 'light', viewport: { width: 1440, height: 900 } });

test('README walk-through screenshots', async ({ page, api }) => {
  const stamp = Date.now().toString(36);
  const orders = await api.createApi({
    name: 'Orders API',
    identifier: `https://orders-${stamp}.example.com`,
    scopes: [
      { value: 'read:orders', description: 'Read orders' },
      { value: 'write:orders', description: 'Change orders' },
    ],
  });
  const app = await api.createClient({ name: 'Billing service', description: 'Nightly invoices' });
  await api.grant({
    client_id: app.client_id,
    audience: orders.identifier,
    scope: ['read:orders'],
  });
  const hook = await api.createHook({
    name: `tier-claims-${stamp}`,
    triggerId: 'credentials-exchange',
    script: [
      'module.exports = function(client, scope, audience, context, cb) {',
      '  var access_token = {};',
      "  access_token['https://example.com/tier'] = client.metadata.tier || 'free';",
      '  access_token.scope = scope;',
      '  cb(null, access_token);',
      '};',
      '',
    ].join('\n'),
  });

  await page.goto('/apis');
  await expect(
    page.getByRole('table', { name: 'APIs' }).getByRole('link', { name: 'Orders API' }),
  ).toBeVisible();
  await page.screenshot({ path: shot('console-apis.png') });

  await page.goto(`/applications/${app.client_id}`);
  await page.getByRole('tab', { name: 'Test' }).click();
  await page.getByLabel('API', { exact: true }).selectOption(orders.identifier);
  await page.getByRole('button', { name: 'Run test' }).click();
  await expect(page.getByRole('region', { name: 'Response' }).getByText('200 OK')).toBeVisible();
  await page.screenshot({ path: shot('console-token-test.png') });

  await page.goto(`/hooks/${hook.id}`);
  await expect(page.getByRole('textbox', { name: 'Hook code' })).toBeAttached({ timeout: 20_000 });
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await run.click();
  await expect(run).toBeEnabled({ timeout: 20_000 });
  await page.screenshot({ path: shot('console-hook-editor.png') });
});
