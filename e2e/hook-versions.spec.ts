import type { Page } from '@playwright/test';
import { credentialsExchangeSample } from '@/shared/hook-points';
import {
  expect,
  hookHistory,
  jwtPayload,
  requestToken,
  test,
  unique,
  withTokenHooks,
  type SeedApi,
  switchOn,
} from './fixtures';

/*
 * Hook history in the console: drafts, deploy, the diff, versions and roll back;
 * Actions-style hooks from the New Hook dialog and the "Convert to Actions style" helper.
 */

const versionScript = (v: string) =>
  `module.exports = function(client, scope, audience, context, cb) {\n  cb(null, { 'https://foo.com/v': '${v}', scope: scope });\n};\n`;

const hookName = (base: string) => unique(base).replace(/[^a-zA-Z0-9 -]/g, '');

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

async function seedTokenTarget(api: SeedApi, scopes: string[]) {
  const identifier = `https://versions-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.example.com`;
  await api.createApi({
    name: unique('Versioned API'),
    identifier,
    scopes: scopes.map((value) => ({ value })),
  });
  const app = await api.createClient({ name: unique('Versioned service') });
  await api.grant({ client_id: app.client_id, audience: identifier, scope: ['read:data'] });
  return { identifier, app };
}

test('edit a draft, see the diff, deploy, and roll back; the draft never reaches /oauth/token before deploy', async ({
  page,
  api,
  request,
}) => {
  const { identifier, app } = await seedTokenTarget(api, ['read:data']);
  const claim = async () => {
    const token = await requestToken(request, app, identifier);
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    return jwtPayload(token.body.access_token ?? '')['https://foo.com/v'];
  };

  await withTokenHooks(async () => {
    const hook = await api.createHook({
      name: hookName('versioned hook'),
      triggerId: 'credentials-exchange',
      script: versionScript('one'),
      enabled: true,
    });
    try {
      await page.goto(`/hooks/${hook.id}`);
      const state = page.getByRole('status', { name: 'Draft state' });
      await expect(state).toHaveText('Live');

      await test.step('a saved draft is not live', async () => {
        await pasteIntoEditor(page, versionScript('two'), /'two'/);
        await page.keyboard.press('ControlOrMeta+Shift+S'); // Save draft
        await expect(page.getByText('Saved', { exact: true })).toBeVisible();
        await expect(state).toHaveText('Draft differs from live');
        expect((await hookHistory.draft(hook.id)).script).toBe(versionScript('two'));
        expect((await api.getHook(hook.id)).script).toBe(versionScript('one'));
        expect(await claim()).toBe('one');
      });

      await test.step('the diff shows live against the draft', async () => {
        await page.getByRole('radio', { name: 'Versions and diff' }).click();
        const diff = page.getByRole('region', { name: 'Diff' });
        await expect(diff.getByLabel('Compare')).toHaveValue('live');
        await expect(diff.getByLabel('with')).toHaveValue('draft');
        await expect(diff.getByRole('textbox', { name: 'Hook diff: Draft' })).toBeAttached({
          timeout: 20_000,
        });
        await expect(diff).toContainText(/'one'/);
        await expect(diff).toContainText(/'two'/);
        const versions = page.getByRole('list', { name: 'Versions' });
        await expect(versions.getByRole('listitem')).toHaveCount(1);
        await expect(versions.getByRole('listitem', { name: 'Version 1' })).toContainText('Live');
      });

      await test.step('deploying an enabled hook asks first, then tokens use the draft', async () => {
        await page.getByRole('button', { name: 'Deploy' }).click();
        const dialog = page.getByRole('dialog', { name: `Deploy ${hook.name}?` });
        await expect(dialog).toContainText('This changes tokens for every application now.');
        await dialog.getByRole('button', { name: 'Deploy' }).click();
        await expect(dialog).toBeHidden();
        await expect(state).toHaveText('Live');
        await expect(
          page.getByRole('list', { name: 'Versions' }).getByRole('listitem', { name: 'Version 2' }),
        ).toContainText('Live');
        expect(await claim()).toBe('two');
      });

      await test.step('roll back to version 1: a new live version copied from it', async () => {
        const v1 = page
          .getByRole('list', { name: 'Versions' })
          .getByRole('listitem', { name: 'Version 1' });
        await v1.getByRole('button', { name: 'Roll back to this version' }).click();
        const dialog = page.getByRole('dialog', { name: 'Roll back to version 1?' });
        await expect(dialog).toContainText('this changes tokens for every application now');
        await dialog.getByRole('button', { name: 'Roll back' }).click();
        const v3 = page
          .getByRole('list', { name: 'Versions' })
          .getByRole('listitem', { name: 'Version 3' });
        await expect(v3).toContainText('Live');
        await expect(v3).toContainText('Rolled back from v1');
        expect(await claim()).toBe('one');
        expect(
          (await hookHistory.versions(hook.id)).map((v) => [
            v.number,
            v.rolled_back_from ?? null,
            v.live,
          ]),
        ).toEqual([
          [3, 1, true],
          [2, null, false],
          [1, null, false],
        ]);
        // The editor follows the new live code (there was no draft left to keep).
        await page.getByRole('radio', { name: 'Editor' }).click();
        await expect(page.getByRole('region', { name: 'Code' })).toContainText(/'one'/);
        await expect(state).toHaveText('Live');
      });
    } finally {
      await api.updateHook(hook.id, { enabled: false });
    }
  });
});

