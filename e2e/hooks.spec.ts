import type { Page } from '@playwright/test';
import { hookPoint } from '@/shared/hook-points';
import { e2e } from './env';
import {
  expect,
  hookHistory,
  jwtPayload,
  switchOn,
  test,
  unique,
  withTokenHooks,
} from './fixtures';

/** The sample from the seed's "Use the Dashboard" step 4, as a person pastes it. */
const SEED = `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://foo.com/claim'] = 'bar';
  access_token.scope = scope;
  access_token.scope.push('extra');
  cb(null, access_token);
};
`;

/** A hook that leaves tokens as they are: other specs request tokens while these are enabled. */
const HARMLESS =
  'module.exports = function(client, scope, audience, context, cb) {\n  cb(null, { scope: scope });\n};\n';

/** Hook names allow letters, digits, spaces and '-'. */
const hookName = (base: string) => unique(base).replace(/[^a-zA-Z0-9 -]/g, '');

/** Fails the test if the page asks any other origin for anything (Monaco included: no CDN). */
function watchForeignRequests(page: Page) {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${e2e.baseURL}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))
      foreign.push(url);
  });
  return foreign;
}

/** Replaces the editor's content as the guide says: copy the code, select all in the editor, paste. */
async function typeIntoEditor(page: Page, code: string, shows: RegExp) {
  const editor = page.getByRole('region', { name: 'Code' });
  const input = editor.getByRole('textbox', { name: 'Hook code' });
  await expect(input).toBeAttached({ timeout: 20_000 });
  await editor.click({ position: { x: 300, y: 160 } }); // into the code
  await expect(input).toBeFocused();
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(editor).toContainText(shows); // the paste has landed
}

test('Use the Dashboard: create a Client Credentials Exchange hook, write it in the editor, enable it, and tokens carry its claim and scope', async ({
  page,
  api,
  request,
}) => {
  const foreign = watchForeignRequests(page);
  const identifier = `https://hooked-${Date.now().toString(36)}.example.com`;
  await api.createApi({ name: unique('Hooked API'), identifier, scopes: [{ value: 'read:data' }] });
  const app = await api.createClient({ name: unique('Hooked service') });
  await api.grant({ client_id: app.client_id, audience: identifier, scope: ['read:data'] });
  const name = hookName('cc hook');

  await test.step('1–2: create the hook from the Hooks page', async () => {
    await page.goto('/apis');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Hooks' })
      .click();
    await expect(page.getByRole('heading', { name: 'Hooks', level: 1 })).toBeVisible();
    await expect(page.getByRole('note')).toContainText('only one can be enabled');
    await page.getByRole('button', { name: 'Create New Hook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Hook' });
    await dialog
      .getByLabel('Hook', { exact: true })
      .selectOption({ label: 'Client Credentials Exchange' });
    await dialog.getByLabel('Name').fill('-not valid');
    await expect(dialog.getByText("May contain letters, digits, spaces and '-'")).toBeVisible();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toBeHidden();
    const section = page.getByRole('region', { name: 'Client Credentials Exchange' });
    await expect(section.getByRole('link', { name, exact: true })).toBeVisible();
    await expect(section.getByRole('switch', { name })).not.toBeChecked();
  });

  const id =
    await test.step('3–4: open the editor with the pencil, type the sample, save it with Ctrl+S', async () => {
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
      const hookId = page.url().split('/hooks/')[1] ?? '';
      expect((await api.getHook(hookId)).script).toBe(
        hookPoint('credentials-exchange').starterCode,
      );
      await typeIntoEditor(page, SEED, /push\('extra'\)/);
      await expect(page.getByText('Unsaved changes')).toBeVisible();
      await page.keyboard.press('Control+S'); // a disabled hook: saved, and it reaches tokens once enabled
      await expect(page.getByText('Saved', { exact: true })).toBeVisible();
      await expect(page.getByRole('status', { name: 'Draft state' })).toHaveText(
        'Saved (not live)',
      );
      expect((await api.getHook(hookId)).script).toBe(SEED);
      expect((await hookHistory.draft(hookId)).has_draft).toBe(false);
      return hookId;
    });

  await test.step('5: enable it and request a token over HTTP', async () => {
    await page.getByRole('link', { name: 'Hooks' }).first().click();
    const toggle = page
      .getByRole('region', { name: 'Client Credentials Exchange' })
      .getByRole('switch', { name });
    await withTokenHooks(async () => {
      await switchOn(page, toggle);
      await expect(toggle).toBeChecked();
      await expect.poll(async () => (await api.getHook(id)).enabled).toBe(true);
      const res = await request.post('/oauth/token', {
        form: {
          grant_type: 'client_credentials',
          client_id: app.client_id,
          client_secret: app.client_secret ?? '',
          audience: identifier,
        },
      });
      expect(res.status(), await res.text()).toBe(200);
      const body = (await res.json()) as { access_token: string; scope: string };
      expect(body.scope).toBe('read:data extra');
      expect(jwtPayload(body.access_token)).toMatchObject({
        'https://foo.com/claim': 'bar',
        scope: 'read:data extra',
      });
      await toggle.click(); // other specs' tokens must not get "extra"
      await expect(toggle).not.toBeChecked();
      await expect.poll(async () => (await api.getHook(id)).enabled).toBe(false);
    });
  });

  expect(foreign).toEqual([]);
});

