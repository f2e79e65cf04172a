import { expect, test, unique } from './fixtures';

/**
 * The editor's Modules panel against the npm registry stand-in that global-setup.ts starts on
 * 127.0.0.1 (it serves left-pad 1.3.0 only): packages the code requires are offered for adding,
 * the form checks what it can, the server's refusal shows in the form, and add and remove save the
 * hook's `dependencies`.
 */
test('the Modules panel offers required packages, adds one from the registry and removes it', async ({
  page,
  api,
}, testInfo) => {
  const hook = await api.createHook({
    name: unique('modules hook').replace(/[^a-zA-Z0-9 -]/g, ''),
    script: [
      "const crypto = require('crypto');",
      "const fs = require('node:fs');",
      'module.exports = function(client, scope, audience, context, cb) {',
      "  const pad = require('left-pad');",
      "  cb(null, { accessToken: { 'https://e.test/n': pad('7', 3, '0') } });",
      '};',
      '',
    ].join('\n'),
    triggerId: 'credentials-exchange',
    dependencies: {},
  });
  await page.goto(`/hooks/${hook.id}`);
  await page.getByRole('tab', { name: 'Modules' }).click();
  await expect(page).toHaveURL(new RegExp(`/hooks/${hook.id}/modules$`));
  const panel = page.getByRole('tabpanel', { name: 'Modules' });
  await expect(panel.getByText('No modules yet.')).toBeVisible();

  // Found in your code: left-pad, not the built-ins.
  const found = panel.getByRole('list', { name: 'Found in your code' });
  await expect(found.getByRole('listitem')).toHaveText([/left-pad/]);

  // The form's own checks.
  const form = panel.getByRole('form', { name: 'Add a module' });
  const name = form.getByRole('textbox', { name: 'Package name' });
  const version = form.getByRole('textbox', { name: 'Version' });
  await form.getByRole('button', { name: 'Add module' }).click();
  await expect(name).toHaveAccessibleDescription('Required');
  await expect(version).toHaveAccessibleDescription('Required');
  await expect(name).toBeFocused();
  await name.fill('Not A Name');
  await version.fill('^1.3.0');
  await version.press('Enter');
  await expect(name).toHaveAccessibleDescription(/Not an npm package name/);
  await expect(version).toHaveAccessibleDescription(/An exact version such as 1\.7\.9/);

  // "Add" from the keyboard pre-fills the name and leaves the version to type.
  await found.getByRole('button', { name: 'Add left-pad' }).focus();
  await page.keyboard.press('Enter');
  await expect(name).toHaveValue('left-pad');
  await expect(version).toBeFocused();

  // A version the registry does not have: the server's 400 shows in the form, nothing is saved.
  await page.keyboard.type('9.9.9');
  await page.keyboard.press('Enter');
  await expect(form.getByRole('alert')).toContainText(/npm modules cannot be installed/);
  expect((await api.getHook(hook.id)).dependencies).toEqual({});

  await version.fill('1.3.0');
  await version.press('Enter');
  const listed = panel.getByRole('list', { name: 'Modules' });
  await expect(listed.getByRole('listitem')).toHaveText([/left-pad\s*1\.3\.0/]);
  await expect(form.getByRole('alert')).toBeHidden();
  await expect(found).toBeHidden();
  await expect(name).toHaveValue('');
  expect((await api.getHook(hook.id)).dependencies).toEqual({ 'left-pad': '1.3.0' });

  for (const theme of ['Light', 'Dark']) {
    await page.getByRole('radio', { name: `${theme} theme` }).click();
    await panel.screenshot({
      path: testInfo.outputPath(`modules-1440-${theme.toLowerCase()}.png`),
    });
  }

  // Remove: the hook is saved without it, and the code's require is offered again.
  await listed.getByRole('button', { name: 'Remove left-pad' }).click();
  await expect(panel.getByText('No modules yet.')).toBeVisible();
  await expect(found.getByRole('listitem')).toHaveText([/left-pad/]);
  expect((await api.getHook(hook.id)).dependencies).toEqual({});

  // A phone: nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await found.getByRole('button', { name: 'Add left-pad' }).click();
  await expect(found).toBeInViewport();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  for (const theme of ['Light', 'Dark']) {
    await page.getByRole('radio', { name: `${theme} theme` }).click();
    await page.screenshot({
      path: testInfo.outputPath(`modules-390-${theme.toLowerCase()}.png`),
      fullPage: true,
    });
  }
});
