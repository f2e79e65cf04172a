import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/server/testing-process';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { openSettingsTab } from './fixtures';

/**
 * Changing the admin's password ends every session of the account (src/server/routes/session.ts).
 * The other specs share one server and one signed-in admin, so this one starts a server of its
 * own (the build of `npm run build`, a fresh DATA_DIR, its own admin) and changes the password there.
 */
const EMAIL = 'admin@change-password.test';
const FIRST = 'change-password-first-not-secret';
const SECOND = 'change-password-second-not-secret';

let server: ChildProcess | undefined;
let dir = '';
let baseURL = '';

test.beforeAll(async () => {
  const port = await freePort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-change-password-'));
  baseURL = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(dir, 'server.log'), 'w');
  server = spawn(process.execPath, ['dist/server.js'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: path.join(dir, 'data'),
      ISSUER_BASE_URL: baseURL,
      TENANT: 'password-e2e',
      ADMIN_EMAIL: EMAIL,
      ADMIN_PASSWORD: FIRST,
    },
    stdio: ['ignore', log, log],
  });
  await expect
    .poll(
      () =>
        fetch(`${baseURL}/healthz`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 30_000 },
    )
    .toBe(200);
});

test.afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A browser of its own (no shared sign-in), signed in to this spec's server. */
async function signedIn(browser: Browser, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'APIs', level: 1 })).toBeVisible();
  return page;
}

test('Settings → Password changes the admin password: errors by field, a toast, this browser stays signed in and the others are signed out', async ({
  browser,
}) => {
  const page = await signedIn(browser, FIRST);
  const elsewhere = await signedIn(browser, FIRST);

  await openSettingsTab(page, 'Password');
  await expect(page).toHaveURL(/\/settings\/password$/);
  const form = page.getByRole('region', { name: 'Change password' });
  await expect(form).toContainText(`as ${EMAIL}`);
  const current = form.getByLabel('Current password');
  const next = form.getByLabel('New password', { exact: true });
  const confirm = form.getByLabel('Confirm new password');
  const submit = form.getByRole('button', { name: 'Change password' });

  await test.step('empty, short and mismatched fields are flagged before anything is sent', async () => {
    await submit.click();
    await expect(current).toHaveAccessibleDescription('Enter your current password');
    await expect(current).toBeFocused();
    await expect(next).toHaveAccessibleDescription('Use at least 12 characters');
    await expect(confirm).toHaveAccessibleDescription('Enter the new password again');

    await current.fill(FIRST);
    await next.fill(SECOND);
    await confirm.fill(`${SECOND}!`);
    await submit.click();
    await expect(confirm).toHaveAccessibleDescription('Does not match the new password');
    await expect(current).not.toHaveAttribute('aria-invalid');
    await expect(next).toHaveAccessibleDescription('At least 12 characters.');

    await next.fill(FIRST);
    await confirm.fill(FIRST);
    await submit.click();
    await expect(next).toHaveAccessibleDescription('Choose a password other than the current one');
  });

  await test.step('a wrong current password is refused by the server, on its field', async () => {
    await current.fill('not-the-current-password');
    await next.fill(SECOND);
    await confirm.fill(SECOND);
    await submit.click();
    await expect(current).toHaveAccessibleDescription('Wrong password');
    await expect(current).toBeFocused();
  });

  await test.step('the right one changes it: a toast, the fields cleared, still signed in', async () => {
    await current.fill(FIRST);
    await submit.click();
    await expect(page.getByText('Password changed')).toBeVisible();
    await expect(current).toHaveValue('');
    await expect(next).toHaveValue('');
    await expect(confirm).toHaveValue('');
    await expect(current).not.toHaveAttribute('aria-invalid');
    await page.reload();
    await expect(page.getByRole('region', { name: 'Change password' })).toBeVisible();
  });

  await test.step('another browser signed in with the old password is signed out; only the new one signs in', async () => {
    await elsewhere.goto('/applications');
    await expect(elsewhere).toHaveURL(/\/sign-in$/);
    await elsewhere.getByLabel('Email').fill(EMAIL);
    await elsewhere.getByLabel('Password').fill(FIRST);
    await elsewhere.getByRole('button', { name: 'Sign in' }).click();
    await expect(elsewhere.getByRole('alert')).toHaveText('Wrong email or password');
    await elsewhere.getByLabel('Password').fill(SECOND);
    await elsewhere.getByRole('button', { name: 'Sign in' }).click();
    await expect(elsewhere.getByRole('heading', { name: 'Applications', level: 1 })).toBeVisible();
  });

  const log = fs.readFileSync(path.join(dir, 'server.log'), 'utf8');
  expect(log.includes(FIRST) || log.includes(SECOND), 'a password in the server log').toBe(false);
  await page.context().close();
  await elsewhere.context().close();
});
