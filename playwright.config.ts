import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { e2e } from './e2e/env';

/**
 * Browser tests against the BUILT server (`npm run build` first; `npm run test:e2e` does both),
 * driving Debian's Chromium: Playwright's own browser download is not available here.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  // One retry in CI: a test that passes only on its retry is reported as flaky, not hidden.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 7_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: e2e.baseURL,
    viewport: { width: 1440, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      testMatch: /.*\.spec\.ts/,
      testIgnore: /phone\.spec\.ts/,
      dependencies: ['setup'],
      use: { storageState: e2e.storageState },
    },
    {
      // A phone: the main flows at 390×844 with touch (phone.spec.ts).
      name: 'phone',
      testMatch: /phone\.spec\.ts/,
      dependencies: ['setup'],
      use: {
        storageState: e2e.storageState,
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      },
    },
  ],
  webServer: {
    // The server's whole output goes to a file that global-teardown.ts checks for secrets.
    command: `node dist/server.js > ${JSON.stringify(path.join(e2e.dir, 'server.log'))} 2>&1`,
    url: `${e2e.baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      HOST: '127.0.0.1',
      PORT: String(e2e.port),
      DATA_DIR: path.join(e2e.dir, 'data'),
      ISSUER_BASE_URL: e2e.baseURL,
      TENANT: 'e2e',
      ADMIN_EMAIL: e2e.adminEmail,
      ADMIN_PASSWORD: e2e.adminPassword,
      // Hook modules come from the stand-in on 127.0.0.1 (global-setup.ts), never the internet.
      NPM_CONFIG_REGISTRY: e2e.registry,
    },
  },
});
