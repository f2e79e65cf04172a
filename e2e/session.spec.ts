import { e2e } from './env';
import { expect, test } from './fixtures';

test.use({ storageState: { cookies: [], origins: [] } });

test('a wrong password is refused with a message, and the email stays filled in', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(e2e.adminEmail);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password');
  await expect(page.getByLabel('Email')).toHaveValue(e2e.adminEmail);
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('empty fields are flagged before anything is sent', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Enter your email');
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription('Enter your password');
});

test('signing in returns to the page asked for, and signing out ends the session', async ({
  page,
}) => {
  await page.goto('/applications');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email').fill(e2e.adminEmail);
  await page.getByLabel('Password').fill(e2e.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Applications', level: 1 })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('e2e');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.goto('/apis');
  await expect(page).toHaveURL(/\/sign-in$/);
  const session = await page.request.get('/api/session');
  expect(session.status()).toBe(401);
});
