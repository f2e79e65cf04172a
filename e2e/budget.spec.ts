import type { Page } from '@playwright/test';
import { expect, test, unique, watchForeignRequests } from './fixtures';

/**
 * Console budgets, over the wire, on the production build: the JavaScript the first page loads
 * is at most 150 KB (150,000 bytes) as the server sends it (precompressed brotli), Monaco and its
 * workers load only with the editor, the editor page loads at most 1.5 MB in all, and no request
 * leaves the server's origin.
 */
const BUDGET_BYTES = 150_000;
const EDITOR_BUDGET_BYTES = 1_500_000;
/**
 * The TypeScript worker (IntelliSense, syntax errors) is ~830 KB brotli by itself: TypeScript's
 * compiler. It loads once someone focuses or points into the code, so it is not part of opening
 * the editor; with it the page is ~1.9 MB, and this bounds that total.
 */
const EDITOR_WITH_LANGUAGE_SERVICE_BYTES = 1_950_000;
const TS_WORKER = /\/assets\/ts\.worker-[\w-]+\.js$/;

/** Monaco's chunks and workers (the editor route's own code is `hook-editor-*`). */
const MONACO =
  /\/assets\/(code-editor|editor\.api|[a-z]+\.worker|workers|[a-z]+Mode|lspLanguageFeatures)-[\w-]+\.js$/;

/** What Chromium sends. */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

interface Loaded {
  url: string;
  /** Bytes of the body as sent (after Content-Encoding). */
  wire: number;
  encoding: string | null;
  script: boolean;
}

/**
 * Every URL the page (and its workers) requests, and what each costs over the wire: the server
 * sends files with their length, so a HEAD with the browser's Accept-Encoding tells the size and
 * encoding of the body it sent. (Response events miss worker scripts, and report no body size for
 * some of them.)
 */
function recordLoads(page: Page) {
  const requests: string[] = [];
  page.on('request', (req) => requests.push(req.url()));
  return {
    requests,
    /** Waits for the network to settle (lazy chunks included), then sums what was loaded. */
    async settle() {
      await page.waitForLoadState('networkidle');
      const urls = [...new Set(requests)].filter((u) => !new URL(u).pathname.startsWith('/api/'));
      const loaded: Loaded[] = [];
      for (const u of urls) {
        const head = await page.request.head(u, {
          headers: { 'accept-encoding': ACCEPT_ENCODING },
        });
        if (!head.ok()) continue;
        const pathname = new URL(u).pathname;
        loaded.push({
          url: pathname,
          wire: Number(head.headers()['content-length'] ?? 0),
          encoding: head.headers()['content-encoding'] ?? null,
          script: pathname.endsWith('.js'),
        });
      }
      const scripts = loaded.filter((s) => s.script);
      return {
        loaded,
        scripts,
        js: scripts.reduce((sum, s) => sum + s.wire, 0),
        all: loaded.reduce((sum, s) => sum + s.wire, 0),
      };
    },
  };
}

function report(title: string, loaded: Loaded[], bytes: number) {
  const lines = loaded.map(
    (s) => `${String(s.wire).padStart(8)} ${s.encoding ?? 'identity'} ${s.url}`,
  );
  test.info().annotations.push({
    type: title,
    description: `${bytes} bytes over the wire in ${loaded.length} responses`,
  });
  console.log(
    `${title}: ${bytes} bytes over the wire in ${loaded.length} responses\n${lines.join('\n')}`,
  );
}

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('/sign-in loads at most 150 KB of JavaScript over the wire, brotli, no Monaco, nothing from another host', async ({
    page,
  }) => {
    const foreign = watchForeignRequests(page);
    const loads = recordLoads(page);
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    const { scripts, js } = await loads.settle();
    report('/sign-in JS', scripts, js);

    expect(scripts.length).toBeGreaterThan(0);
    expect(js).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(scripts.filter((s) => s.wire > 1024 && s.encoding !== 'br')).toEqual([]);
    expect(loads.requests.filter((url) => MONACO.test(url))).toEqual([]);
    expect(foreign).toEqual([]);
  });
});

test('/apis loads at most 150 KB of JavaScript over the wire and no Monaco', async ({ page }) => {
  const foreign = watchForeignRequests(page);
  const loads = recordLoads(page);
  await page.goto('/apis');
  await expect(page.getByRole('table', { name: 'APIs' })).toBeVisible();
  const { scripts, js } = await loads.settle();
  report('/apis JS', scripts, js);
  expect(js).toBeLessThanOrEqual(BUDGET_BYTES);
  expect(scripts.filter((s) => s.wire > 1024 && s.encoding !== 'br')).toEqual([]);
  expect(loads.requests.filter((url) => MONACO.test(url))).toEqual([]);
  expect(foreign).toEqual([]);
});

test('the hook editor, opened directly, is usable with at most 1.5 MB over the wire; typing in it loads the TypeScript worker (completions from the hook typings, syntax errors), all from this origin', async ({
  page,
  api,
}) => {
  const hook = await api.createHook({
    name: unique('budget hook').replace(/[^a-zA-Z0-9 -]/g, ''),
    script:
      'module.exports = function(client, scope, audience, context, cb) {\n  cb(null, {});\n};\n',
    triggerId: 'credentials-exchange',
  });
  const foreign = watchForeignRequests(page);
  const loads = recordLoads(page);
  const requested = (chunk: RegExp) => () => loads.requests.some((url) => chunk.test(url));
  const brotli = (loaded: Loaded[]) =>
    loaded.filter((s) => s.wire > 1024 && s.encoding !== 'br' && !s.url.endsWith('.woff2'));

  await page.goto(`/hooks/${hook.id}`);
  await expect(page.getByRole('heading', { name: hook.name, level: 1 })).toBeVisible();
  const code = page.getByRole('region', { name: 'Code' });
  const input = code.getByRole('textbox', { name: 'Hook code' });
  await expect(input).toBeAttached({ timeout: 20_000 });
  await expect(code).toContainText('module.exports = function(client');
  await expect.poll(requested(/\/assets\/editor\.api-/)).toBe(true);
  const opened = await loads.settle();
  report('/hooks/:id (opened)', opened.loaded, opened.all);
  expect(opened.all).toBeLessThanOrEqual(EDITOR_BUDGET_BYTES);
  expect(loads.requests.filter((url) => TS_WORKER.test(url))).toEqual([]);
  expect(brotli(opened.loaded)).toEqual([]);

  // Typing without the worker works; completions and syntax errors come once it has loaded.
  await code.click({ position: { x: 300, y: 160 } });
  await expect(input).toBeFocused();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('client.');
  await expect(code).toContainText('client.');
  await expect.poll(requested(TS_WORKER), { timeout: 20_000 }).toBe(true);
  await expect(
    page.getByRole('listbox', { name: 'Suggest' }).getByRole('option', { name: /^metadata,/ }),
  ).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('Escape');
  await page.keyboard.type('name;');
  await page.keyboard.press('Enter');
  await page.keyboard.type('var = 1;');
  await expect(code.locator('.squiggly-error').first()).toBeAttached({ timeout: 20_000 });

  const typed = await loads.settle();
  report('/hooks/:id (after typing)', typed.loaded, typed.all);
  const worker = typed.loaded
    .filter((l) => TS_WORKER.test(l.url))
    .reduce((sum, l) => sum + l.wire, 0);
  expect(worker).toBeGreaterThan(0);
  expect(typed.all).toBeLessThanOrEqual(EDITOR_WITH_LANGUAGE_SERVICE_BYTES);
  expect(brotli(typed.loaded)).toEqual([]);
  expect(foreign).toEqual([]);
});
