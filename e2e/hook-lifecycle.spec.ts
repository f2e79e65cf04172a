import type { Page } from '@playwright/test';
import {
  expect,
  hookHistory,
  jwtPayload,
  test,
  unique,
  watchForeignRequests,
  withTokenHooks,
  type SeedApi,
  switchOn,
} from './fixtures';

/*
 * Ctrl+S saves the hook as Auth0's webtask editor did: on an enabled hook the code goes live, but
 * only when it compiles and passes its test cases; otherwise nothing goes live, the editor says
 * why and offers "Keep as draft". The Test panel shows the one execution record of its exchange.
 */

/** The seed's sample hook ("Use the Dashboard", step 4). */
const SEED = `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://foo.com/claim'] = 'bar';
  access_token.scope = scope;
  access_token.scope.push('extra');
  cb(null, access_token);
};
`;
/** Line 3, column 13: `{)` does not parse. */
const BROKEN = `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  cb(null, {);
};
`;

const hookName = (base: string) => unique(base).replace(/[^a-zA-Z0-9 -]/g, '');

/** Replaces the editor's content: select all in the editor, paste. */
async function pasteIntoEditor(page: Page, code: string, shows: RegExp) {
  const editor = page.getByRole('region', { name: 'Code' });
  const input = editor.getByRole('textbox', { name: 'Hook code' });
  await expect(input).toBeAttached({ timeout: 20_000 });
  await editor.click({ position: { x: 300, y: 160 } });
  await expect(input).toBeFocused();
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(editor).toContainText(shows);
}

async function seedApp(api: SeedApi) {
  const identifier = `https://lifecycle-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.example.com`;
  await api.createApi({
    name: unique('Lifecycle API'),
    identifier,
    scopes: [{ value: 'read:data' }],
  });
  const app = await api.createClient({ name: unique('Lifecycle service') });
  await api.grant({ client_id: app.client_id, audience: identifier, scope: ['read:data'] });
  return { identifier, app };
}

/** Runs the application's Test tab once and returns the token's payload. */
async function runTestPanel(page: Page, clientId: string, identifier: string) {
  await page.goto(`/applications/${clientId}`);
  await page.getByRole('tab', { name: 'Test' }).click();
  await expect(page.getByLabel('API', { exact: true })).toHaveValue(identifier);
  await page.getByRole('button', { name: 'Run test' }).click();
  await expect(page.getByRole('region', { name: 'Response' }).getByText('200 OK')).toBeVisible();
  const payload = page
    .getByRole('region', { name: 'Decoded token' })
    .getByRole('figure', { name: 'Payload: data' });
  await expect(payload).toBeVisible();
  return payload;
}

