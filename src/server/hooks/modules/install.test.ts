import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModuleFiles, resolveModulePath } from './files';
import { installFromLock, packageDir, resolveModules, type ModuleLock } from './install';
import { ModuleResolutionError } from './resolution-error';
import { hookModules } from './specifiers';
import { makeTarGz, startStandInRegistry, type StandInPackage } from './stand-in-registry';

const packages: StandInPackage[] = [
  { name: 'follow', version: '1.15.0', files: { 'index.js': "module.exports = 'follow 1.15.0';" } },
  { name: 'follow', version: '1.15.9', files: { 'index.js': "module.exports = 'follow 1.15.9';" } },
  { name: 'follow', version: '2.0.0', files: { 'index.js': "module.exports = 'follow 2.0.0';" } },
  {
    name: 'fetchy',
    version: '1.7.9',
    dependencies: { follow: '^1.15.0', '@scope/util': '^1.0.0' },
    main: 'lib/fetchy.js',
    files: {
      'lib/fetchy.js': "module.exports = require('follow');",
      'README.md': '# fetchy',
      'dist/esm.mjs': 'export {}',
    },
  },
  {
    name: 'fetchy',
    version: '1.8.0',
    dependencies: { follow: '^1.15.0' },
    files: { 'index.js': '' },
  },
  { name: 'req', version: '2.81.0', files: { 'index.js': "module.exports = 'req 2.81.0';" } },
  {
    name: 'req',
    version: '2.88.2',
    dependencies: { follow: '^2.0.0' },
    files: { 'index.js': "module.exports = require('follow');" },
  },
  {
    name: '@scope/util',
    version: '1.0.0',
    exports: {
      '.': { import: './esm/index.mjs', require: './cjs/index.cjs' },
      './sub/*': './lib/*.js',
      './package.json': './package.json',
    },
    files: {
      'cjs/index.cjs': 'module.exports = 1;',
      'esm/index.mjs': 'export default 1;',
      'lib/a.js': 'module.exports = "a";',
    },
  },
  {
    name: 'cyc-a',
    version: '1.0.0',
    dependencies: { 'cyc-b': '1.0.0' },
    files: { 'index.js': "require('cyc-b')" },
  },
  {
    name: 'cyc-b',
    version: '1.0.0',
    dependencies: { 'cyc-a': '^1.0.0' },
    files: { 'index.js': "require('cyc-a')" },
  },
  {
    name: 'scripty',
    version: '1.0.0',
    files: {
      'package.json': JSON.stringify({
        name: 'scripty',
        version: '1.0.0',
        scripts: {
          preinstall: 'touch SCRIPT_RAN',
          install: 'touch SCRIPT_RAN',
          postinstall: 'touch SCRIPT_RAN',
        },
      }),
      'index.js': '',
    },
  },
  {
    name: 'old',
    version: '0.1.0',
    shasumOnly: true,
    files: { 'index.js': "module.exports = 'old';" },
  },
  {
    name: 'tampered',
    version: '1.0.0',
    files: { 'index.js': 'good' },
    tamperedTarball: makeTarGz([{ path: 'package/index.js', data: 'evil' }]),
  },
  {
    name: 'traversal',
    version: '1.0.0',
    entries: [{ path: 'package/../../../escaped.js', data: 'evil' }],
  },
  {
    name: 'esm-only',
    version: '1.0.0',
    exports: { import: './index.mjs' },
    files: { 'index.mjs': 'export default 1;' },
  },
  {
    name: 'huge',
    version: '1.0.0',
    files: { 'index.js': `module.exports = '${'x'.repeat(50_000)}';` },
  },
];

let registry: Awaited<ReturnType<typeof startStandInRegistry>>;
let tmp: string;
let cacheDir: string;

beforeAll(async () => {
  registry = await startStandInRegistry(packages, { follow: { next: '2.0.0' } });
});
afterAll(() => registry.close());

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-modules-'));
  cacheDir = path.join(tmp, 'data', 'modules');
  registry.requests.length = 0;
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const resolve = (dependencies: Record<string, string>, script = '') =>
  resolveModules(hookModules(dependencies, script).requests, { registry: registry.url, cacheDir });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ModuleResolutionError) return err.message;
    throw err;
  }
  throw new Error('expected a ModuleResolutionError');
}

const sha512 = (name: string) =>
  `sha512-${crypto.createHash('sha512').update(name).digest('base64')}`;

