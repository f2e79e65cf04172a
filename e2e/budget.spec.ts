import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test, unique, watchForeignRequests } from './fixtures';

/**
 * Issue 10, console budgets, on the production build: the JavaScript the first page loads is at
 * most 150 KB gzip (150,000 bytes), Monaco and its workers load only with the editor, and no
 * request leaves the server's origin. The server sends assets uncompressed, so each script is
 * gzipped here (zlib's default level, as a server compressing on the fly would).
 */
const BUDGET_BYTES = 150_000;

/** Monaco's chunks and workers (the editor route's own code is `hook-editor-*`). */
const MONACO = /\/assets\/(code-editor|editor\.api|[a-z]+\.worker|workers|[a-z]+Mode|lspLanguageFeatures)-[\w-]+\.js$/;

interface Loaded {
  url: string;
  raw: number;
  gzip: number;
}

/** Every script the page loads, with its gzip size, and every URL it requests. */
function recordLoads(page: Page) {
  const scripts: Promise<Loaded | null>[] = [];
  const requests: string[] = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    scripts.push(
      res.body().then(
        (body) => ({ url: new URL(res.url()).pathname, raw: body.length, gzip: zlib.gzipSync(body).length }),
        () => null, // a navigation discarded the body: not loaded
      ),
    );
  });
  return {
    requests,
    /** Waits for the network to settle (lazy chunks included), then sums what was loaded. */
    async settle() {
      await page.waitForLoadState('networkidle');
      const loaded = (await Promise.all(scripts)).filter((s): s is Loaded => s !== null);
      return { loaded, gzip: loaded.reduce((sum, s) => sum + s.gzip, 0) };
    },
  };
}

function report(title: string, loaded: Loaded[], gzip: number) {
  const lines = loaded.map((s) => `${String(s.gzip).padStart(7)} ${s.url}`);
  test.info().annotations.push({ type: title, description: `${gzip} bytes gzip in ${loaded.length} scripts` });
  console.log(`${title}: ${gzip} bytes gzip of JS in ${loaded.length} scripts\n${lines.join('\n')}`);
}

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('/sign-in loads at most 150 KB gzip of JavaScript, no Monaco, nothing from another host', async ({ page }) => {
    const foreign = watchForeignRequests(page);
    const loads = recordLoads(page);
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    const { loaded, gzip } = await loads.settle();
    report('/sign-in', loaded, gzip);

    expect(loaded.length).toBeGreaterThan(0);
    expect(gzip).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(loads.requests.filter((url) => MONACO.test(url))).toEqual([]);
    expect(foreign).toEqual([]);
  });
});

test('/apis loads at most 150 KB gzip of JavaScript and no Monaco; the hook editor then loads Monaco, all from this origin', async ({
  page,
  api,
}) => {
  const hook = await api.createHook({
    name: unique('budget hook').replace(/[^a-zA-Z0-9 -]/g, ''),
    script: 'module.exports = function(client, scope, audience, context, cb) {\n  cb(null, {});\n};\n',
    triggerId: 'credentials-exchange',
  });
  const foreign = watchForeignRequests(page);
  const loads = recordLoads(page);

  await page.goto('/apis');
  await expect(page.getByRole('table', { name: 'APIs' })).toBeVisible();
  const first = await loads.settle();
  report('/apis', first.loaded, first.gzip);
  expect(first.gzip).toBeLessThanOrEqual(BUDGET_BYTES);
  expect(loads.requests.filter((url) => MONACO.test(url))).toEqual([]);

  // The split must hold both ways: the editor does load Monaco (and its worker) when opened.
  await page.goto(`/hooks/${hook.id}`);
  await expect(page.getByRole('heading', { name: hook.name, level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Code' }).getByRole('textbox', { name: 'Hook code' })).toBeAttached({ timeout: 20_000 });
  const loaded = (chunk: RegExp) => () => loads.requests.some((url) => MONACO.test(url) && chunk.test(url));
  await expect.poll(loaded(/\/assets\/editor\.api-/)).toBe(true);
  await expect.poll(loaded(/\/assets\/[a-z]+\.worker-/), { timeout: 20_000 }).toBe(true);
  expect(foreign).toEqual([]);
});
