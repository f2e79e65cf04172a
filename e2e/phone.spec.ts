import type { Page } from '@playwright/test';
import { expect, test, unique } from './fixtures';

/**
 * The console on a phone (the `phone` project: 390×844, touch). The main flows work with the
 * navigation in a drawer, and no page is wider than the screen: wide tables scroll in their box.
 */

/** The page never scrolls sideways: the document is no wider than the viewport. */
async function expectNoSidewaysScroll(page: Page) {
  const { documentWidth, viewportWidth } = await page.evaluate(() => ({
    documentWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  }));
  expect(
    documentWidth,
    `document ${documentWidth}px wide in a ${viewportWidth}px viewport`,
  ).toBeLessThanOrEqual(viewportWidth);
}

/** Opens the drawer from the header and follows one of its links. */
async function navigate(page: Page, section: string) {
  await page.getByRole('button', { name: 'Open menu' }).click();
  const drawer = page.getByRole('dialog', { name: 'Menu' });
  await expect(drawer).toBeVisible();
  await drawer
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: section })
    .click();
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('heading', { name: section, level: 1 })).toBeVisible();
}

test('signed in on a phone: header controls fit, the sidebar is a drawer that Escape closes', async ({
  page,
}) => {
  await page.goto('/apis');
  await expect(page.getByRole('heading', { name: 'APIs', level: 1 })).toBeVisible();
  await expect(page.getByRole('complementary')).toBeHidden();
  for (const control of [
    page.getByRole('button', { name: 'Open menu' }),
    page.getByRole('radiogroup', { name: 'Theme' }),
    page.getByRole('button', { name: 'Sign out' }),
  ]) {
    await expect(control).toBeInViewport({ ratio: 1 });
  }
  await expectNoSidewaysScroll(page);

  // Keyboard: the drawer takes focus, Escape closes it and focus returns to the menu button.
  const menu = page.getByRole('button', { name: 'Open menu' });
  await menu.focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog', { name: 'Menu' });
  await expect(drawer).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(drawer.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();
});

test('APIs, applications, hooks and logs fit a phone screen', async ({ page, api }) => {
  const identifier = `https://${unique('phone').replace(/\W/g, '')}.example.com/a-long-identifier-for-a-narrow-screen`;
  await api.createApi({ name: unique('Phone API'), identifier });
  await api.createClient({ name: unique('Phone application with a rather long name') });

  await page.goto('/apis');
  await expect(page.getByRole('table', { name: 'APIs' })).toBeVisible();
  await expectNoSidewaysScroll(page);

  for (const section of ['Applications', 'Hooks', 'Logs', 'Settings']) {
    await navigate(page, section);
    await expectNoSidewaysScroll(page);
  }
});

test('a hook opens on a phone, its switch and badges side by side without overlapping', async ({
  page,
  api,
}, testInfo) => {
  const hook = await api.createHook({
    name: unique('phone hook').replace(/[^a-zA-Z0-9 -]/g, ''),
    script:
      'module.exports = function(client, scope, audience, context, cb) {\n  cb(null, {});\n};\n',
    triggerId: 'credentials-exchange',
  });
  await page.goto('/hooks');
  const row = page.getByRole('listitem').filter({ hasText: hook.name });
  await expect(row).toBeVisible();

  // Enabled: the switch, the badge, the link and the buttons of the row cover none of the others.
  await api.updateHook(hook.id, { enabled: true });
  await page.reload();
  await expect(row.getByText('Enabled', { exact: true })).toBeVisible();
  const parts = [
    row.getByRole('link', { name: hook.name }),
    row.getByText('Enabled', { exact: true }),
    row.getByRole('switch'),
    ...(await row.getByRole('button').all()),
  ];
  const boxes = await Promise.all(
    parts.map(async (part) => ({ part: String(part), box: (await part.boundingBox())! })),
  );
  for (const [i, { part: a, box: p }] of boxes.entries()) {
    for (const { part: b, box: q } of boxes.slice(i + 1)) {
      const overlap =
        p.x < q.x + q.width - 1 &&
        q.x < p.x + p.width - 1 &&
        p.y < q.y + q.height - 1 &&
        q.y < p.y + p.height - 1;
      expect(overlap, `${a} overlaps ${b}`).toBe(false);
    }
  }
  await expectNoSidewaysScroll(page);

  await row.getByRole('link', { name: hook.name }).click();
  await expect(page.getByRole('heading', { name: hook.name, level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Hook code' })).toBeAttached({ timeout: 20_000 });
  await expectNoSidewaysScroll(page);

  // The editor page: every action is on screen (they wrap), and the code comes before its panels.
  const actions = page.getByRole('group', { name: 'Hook actions' });
  for (const button of await actions.getByRole('button').all()) {
    await expect(button).toBeInViewport({ ratio: 1 });
  }
  await expect(page.getByRole('switch', { name: `Enable ${hook.name}` })).toBeInViewport({
    ratio: 1,
  });
  // Every panel's tab is on screen: the row wraps rather than scrolling some out of sight.
  const panelTabs = page.getByRole('tablist', { name: 'Hook panels' }).getByRole('tab');
  expect(await panelTabs.count()).toBeGreaterThanOrEqual(6);
  const width = page.viewportSize()!.width;
  for (const tab of await panelTabs.all()) {
    const box = (await tab.boundingBox())!;
    expect(box.x, `${await tab.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${await tab.textContent()} ends on screen`).toBeLessThanOrEqual(
      width,
    );
  }
  const code = (await page.getByRole('region', { name: 'Code' }).boundingBox())!;
  const panels = (await page.getByRole('tab', { name: 'Runner' }).boundingBox())!;
  expect(panels.y, 'the panels are below the code').toBeGreaterThanOrEqual(code.y + code.height);
  await expectNoSidewaysScroll(page);
  for (const theme of ['Light', 'Dark']) {
    await page.getByRole('radio', { name: `${theme} theme` }).click();
    await page.screenshot({
      path: testInfo.outputPath(`editor-390-${theme.toLowerCase()}.png`),
      fullPage: true,
    });
  }
  // Not left live: enabling another spec's hook would ask to replace it.
  await api.updateHook(hook.id, { enabled: false });
});
