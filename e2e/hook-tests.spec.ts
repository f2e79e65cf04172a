import type { Locator, Page } from '@playwright/test';
import { expect, hookHistory, switchOn, test, unique, withTokenHooks } from './fixtures';

/*
 * Hook test cases in the console: cases saved with a hook in its Tests tab, "Run all" with
 * expected against actual, and the gate: enabling or deploying code whose cases fail is refused,
 * naming them, unless the admin goes ahead anyway (which the tenant log records).
 */

/** Puts the client's plan in a claim, and refuses the free plan. */
const PLAN_HOOK = `module.exports = function(client, scope, audience, context, cb) {
  var plan = (client.metadata && client.metadata.plan) || 'none';
  if (plan === 'free') return cb(new InvalidScopeError('The free plan gets no token'));
  cb(null, { 'https://foo.com/plan': plan, scope: scope });
};
`;

/** The sample payload with a client on the free plan. */
const FREE_PAYLOAD = JSON.stringify({
  client: { id: 'free-client', name: 'Free client', tenant: 'e2e', metadata: { plan: 'free' } },
  scope: ['read:data'],
  audience: 'https://free.example.com',
  context: { ip: '127.0.0.1', userAgent: 'curl/8.0' },
});

const hookName = (base: string) => unique(base).replace(/[^a-zA-Z0-9 -]/g, '');
const caseName = (base: string) => unique(base);

/** Replaces the test case's payload in its (Monaco) JSON editor by pasting, as a person would. */
async function pastePayload(page: Page, dialog: Locator, json: string) {
  const input = dialog.getByRole('textbox', { name: 'Payload (JSON)' });
  await expect(input).toBeAttached({ timeout: 20_000 });
  await input.focus();
  await page.evaluate((text) => navigator.clipboard.writeText(text), json);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(dialog.getByRole('group', { name: 'Payload' })).toContainText('"free"');
}

