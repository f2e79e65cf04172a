import { expect, test, unique } from './fixtures';

/**
 * The hook editor at 1440×900: one row of actions, a page that fits the window under the sticky
 * header, and a Runner result in view after Ctrl+Enter in the editor.
 */
test('the editor page fits a desktop window and Ctrl+Enter shows the result', async ({
  page,
  api,
}, testInfo) => {
  const hook = await api.createHook({
    name: unique('layout hook').replace(/[^a-zA-Z0-9 -]/g, ''),
    script:
      "module.exports = function(client, scope, audience, context, cb) {\n  console.log('ran');\n  cb(null, {});\n};\n",
    triggerId: 'credentials-exchange',
  });
  // A saved draft shows every action: Discard draft, Save draft, Save and Deploy.
  await api.saveHookDraft(
    hook.id,
    "module.exports = function(client, scope, audience, context, cb) {\n  console.log('draft ran');\n  cb(null, {});\n};\n",
  );
  await page.goto(`/hooks/${hook.id}`);
  const editor = page.getByRole('region', { name: 'Code' });
  const input = editor.getByRole('textbox', { name: 'Hook code' });
  await expect(input).toBeAttached({ timeout: 20_000 });

  const actions = page.getByRole('group', { name: 'Hook actions' });
  const buttons = await actions.getByRole('button').all();
  expect(buttons.length).toBeGreaterThanOrEqual(4);
  const tops = await Promise.all(buttons.map(async (b) => (await b.boundingBox())!.y));
  expect(Math.max(...tops) - Math.min(...tops), 'the action buttons sit on one row').toBeLessThan(
    2,
  );
  for (const button of buttons) await expect(button).toBeInViewport({ ratio: 1 });

  // The page is no taller than the window: nothing scrolls under the sticky header.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight))
    .toBeLessThanOrEqual(0);

  for (const theme of ['Light', 'Dark']) {
    await page.getByRole('radio', { name: `${theme} theme` }).click();
    await page.screenshot({ path: testInfo.outputPath(`editor-1440-${theme.toLowerCase()}.png`) });
  }

  // Ctrl+Enter in the editor runs the draft; the result is on screen without scrolling.
  await editor.click({ position: { x: 300, y: 160 } });
  await expect(input).toBeFocused();
  const latest = page.getByRole('region', { name: 'Latest run' });
  await page.keyboard.press('Control+Enter');
  await expect(latest.getByText('draft ran')).toBeVisible();
  for (const runs of [1, 2]) {
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem')).toHaveCount(
      runs,
    );
  }
  await expect(latest).toBeInViewport();
  // The run's duration is shown once, in its heading.
  const durations = (await latest.textContent())?.match(/\d+(\.\d)? m?s(?![a-z])/g) ?? [];
  expect(durations).toHaveLength(1);
  await page.screenshot({ path: testInfo.outputPath('editor-1440-run.png') });
});
