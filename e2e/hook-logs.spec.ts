import { CSRF_HEADER, CSRF_VALUE } from '@/shared/schemas/session';
import { expect, test, unique } from './fixtures';

const SCRIPT =
  'module.exports = function(client, scope, audience, context, cb) {\n  cb(null, {});\n};\n';

test('the Logs tab shows the stored history with the runs made since the page opened', async ({
  page,
  api,
}) => {
  const hook = await api.createHook({
    name: unique('history hook').replace(/[^a-zA-Z0-9 -]/g, ''),
    triggerId: 'credentials-exchange',
    script: SCRIPT,
  });
  // A run from before the page opened: stored, never streamed to it.
  const earlier = await page.request.post(`/api/v2/hooks/${hook.id}/try`, {
    data: {},
    headers: { [CSRF_HEADER]: CSRF_VALUE },
  });
  expect(earlier.status(), await earlier.text()).toBe(200);

  await page.goto(`/hooks/${hook.id}`);
  await expect(page.getByRole('heading', { name: hook.name, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Latest run' })).toContainText('Success');

  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByRole('list', { name: 'Executions' }).getByRole('listitem')).toHaveCount(2);
});