async function addClaimCase(page: Page, name: string, claim: string, value: string) {
  await page.getByRole('button', { name: 'New test case' }).click();
  const dialog = page.getByRole('dialog', { name: 'New test case' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Claim 1 name').fill(claim);
  await dialog.getByLabel('Claim 1 value').fill(value);
  await dialog.getByRole('button', { name: 'Save test case' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('list', { name: 'Test cases' }).getByRole('listitem', { name }),
  ).toBeVisible();
}

test('test cases in the Tests tab: one passes, one fails with the difference; enabling is refused naming it, until the case is fixed', async ({
  page,
  api,
}) => {
  // Three dialogs with an editor, four runs and two enables: on a busy 2-core machine this nears 60 s.
  test.slow();
  const hook = await api.createHook({
    name: hookName('tested hook'),
    triggerId: 'credentials-exchange',
    script: PLAN_HOOK,
  });
  const passing = caseName('full plan gets its claim');
  const failing = caseName('expects platinum');
  const refused = caseName('free plan is refused');
  const cases = page.getByRole('list', { name: 'Test cases' });

  await test.step('the Tests tab starts empty', async () => {
    await page.goto(`/hooks/${hook.id}`);
    await page.getByRole('tab', { name: 'Tests' }).click();
    await expect(page).toHaveURL(new RegExp(`/hooks/${hook.id}/tests$`));
    await expect(page.getByRole('heading', { name: 'No test cases yet' })).toBeVisible();
  });

  await test.step('the form says what is missing, at the fields', async () => {
    await page.getByRole('button', { name: 'New test case' }).click();
    const dialog = page.getByRole('dialog', { name: 'New test case' });
    await dialog.getByRole('button', { name: 'Save test case' }).click();
    await expect(dialog.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(
      'Required',
    );
    await expect(
      dialog.getByText('Expect at least one claim, an absent claim or the scopes'),
    ).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('add a passing and a failing case on the sample payload, and an error case on a pasted payload', async () => {
    await addClaimCase(page, passing, 'https://foo.com/plan', 'full');
    await addClaimCase(page, failing, 'https://foo.com/plan', 'platinum');

    await page.getByRole('button', { name: 'New test case' }).click();
    const dialog = page.getByRole('dialog', { name: 'New test case' });
    await dialog.getByLabel('Name', { exact: true }).fill(refused);
    await pastePayload(page, dialog, FREE_PAYLOAD);
    await dialog.getByRole('radio', { name: 'An OAuth error' }).click();
    await dialog.getByLabel('Error', { exact: true }).selectOption('invalid_scope');
    await dialog.getByLabel('Error description').fill('The free plan gets no token');
    await dialog.getByRole('button', { name: 'Save test case' }).click();
    await expect(dialog).toBeHidden();
    await expect(cases.getByRole('listitem')).toHaveCount(3);
    await expect(cases.getByRole('listitem', { name: refused })).toContainText(
      'Own payload · Error invalid_scope',
    );
  });

  await test.step('Run all: two pass, one fails with expected against actual', async () => {
    await page.getByRole('button', { name: 'Run all' }).click();
    await expect(page.getByRole('region', { name: 'Test results' })).toContainText(
      '2 passed, 1 failed',
    );
    await expect(page.getByRole('region', { name: 'Test results' })).toContainText(
      'against the draft',
    );
    await expect(
      cases.getByRole('listitem', { name: passing }).getByRole('img', { name: 'Passed' }),
    ).toBeVisible();
    await expect(
      cases.getByRole('listitem', { name: refused }).getByRole('img', { name: 'Passed' }),
    ).toBeVisible();
    const failed = cases.getByRole('listitem', { name: failing });
    await expect(failed.getByRole('img', { name: 'Failed' })).toBeVisible();
    const claim = failed
      .getByRole('table', { name: `Expected and actual: ${failing}` })
      .getByRole('rowgroup', { name: 'claim https://foo.com/plan' });
    await expect(claim.getByRole('cell')).toHaveText(['"platinum"', '"full"']);
    await expect(claim.getByRole('img', { name: 'Not met' })).toBeVisible();
  });

  await withTokenHooks(async () => {
    try {
      await test.step('enabling from the hook list is refused, naming the failing case; the switch stays off', async () => {
        await page.goto('/hooks');
        const toggle = page.getByRole('switch', { name: `Enable ${hook.name}` });
        await switchOn(page, toggle);
        const dialog = page.getByRole('dialog', { name: 'Not enabled: test cases fail' });
        await expect(
          dialog.getByRole('list', { name: 'Failing test cases' }).getByRole('listitem'),
        ).toHaveText([failing]);
        await expect(dialog).toContainText('expected "platinum", got "full"');
        await expect(toggle).not.toBeChecked();
        expect((await api.getHook(hook.id)).enabled).toBe(false);

        // The link opens the Tests tab and runs the cases against the code that was refused.
        await dialog.getByRole('link', { name: 'See every difference in the Tests tab' }).click();
        await expect(page).toHaveURL(new RegExp(`/hooks/${hook.id}/tests$`));
        await expect(page.getByRole('region', { name: 'Test results' })).toContainText(
          '2 passed, 1 failed',
        );
        await expect(page.getByRole('region', { name: 'Test results' })).toContainText(
          'against the live code',
        );
        await expect(page.getByRole('combobox', { name: 'Run against' })).toHaveValue('live');
      });

      await test.step('fix the failing case: all pass, and enabling works', async () => {
        await cases.getByRole('button', { name: `Edit ${failing}` }).click();
        const dialog = page.getByRole('dialog', { name: 'Edit test case' });
        await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(failing);
        await expect(dialog.getByLabel('Claim 1 value')).toHaveValue('platinum');
        await dialog.getByLabel('Claim 1 value').fill('full');
        await dialog.getByRole('button', { name: 'Save test case' }).click();
        await expect(dialog).toBeHidden();
        await expect(cases.getByRole('listitem', { name: failing })).toContainText('1 claim');
        await page.getByRole('button', { name: 'Run all' }).click();
        await expect(page.getByRole('region', { name: 'Test results' })).toContainText(
          '3 passed, 0 failed',
        );

        const toggle = page.getByRole('switch', { name: `Enable ${hook.name}` });
        await switchOn(page, toggle);
        await expect(toggle).toBeChecked();
        await expect(
          page.getByRole('dialog', { name: 'Not enabled: test cases fail' }),
        ).toBeHidden();
        expect((await api.getHook(hook.id)).enabled).toBe(true);
      });
    } finally {
      await api.updateHook(hook.id, { enabled: false });
    }
  });

  await test.step('delete a case', async () => {
    await cases.getByRole('button', { name: `Delete ${refused}` }).click();
    await page
      .getByRole('dialog', { name: 'Delete test case?' })
      .getByRole('button', { name: 'Delete test case' })
      .click();
    await expect(cases.getByRole('listitem')).toHaveCount(2);
  });
});

test('"Enable anyway" enables a hook whose test cases fail, and the tenant log records the override', async ({
  page,
  api,
}) => {
  const hook = await api.createHook({
    name: hookName('forced hook'),
    triggerId: 'credentials-exchange',
    script: PLAN_HOOK,
  });
  const failing = caseName('wants gold');
  await api.addHookTest(hook.id, {
    name: failing,
    expect: { claims: { 'https://foo.com/plan': 'gold' } },
  });

  await withTokenHooks(async () => {
    try {
      await page.goto('/hooks');
      const toggle = page.getByRole('switch', { name: `Enable ${hook.name}` });
      await switchOn(page, toggle);
      const dialog = page.getByRole('dialog', { name: 'Not enabled: test cases fail' });
      await expect(dialog.getByRole('list', { name: 'Failing test cases' })).toHaveText(failing);
      await expect(toggle).not.toBeChecked();
      await dialog.getByRole('button', { name: 'Enable anyway' }).click();
      await expect(dialog).toBeHidden();
      await expect(toggle).toBeChecked();
      await expect(page.getByText(`“${hook.name}” enabled anyway`)).toBeVisible();
      expect((await api.getHook(hook.id)).enabled).toBe(true);
    } finally {
      await api.updateHook(hook.id, { enabled: false });
    }
  });

  await expect
    .poll(async () => {
      const res = await page.request.get('/api/v2/logs?type=sapi&per_page=100');
      const logs = (await res.json()) as {
        details?: { request?: { method: string; path: string; force?: boolean } };
      }[];
      return logs.some(
        (l) =>
          l.details?.request?.path === `/hooks/${hook.id}` &&
          l.details.request.method === 'PATCH' &&
          l.details.request.force === true,
      );
    })
    .toBe(true);
});

test('deploying a draft or rolling back to a version that fails its test cases is refused; "Deploy anyway" and "Roll back anyway" go ahead', async ({
  page,
  api,
}) => {
  const hook = await api.createHook({
    name: hookName('deploy gate'),
    triggerId: 'credentials-exchange',
    script: PLAN_HOOK,
  });
  const guarded = caseName('keeps the plan claim');
  await api.addHookTest(hook.id, {
    name: guarded,
    expect: { claims: { 'https://foo.com/plan': 'full' } },
  });
  const broken = PLAN_HOOK.replace(
    "{ 'https://foo.com/plan': plan, scope: scope }",
    '{ scope: scope }',
  );
  await api.saveHookDraft(hook.id, broken);

  await page.goto(`/hooks/${hook.id}`);
  const state = page.getByRole('status', { name: 'Draft state' });
  await expect(state).toHaveText('Draft differs from saved');
  // The Tests tab last ran the live code, which passes.
  await page.getByRole('tab', { name: 'Tests' }).click();
  await page.getByRole('combobox', { name: 'Run against' }).selectOption('live');
  await page.getByRole('button', { name: 'Run all' }).click();
  const results = page.getByRole('region', { name: 'Test results' });
  await expect(results).toContainText('1 passed, 0 failed');
  await page.getByRole('button', { name: 'Deploy' }).click();
  const dialog = page.getByRole('dialog', { name: 'Not deployed: test cases fail' });
  await expect(dialog.getByRole('list', { name: 'Failing test cases' })).toHaveText(guarded);
  await expect(dialog).toContainText('expected "full", got nothing');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(state).toHaveText('Draft differs from saved');
  // The tab no longer shows the older green run: the draft fails, as the deploy check found.
  await expect(results).toContainText('The draft fails 1 of 1 test case');
  await expect(results).toContainText(guarded);
  await expect(results).not.toContainText('1 passed');
  expect((await api.getHook(hook.id)).script).toBe(PLAN_HOOK);

  await page.getByRole('button', { name: 'Deploy' }).click();
  await dialog.getByRole('button', { name: 'Deploy anyway' }).click();
  await expect(dialog).toBeHidden();
  await expect(state).toHaveText('Saved (not live)');
  expect((await api.getHook(hook.id)).script).toBe(broken);
  expect((await hookHistory.versions(hook.id)).map((v) => v.number)).toEqual([2, 1]);

  await test.step('rolling back to the failing version 2 after a fix (version 3) is refused too', async () => {
    await api.updateHook(hook.id, { script: PLAN_HOOK }); // disabled: no gate, a new version 3
    await page.reload();
    await page.getByRole('radio', { name: 'Versions and diff' }).click();
    const versions = page.getByRole('list', { name: 'Versions' });
    await versions
      .getByRole('listitem', { name: 'Version 2' })
      .getByRole('button', { name: 'Roll back to this version' })
      .click();
    await page
      .getByRole('dialog', { name: 'Roll back to version 2?' })
      .getByRole('button', { name: 'Roll back' })
      .click();
    const refused = page.getByRole('dialog', { name: 'Not rolled back: test cases fail' });
    await expect(refused).toContainText(`Version 2 of ${hook.name} fails 1 of 1 test cases`);
    await expect(refused.getByRole('list', { name: 'Failing test cases' })).toHaveText(guarded);
    await refused.getByRole('button', { name: 'Roll back anyway' }).click();
    await expect(refused).toBeHidden();
    await expect(versions.getByRole('listitem', { name: 'Version 4' })).toContainText(
      'Rolled back from v2',
    );
    expect((await api.getHook(hook.id)).script).toBe(broken);
  });
});