describe('resolveModules', () => {
  it('resolves dependencies and require(name@version) to exact versions, the whole tree, into the cache', async () => {
    const lock = await resolve(
      { fetchy: '1.7.9' },
      "const req = require('req@2.88.2'); const a = require('cyc-a@^1');",
    );
    expect(lock.roots).toEqual({
      fetchy: 'fetchy@1.7.9',
      'req@2.88.2': 'req@2.88.2',
      'cyc-a@^1': 'cyc-a@1.0.0',
    });
    expect(Object.keys(lock.packages)).toEqual([
      '@scope/util@1.0.0',
      'cyc-a@1.0.0',
      'cyc-b@1.0.0',
      'fetchy@1.7.9',
      'follow@1.15.9',
      'follow@2.0.0',
      'req@2.88.2',
    ]);
    expect(lock.packages['fetchy@1.7.9']).toEqual({
      name: 'fetchy',
      version: '1.7.9',
      integrity: expect.stringMatching(/^sha512-[A-Za-z0-9+/]{86}==$/) as unknown,
      resolved: `${registry.url}fetchy/-/fetchy-1.7.9.tgz`,
      dependencies: { follow: '1.15.9', '@scope/util': '1.0.0' },
    });
    expect(lock.packages['req@2.88.2']?.dependencies).toEqual({ follow: '2.0.0' });
    expect(lock.packages['cyc-b@1.0.0']?.dependencies).toEqual({ 'cyc-a': '1.0.0' });
    for (const pkg of Object.values(lock.packages)) {
      const dir = packageDir(cacheDir, pkg.integrity);
      expect(dir).toBe(
        path.join(
          cacheDir,
          Buffer.from(pkg.integrity.slice(7), 'base64').toString('hex'),
          'package',
        ),
      );
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({
        name: pkg.name,
        version: pkg.version,
      });
    }
  });

  it('takes the highest satisfying version, preferring latest, and accepts dist-tags', async () => {
    const lock = await resolve({ follow: '^1.0.0', fetchy: 'latest', req: '~2.81' });
    expect(lock.roots).toEqual({
      follow: 'follow@1.15.9',
      fetchy: 'fetchy@1.8.0',
      req: 'req@2.81.0',
    });
    expect((await resolve({ follow: 'next' })).roots).toEqual({ follow: 'follow@2.0.0' });
    expect((await resolve({ follow: '' })).roots).toEqual({ follow: 'follow@2.0.0' });
  });

  it('never runs a package script', async () => {
    const lock = await resolve({ scripty: '1.0.0' });
    const dir = packageDir(cacheDir, lock.packages['scripty@1.0.0']!.integrity);
    expect(fs.readdirSync(dir).sort()).toEqual(['index.js', 'package.json']);
    expect(fs.existsSync(path.join(process.cwd(), 'SCRIPT_RAN'))).toBe(false);
  });

  it('records a sha512 integrity for a package the registry only gives a sha1 shasum for', async () => {
    const lock = await resolve({ old: '0.1.0' });
    expect(lock.packages['old@0.1.0']?.integrity).toMatch(/^sha512-/);
  });

  it.each([
    [{ nope: '1.0.0' }, 'package nope does not exist in the registry'],
    [{ follow: '^3.0.0' }, 'package follow: no version matches "^3.0.0"'],
    [
      { follow: 'beta' },
      'package follow: "beta" is not a version, a semver range or a tag of the package',
    ],
    [
      { tampered: '1.0.0' },
      'package tampered@1.0.0: the tarball does not match its integrity sha512 (refused)',
    ],
    [
      { traversal: '1.0.0' },
      'package traversal@1.0.0: the archive holds a path leaving the package "package/../../../escaped.js"',
    ],
  ])('refuses %j', async (dependencies, message) => {
    expect(await refusal(resolve(dependencies))).toBe(message);
    expect(fs.existsSync(path.join(tmp, 'escaped.js'))).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'data', 'escaped.js'))).toBe(false);
    const cached = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : [];
    expect(cached).toEqual([]);
  });

  it('refuses a registry that cannot be reached, and too many packages', async () => {
    const closed = await startStandInRegistry([]);
    await closed.close();
    expect(
      await refusal(
        resolveModules([{ root: 'x', name: 'x', range: '1' }], { registry: closed.url, cacheDir }),
      ),
    ).toBe('package x: the registry cannot be reached');
    expect(
      await refusal(
        resolveModules(hookModules({ fetchy: '1.7.9' }, '').requests, {
          registry: registry.url,
          cacheDir,
          maxPackages: 2,
        }),
      ),
    ).toBe('the modules need more than 2 packages');
  });
});

