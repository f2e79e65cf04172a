import { expect, test } from './fixtures';

/**
 * The Logs page's route module (a lazy chunk: src/web/app/router.tsx). Chromium remembers a
 * failed module fetch, so the second try is a fresh load of the page being opened.
 */
const LOGS_CHUNK = /\/assets\/logs-[\w-]+\.js$/;

test('a page whose module fails to load once is loaded again at its address and shows, with no error page', async ({
  page,
}) => {
  let attempts = 0;
  await page.route(LOGS_CHUNK, (route) => {
    attempts += 1;
    return attempts === 1 ? route.abort('connectionreset') : route.continue();
  });
  await page.goto('/apis');
  await expect(page.getByRole('heading', { name: 'APIs', level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).click();
  await expect(page.getByRole('heading', { name: 'Logs', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/logs$/);
  await expect(page.getByRole('heading', { name: 'Something went wrong' })).toHaveCount(0);
  expect(attempts).toBe(2);
});

test('a page whose module fails again after that load shows the error page, with a Reload button', async ({
  page,
}) => {
  let attempts = 0;
  await page.route(LOGS_CHUNK, (route) => {
    attempts += 1;
    return route.abort('connectionreset');
  });
  await page.goto('/apis');
  await expect(page.getByRole('heading', { name: 'APIs', level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).click();
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
  await expect(alert).toContainText('Failed to fetch dynamically imported module');
  await expect(alert.getByRole('button', { name: 'Reload' })).toBeVisible();
  expect(attempts).toBe(2);
});
