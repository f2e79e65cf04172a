import { expect, test as setup } from '@playwright/test';
import { e2e } from './env';

setup('the admin signs in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email').fill(e2e.adminEmail);
  await page.getByLabel('Password').fill(e2e.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'APIs', level: 1 })).toBeVisible();
  await page.context().storageState({ path: e2e.storageState });
});