test('an Actions-style hook from the New Hook dialog issues tokens with its claim, scopes kept within the grant', async ({
  page,
  api,
  request,
}) => {
  const { identifier, app } = await seedTokenTarget(api, ['read:data', 'extra']);
  const name = hookName('actions hook');
  await page.goto('/hooks');
  await page.getByRole('button', { name: 'Create New Hook' }).click();
  const dialog = page.getByRole('dialog', { name: 'New Hook' });
  await dialog
    .getByLabel('Hook', { exact: true })
    .selectOption({ label: 'Client Credentials Exchange' });
  await dialog.getByRole('radio', { name: 'Actions style' }).check();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('Actions style', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Code' })).toContainText(
    'onExecuteCredentialsExchange',
    { timeout: 20_000 },
  );
  await expect(page.getByRole('button', { name: 'Convert to Actions style' })).toHaveCount(0);

  await withTokenHooks(async () => {
    await switchOn(page, page.getByRole('switch', { name: `Enable ${name}` }));
    const id = page.url().split('/hooks/')[1] ?? '';
    await expect.poll(async () => (await api.getHook(id)).enabled).toBe(true);
    try {
      const token = await requestToken(request, app, identifier);
      expect(token.status, JSON.stringify(token.body)).toBe(200);
      // 'extra' is defined by the API but not granted to the application: an Action cannot add it.
      expect(token.body.scope).toBe('read:data');
      expect(jwtPayload(token.body.access_token ?? '')).toMatchObject({
        'https://foo.com/claim': 'bar',
        scope: 'read:data',
      });
    } finally {
      await api.updateHook(id, { enabled: false });
    }
  });
});

test('"Convert to Actions style" rewrites the seed into a draft, and says when it cannot', async ({
  page,
  api,
}) => {
  const hook = await api.createHook({
    name: hookName('convert hook'),
    triggerId: 'credentials-exchange',
    script: credentialsExchangeSample,
  });
  await page.goto(`/hooks/${hook.id}`);
  await expect(page.getByText('Hook style', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Code' }).getByRole('textbox', { name: 'Hook code' }),
  ).toBeAttached({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Convert to Actions style' }).click();

  const diff = page.getByRole('region', { name: 'Diff' });
  await expect(diff).toContainText(/setCustomClaim/, { timeout: 20_000 });
  await expect(page.getByText('Actions style', { exact: true })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Draft state' })).toHaveText(
    'Draft differs from saved',
  );
  const draft = await hookHistory.draft(hook.id);
  expect(draft.script).toContain("api.accessToken.setCustomClaim('https://foo.com/claim', 'bar');");
  expect(draft.script).toContain("api.transaction.addTargetScope('extra');");
  expect((await api.getHook(hook.id)).script).toBe(credentialsExchangeSample); // live is untouched

  await test.step('a script it does not recognise is left alone, with the reason', async () => {
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await page
      .getByRole('dialog', { name: 'Discard the draft?' })
      .getByRole('button', { name: 'Discard draft' })
      .click();
    await expect(page.getByRole('status', { name: 'Draft state' })).toHaveText('Saved (not live)');
    await page.getByRole('radio', { name: 'Editor' }).click();
    await pasteIntoEditor(
      page,
      'module.exports = function(client, scope, audience, context, cb) {\n  setTimeout(function () { cb(null, {}); }, 10);\n};\n',
      /setTimeout/,
    );
    await page.getByRole('button', { name: 'Convert to Actions style' }).click();
    const refusal = page.getByRole('dialog', {
      name: 'This Hook cannot be converted automatically',
    });
    await expect(refusal).toContainText('Line 2:');
    await expect(refusal).toContainText('is not a statement the converter recognises');
    await refusal.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('region', { name: 'Code' })).toContainText(/setTimeout/);
  });
});