test("the seed flow: enable, pencil, 'bar' → 'baz', Ctrl+S, and the Test panel's token carries baz", async ({
  page,
  api,
}) => {
  const foreign = watchForeignRequests(page);
  const { identifier, app } = await seedApp(api);
  const name = hookName('seed lifecycle');
  const hook = await api.createHook({ name, script: SEED, triggerId: 'credentials-exchange' });

  await withTokenHooks(async () => {
    try {
      await test.step('enable it on the Hooks page, open it with the pencil', async () => {
        await page.goto('/hooks');
        const section = page.getByRole('region', { name: 'Client Credentials Exchange' });
        await switchOn(page, section.getByRole('switch', { name }));
        await expect(section.getByRole('switch', { name })).toBeChecked();
        await expect.poll(async () => (await api.getHook(hook.id)).enabled).toBe(true);
        await page.getByRole('button', { name: `Edit ${name}` }).click();
        await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
      });

      await test.step("change 'bar' to 'baz' and press Ctrl+S: saved and live", async () => {
        await pasteIntoEditor(page, SEED.replace("'bar'", "'baz'"), /'baz'/);
        await expect(page.getByText('Unsaved changes')).toBeVisible();
        await page.keyboard.press('ControlOrMeta+S');
        await expect(page.getByText('Saved · live')).toBeVisible();
        await expect(page.getByRole('status', { name: 'Draft state' })).toHaveText('Live');
        expect((await api.getHook(hook.id)).script).toBe(SEED.replace("'bar'", "'baz'"));
      });

      await test.step('the Test panel: its token carries baz, and its exchange left exactly one execution record, which it shows', async () => {
        const before = await hookHistory.logs(hook.id);
        const payload = await runTestPanel(page, app.client_id, identifier);
        await expect(payload).toContainText('"https://foo.com/claim": "baz"');
        const decoded = page.getByRole('region', { name: 'Decoded token' });
        await expect(
          decoded.getByText(/The hook's record of this exchange: version 2/),
        ).toBeVisible();
        await expect(
          decoded.getByText(
            'Everything the hook returned is in the token: the platform dropped nothing.',
          ),
        ).toBeVisible();
        const after = await hookHistory.logs(hook.id);
        const added = after.slice(0, after.length - before.length);
        expect(added.map((e) => [e.source, e.hook_version, e.client_id])).toEqual([
          ['exchange', 2, app.client_id],
        ]);
      });
    } finally {
      await api.updateHook(hook.id, { enabled: false });
    }
  });
  expect(foreign).toEqual([]);
});

test('Ctrl+S with a syntax error on an enabled hook: refused with its line and column, nothing goes live, "Keep as draft" stages it', async ({
  page,
  api,
  request,
}) => {
  const { identifier, app } = await seedApp(api);
  const hook = await api.createHook({
    name: hookName('broken save'),
    script: SEED,
    triggerId: 'credentials-exchange',
  });

  await withTokenHooks(async () => {
    await api.updateHook(hook.id, { enabled: true });
    try {
      await page.goto(`/hooks/${hook.id}`);
      await pasteIntoEditor(page, BROKEN, /cb\(null,.\{\);/); // Monaco renders spaces as no-break spaces
      await page.keyboard.press('ControlOrMeta+S');
      const dialog = page.getByRole('dialog', { name: 'Not live: the code does not compile' });
      await expect(dialog.getByRole('alert', { name: 'Compile error' })).toContainText(
        'Line 3, column 13',
      );
      await expect(dialog).toContainText('SyntaxError');
      await expect(dialog).toContainText('Nothing went live');
      await expect(dialog.getByRole('button', { name: 'Make live anyway' })).toHaveCount(0); // no override for code that does not compile
      expect((await api.getHook(hook.id)).script).toBe(SEED);

      await dialog.getByRole('button', { name: 'Keep as draft' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByRole('status', { name: 'Draft state' })).toHaveText(
        'Draft differs from live',
      );
      const draft = await hookHistory.draft(hook.id);
      expect([draft.has_draft, draft.script]).toEqual([true, BROKEN]);
      expect((await api.getHook(hook.id)).script).toBe(SEED);

      const token = await request.post('/oauth/token', {
        form: {
          grant_type: 'client_credentials',
          client_id: app.client_id,
          client_secret: app.client_secret ?? '',
          audience: identifier,
        },
      });
      expect(token.status()).toBe(200);
      expect(
        jwtPayload(((await token.json()) as { access_token: string }).access_token)[
          'https://foo.com/claim'
        ],
      ).toBe('bar');

      await page.goto('/hooks');
      // This hook's row: other specs' hooks on the shared server may have drafts too.
      await expect(
        page
          .getByRole('region', { name: 'Client Credentials Exchange' })
          .getByRole('listitem')
          .filter({ has: page.getByRole('link', { name: hook.name, exact: true }) })
          .getByText('Draft not live'),
      ).toBeVisible();
      const payload = await runTestPanel(page, app.client_id, identifier);
      await expect(payload).toContainText('"https://foo.com/claim": "bar"');
      await expect(page.getByText('It has a saved draft that is not live')).toBeVisible();
    } finally {
      await api.updateHook(hook.id, { enabled: false });
    }
  });
});

test('Ctrl+S on an enabled hook whose test cases fail: the failing cases are named, and "Make live anyway" overrides them', async ({
  page,
  api,
}) => {
  const hook = await api.createHook({
    name: hookName('gated save'),
    script: SEED,
    triggerId: 'credentials-exchange',
  });
  await api.addHookTest(hook.id, {
    name: 'keeps bar',
    expect: { claims: { 'https://foo.com/claim': 'bar' } },
  });
  await withTokenHooks(async () => {
    await api.updateHook(hook.id, { enabled: true });
    try {
      await page.goto(`/hooks/${hook.id}`);
      await pasteIntoEditor(page, SEED.replace("'bar'", "'qux'"), /'qux'/);
      await page.keyboard.press('ControlOrMeta+S');
      const dialog = page.getByRole('dialog', { name: 'Not live: test cases fail' });
      await expect(dialog.getByRole('list', { name: 'Failing test cases' })).toHaveText(
        'keeps bar',
      );
      await expect(dialog).toContainText('expected "bar", got "qux"');
      expect((await api.getHook(hook.id)).script).toBe(SEED);
      await dialog.getByRole('button', { name: 'Make live anyway' }).click();
      await expect(dialog).toBeHidden();
      await expect
        .poll(async () => (await api.getHook(hook.id)).script)
        .toBe(SEED.replace("'bar'", "'qux'"));
    } finally {
      await api.updateHook(hook.id, { enabled: false });
    }
  });
});
