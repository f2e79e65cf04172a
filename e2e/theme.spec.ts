import { expect, test } from './fixtures';

test.use({ colorScheme: 'dark' });

test('the theme follows the system until the admin picks one, and the choice is remembered', async ({
  page,
}) => {
  await page.goto('/apis');
  const html = page.locator('html');
  const theme = page.getByRole('radiogroup', { name: 'Theme' });
  await expect(theme.getByRole('radio', { name: 'System theme' })).toBeChecked();
  await expect(html).toHaveAttribute('data-theme', 'dark');

  await theme.getByRole('radio', { name: 'Light theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Light theme' })).toBeChecked();
  await expect(html).toHaveAttribute('data-theme', 'light');

  await page.getByRole('radio', { name: 'System theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
});