describe('loadModuleFiles', () => {
  it('lays the tree out as npm would and resolves entries by main and by exports under require', async () => {
    const lock = await resolve(
      { fetchy: '1.7.9', req: '2.81.0' },
      "require('req@2.88.2'); require('@scope/util@1')",
    );
    const { files, entries, packageDirs } = await loadModuleFiles(lock, cacheDir);
    expect(entries).toEqual({
      fetchy: '/node_modules/fetchy/lib/fetchy.js',
      req: '/node_modules/req/index.js',
      // A second version of a root package gets its own folder.
      'req@2.88.2': '/node_modules/req@2.88.2/index.js',
      '@scope/util@1': '/node_modules/@scope/util/cjs/index.cjs',
    });
    expect(packageDirs).toEqual({
      fetchy: '/node_modules/fetchy',
      req: '/node_modules/req',
      'req@2.88.2': '/node_modules/req@2.88.2',
      '@scope/util@1': '/node_modules/@scope/util',
    });
    // Only .js, .cjs and .json files.
    expect(
      Object.keys(files)
        .filter((f) => f.startsWith('/node_modules/fetchy/'))
        .sort(),
    ).toEqual(['/node_modules/fetchy/lib/fetchy.js', '/node_modules/fetchy/package.json']);
    // fetchy needs follow@^1 (hoisted), req@2.88.2 needs follow@^2 (nested under it).
    expect(resolveModulePath(files, entries.fetchy!, 'follow')).toBe(
      '/node_modules/follow/index.js',
    );
    expect(files['/node_modules/follow/index.js']).toBe("module.exports = 'follow 1.15.9';");
    expect(resolveModulePath(files, entries['req@2.88.2']!, 'follow')).toBe(
      '/node_modules/req@2.88.2/node_modules/follow/index.js',
    );
    expect(files['/node_modules/req@2.88.2/node_modules/follow/index.js']).toBe(
      "module.exports = 'follow 2.0.0';",
    );
    // Subpaths through exports patterns, relative requires, and what is not there.
    expect(resolveModulePath(files, entries.fetchy!, '@scope/util/sub/a')).toBe(
      '/node_modules/@scope/util/lib/a.js',
    );
    expect(resolveModulePath(files, entries.fetchy!, '@scope/util/cjs/index.cjs')).toBeUndefined();
    expect(resolveModulePath(files, '/node_modules/follow/index.js', './package.json')).toBe(
      '/node_modules/follow/package.json',
    );
    expect(resolveModulePath(files, entries.fetchy!, 'missing')).toBeUndefined();
  });

  it('lays out a dependency cycle once, and resolves packages from the hook file at the top', async () => {
    const lock = await resolve({}, "require('cyc-a@1.0.0')");
    const { files, entries } = await loadModuleFiles(lock, cacheDir);
    expect(Object.keys(files).sort()).toEqual([
      '/node_modules/cyc-a/index.js',
      '/node_modules/cyc-a/package.json',
      '/node_modules/cyc-b/index.js',
      '/node_modules/cyc-b/package.json',
    ]);
    expect(resolveModulePath(files, entries['cyc-a@1.0.0']!, 'cyc-b')).toBe(
      '/node_modules/cyc-b/index.js',
    );
    expect(resolveModulePath(files, '/node_modules/cyc-b/index.js', 'cyc-a')).toBe(
      '/node_modules/cyc-a/index.js',
    );
    expect(resolveModulePath(files, '/hook.js', 'cyc-a')).toBe('/node_modules/cyc-a/index.js');
  });

  it('refuses a package without a CommonJS entry, code over the size limit, and a package not installed', async () => {
    expect(
      await refusal(
        resolve({ 'esm-only': '1.0.0' }).then((lock) => loadModuleFiles(lock, cacheDir)),
      ),
    ).toBe(
      'module esm-only: package esm-only@1.0.0 has no CommonJS entry (.js, .cjs or .json) to require',
    );
    const lock = await resolve({ huge: '1.0.0' });
    expect(await refusal(loadModuleFiles(lock, cacheDir, { maxBytes: 10_000 }))).toBe(
      'the modules are too large: more than 10000 bytes of .js, .cjs and .json files',
    );
    expect(await refusal(loadModuleFiles(lock, path.join(tmp, 'elsewhere')))).toBe(
      'package huge@1.0.0 is not installed on this node',
    );
  });
});

describe('installFromLock', () => {
  it('installs a lock into an empty cache on another node, from the tarballs alone, to the same files', async () => {
    const lock = await resolve({ fetchy: '1.7.9' }, "require('req@2.88.2')");
    const here = await loadModuleFiles(lock, cacheDir);
    const otherNode = path.join(tmp, 'node-2', 'modules');
    registry.requests.length = 0;
    await installFromLock(JSON.parse(JSON.stringify(lock)) as ModuleLock, otherNode);
    expect(registry.requests.every((r) => r.endsWith('.tgz'))).toBe(true);
    expect(registry.requests).toHaveLength(Object.keys(lock.packages).length);
    expect(await loadModuleFiles(lock, otherNode)).toEqual(here);
    // Installed packages are not downloaded again.
    registry.requests.length = 0;
    await installFromLock(lock, otherNode);
    expect(registry.requests).toEqual([]);
  });

  it('refuses a tarball that does not match the lock', async () => {
    const lock = await resolve({ follow: '1.15.0' });
    const forged: ModuleLock = {
      ...lock,
      packages: {
        'follow@1.15.0': {
          ...lock.packages['follow@1.15.0']!,
          integrity: sha512('something else'),
        },
      },
    };
    expect(await refusal(installFromLock(forged, path.join(tmp, 'node-3')))).toBe(
      'package follow@1.15.0: the tarball does not match its integrity sha512 (refused)',
    );
    expect(fs.existsSync(path.join(tmp, 'node-3'))).toBe(false);
  });
});