test('the Runner runs a changed draft without saving it, and the run shows in the live Logs', async ({
  page,
  api,
}) => {
  const foreign = watchForeignRequests(page);
  const hook = await api.createHook({
    name: hookName('runner hook'),
    triggerId: 'credentials-exchange',
    script: HARMLESS,
  });
  await page.goto(`/hooks/${hook.id}`);
  await expect(page.getByRole('heading', { name: hook.name, level: 1 })).toBeVisible();
  await expect(page.getByLabel('Payload')).toHaveValue(/"read:connections"/);

  await typeIntoEditor(
    page,
    "module.exports = function(client, scope, audience, context, cb) {\n  console.log('draft run for ' + client.name);\n  cb(null, { 'https://foo.com/draft': true });\n};\n",
    /foo\.com\/draft/,
  );
  await page.getByRole('button', { name: 'Run' }).click();
  const latest = page.getByRole('region', { name: 'Latest run' });
  await expect(latest.getByRole('region', { name: 'Console output' })).toContainText(
    'draft run for client-name',
  );
  await expect(latest).toContainText('Success');
  await expect(latest).toContainText('https://foo.com/draft');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  expect((await api.getHook(hook.id)).script).toBe(HARMLESS);

  await test.step('an error comes back in OAuth words', async () => {
    await typeIntoEditor(
      page,
      "module.exports = function(client, scope, audience, context, cb) {\n  cb(new InvalidScopeError('no scopes for you'));\n};\n",
      /InvalidScopeError/,
    );
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(latest).toContainText('400 invalid_scope');
    await expect(latest).toContainText('no scopes for you');
    await expect(page.getByRole('region', { name: 'History' })).toContainText('Success');
  });

  await test.step('the Logs panel tails the runs', async () => {
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect(
      page.getByRole('tabpanel', { name: 'Logs' }).getByRole('status').filter({ hasText: 'Live' }),
    ).toBeVisible();
    const executions = page.getByRole('list', { name: 'Executions' });
    await expect(executions.getByRole('listitem')).toHaveCount(2);
    await page.getByRole('tab', { name: 'Runner' }).click();
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect(executions.getByRole('listitem')).toHaveCount(3);
    await page.getByLabel('Outcome').selectOption({ label: 'Success' });
    await expect(executions.getByRole('listitem')).toHaveCount(1);
  });

  await test.step('leaving with unsaved changes asks first', async () => {
    await page.getByRole('link', { name: 'Hooks' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Leave' }).click();
    await expect(page.getByRole('heading', { name: 'Hooks', level: 1 })).toBeVisible();
  });
  expect((await api.getHook(hook.id)).script).toBe(HARMLESS);
  expect(foreign).toEqual([]);
});

test('enabling a second hook of a point asks first, naming both, then switches the first one off', async ({
  page,
  api,
}) => {
  // Another spec enabling its own credentials-exchange hook meanwhile would switch `first` off too.
  await withTokenHooks(async () => {
    const first = await api.createHook({
      name: hookName('first hook'),
      triggerId: 'credentials-exchange',
      script: HARMLESS,
      enabled: true,
    });
    const second = await api.createHook({
      name: hookName('second hook'),
      triggerId: 'credentials-exchange',
      script: HARMLESS,
    });
    await page.goto('/hooks');
    const section = page.getByRole('region', { name: 'Client Credentials Exchange' });
    await expect(section.getByRole('switch', { name: first.name })).toBeChecked();

    // The console asks first, naming both; Cancel changes nothing.
    const toggle = section.getByRole('switch', { name: second.name });
    await toggle.click();
    const confirm = page.getByRole('dialog', { name: `Enable ${second.name}?` });
    await expect(confirm).toContainText(
      `It replaces ${first.name} as the live hook for every application.`,
    );
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    await expect(toggle).not.toBeChecked();
    await expect(section.getByRole('switch', { name: first.name })).toBeChecked();
    expect((await api.getHook(second.id)).enabled).toBe(false);

    await toggle.click();
    await confirm.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(toggle).toBeChecked();
    await expect(section.getByRole('switch', { name: first.name })).not.toBeChecked();
    await expect.poll(async () => (await api.getHook(first.id)).enabled).toBe(false);
    expect((await api.getHook(second.id)).enabled).toBe(true);
    await api.updateHook(second.id, { enabled: false });
  });
});

test('a save over a newer script is stopped, and the editor offers to reload or overwrite', async ({
  page,
  api,
}) => {
  const hook = await api.createHook({
    name: hookName('conflict hook'),
    triggerId: 'pre-user-registration',
    script: hookPoint('pre-user-registration').starterCode,
  });
  await page.goto(`/hooks/${hook.id}`);
  await expect(page.getByText('Not triggered yet').first()).toBeVisible();
  await typeIntoEditor(
    page,
    'module.exports = function (user, context, cb) {\n  cb(null, { user: user });\n};\n',
    /user:.user/,
  ); // Monaco renders spaces as no-break spaces
  await api.updateHook(hook.id, {
    script: 'module.exports = function (user, context, cb) {\n  cb();\n};\n',
  });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'This hook changed since you opened it' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Overwrite' }).click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  expect((await api.getHook(hook.id)).script).toContain('cb(null, { user: user })');
});
