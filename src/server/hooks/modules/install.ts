/**
 * Resolves a hook's npm modules to exact versions (with their dependency trees), downloads them,
 * verifies each tarball against the registry's integrity, and unpacks it, without running any of
 * its scripts, into a content-addressed cache: `<cacheDir>/<sha512 hex of the tarball>/package/…`.
 * The result is a lock that every node installs from (installFromLock) to run the same code.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isPackageName } from '@/shared/hook-modules';
import {
  createRegistryClient,
  downloadTarball,
  type Manifest,
  type Packument,
  type RegistryOptions,
} from './registry';
import { ModuleResolutionError } from './resolution-error';
import { maxSatisfying, parseRange, parseVersion, satisfies } from './semver';
import { readTarGz, type TarLimits } from './tar';

/** One package of the tree, exactly. */
export interface LockedPackage {
  name: string;
  version: string;
  /** `sha512-<base64>` of the tarball (computed here when the registry only had a sha1). */
  integrity: string;
  /** The tarball's URL. */
  resolved: string;
  /** Dependency name → the exact version chosen for it (its key in `packages` is `name@version`). */
  dependencies: Record<string, string>;
}

/**
 * The whole tree of a hook's modules. Packages are keyed `name@version` because one tree may hold
 * two versions of a package (two dependents with ranges that do not overlap).
 */
export interface ModuleLock {
  /** What the hook asked for (a `dependencies` name, or `name@range` from `require`) → its package key. */
  roots: Record<string, string>;
  packages: Record<string, LockedPackage>;
}

/** One module the hook asks for: `root` is its key in the lock's roots. */
export interface ModuleRequest {
  root: string;
  name: string;
  range: string;
}

export interface InstallOptions extends RegistryOptions, Partial<TarLimits> {
  /** `DATA_DIR/modules`. */
  cacheDir: string;
  /** Packages in one tree. */
  maxPackages?: number;
}

const DEFAULTS = { maxPackages: 500, maxUnpackedBytes: 256 * 1024 * 1024, maxFiles: 20_000 };

/** Where a server keeps its modules: `DATA_DIR/modules`. */
export const modulesCacheDir = (dataDir: string) => path.join(dataDir, 'modules');

export const packageKey = (name: string, version: string) => `${name}@${version}`;

/** The cache folder of a package: the hex of its sha512 integrity. */
export function packageDir(cacheDir: string, integrity: string): string {
  const digest = /^sha512-([A-Za-z0-9+/]{86}==)$/.exec(integrity)?.[1];
  if (!digest) throw new ModuleResolutionError(`"${integrity}" is not a sha512 integrity`);
  return path.join(cacheDir, Buffer.from(digest, 'base64').toString('hex'), 'package');
}

const sri = (algorithm: string, data: Buffer) =>
  `${algorithm}-${crypto.createHash(algorithm).update(data).digest('base64')}`;

/** Checks a tarball against the registry's SRI string (strongest hash it lists) or, lacking one, its sha1 shasum. */
function verify(data: Buffer, dist: Manifest['dist'], what: string): void {
  const hashes = (dist?.integrity ?? '')
    .split(/\s+/)
    .map((h) => /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/=]+)(\?.*)?$/.exec(h))
    .filter((m): m is RegExpExecArray => m !== null);
  const rank = ['sha1', 'sha256', 'sha384', 'sha512'];
  const strongest = hashes.sort((a, b) => rank.indexOf(b[1] ?? '') - rank.indexOf(a[1] ?? ''))[0];
  if (strongest) {
    const algorithm = strongest[1] ?? '';
    if (sri(algorithm, data) !== `${algorithm}-${strongest[2]}`) {
      throw new ModuleResolutionError(
        `${what}: the tarball does not match its integrity ${algorithm} (refused)`,
      );
    }
    return;
  }
  if (dist?.shasum) {
    if (crypto.createHash('sha1').update(data).digest('hex') !== dist.shasum.toLowerCase()) {
      throw new ModuleResolutionError(`${what}: the tarball does not match its shasum (refused)`);
    }
    return;
  }
  throw new ModuleResolutionError(
    `${what}: the registry gives no integrity for the tarball (refused)`,
  );
}

/** Unpacks a verified tarball into its cache folder, unless it is already there; returns the integrity. */
async function unpack(
  data: Buffer,
  cacheDir: string,
  limits: TarLimits,
  what: string,
): Promise<string> {
  const integrity = sri('sha512', data);
  const target = packageDir(cacheDir, integrity);
  if (await exists(target)) return integrity;
  const files = readTarGz(data, limits, what);
  const entry = path.dirname(target);
  const staging = `${entry}.tmp-${process.pid}-${crypto.randomUUID()}`;
  try {
    for (const file of files) {
      const dest = path.join(staging, 'package', file.path);
      // readTarGz refuses `..` and absolute paths; this is the last line of defence.
      if (!dest.startsWith(path.join(staging, 'package') + path.sep)) {
        throw new ModuleResolutionError(
          `${what}: the archive holds a path leaving the package "${file.path}"`,
        );
      }
      await fs.mkdir(path.dirname(dest), { recursive: true, mode: 0o755 });
      await fs
        .writeFile(dest, file.data, { mode: 0o644, flag: 'wx' })
        .catch(async (err: NodeJS.ErrnoException) => {
          // A name listed twice: the later entry wins, as with tar.
          if (err.code !== 'EEXIST') throw err;
          await fs.writeFile(dest, file.data, { mode: 0o644 });
        });
    }
    await fs.mkdir(path.join(staging, 'package'), { recursive: true });
    // Another process may have installed the same package meanwhile: same content, keep theirs.
    await fs.rename(staging, entry).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return integrity;
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

function bundled(manifest: Manifest): Set<string> {
  const list = manifest.bundleDependencies ?? manifest.bundledDependencies;
  if (list === true) return new Set(Object.keys(manifest.dependencies ?? {}));
  return new Set(Array.isArray(list) ? list : []);
}

/** The version a range (or a dist-tag such as `latest`) selects; npm prefers `latest` when it satisfies. */
function pickVersion(
  packument: Packument,
  name: string,
  range: string,
  chosen: Set<string> | undefined,
): string {
  const tags = packument['dist-tags'] ?? {};
  const tagged = Object.hasOwn(tags, range) ? tags[range] : undefined;
  if (tagged !== undefined) {
    if (!Object.hasOwn(packument.versions, tagged))
      throw new ModuleResolutionError(
        `package ${name}: the tag "${range}" names a missing version`,
      );
    return tagged;
  }
  const parsed = parseRange(range);
  if (!parsed) {
    throw new ModuleResolutionError(
      `package ${name}: "${range}" is not a version, a semver range or a tag of the package`,
    );
  }
  const already = [...(chosen ?? [])].filter((v) => {
    const version = parseVersion(v);
    return version !== undefined && satisfies(version, parsed);
  });
  const reuse = maxSatisfying(already, parsed);
  if (reuse) return reuse;
  const latest = tags.latest;
  if (latest && Object.hasOwn(packument.versions, latest) && maxSatisfying([latest], parsed))
    return latest;
  const best = maxSatisfying(Object.keys(packument.versions), parsed);
  if (!best) throw new ModuleResolutionError(`package ${name}: no version matches "${range}"`);
  return best;
}

/**
 * Resolves the requested modules and their dependencies, downloads, verifies and unpacks every
 * package into the cache, and returns the lock. Throws ModuleResolutionError.
 */
export async function resolveModules(
  requests: ModuleRequest[],
  options: InstallOptions,
): Promise<ModuleLock> {
  const registry = createRegistryClient(options);
  const limits: TarLimits = {
    maxUnpackedBytes: options.maxUnpackedBytes ?? DEFAULTS.maxUnpackedBytes,
    maxFiles: options.maxFiles ?? DEFAULTS.maxFiles,
  };
  const maxPackages = options.maxPackages ?? DEFAULTS.maxPackages;
  const packuments = new Map<string, Promise<Packument>>();
  const packumentOf = (name: string) => {
    let p = packuments.get(name);
    if (!p) {
      p = registry.packument(name);
      packuments.set(name, p);
    }
    return p;
  };
  const chosen = new Map<string, Set<string>>();
  const packages: Record<string, LockedPackage> = {};
  const roots: Record<string, string> = {};

  // Breadth first, one level at a time, so that a version chosen nearer the top is reused below.
  let level: {
    name: string;
    range: string;
    root?: string;
    optional: boolean;
    parent?: LockedPackage;
  }[] = requests.map((r) => {
    if (!isPackageName(r.name))
      throw new ModuleResolutionError(`"${r.name}" is not a valid npm package name`);
    return { name: r.name, range: r.range, root: r.root, optional: false };
  });
  const downloads: { key: string; manifest: Manifest; locked: LockedPackage }[] = [];
  while (level.length > 0) {
    const next: typeof level = [];
    // Documents are fetched in parallel; versions are picked in order, so the result is deterministic.
    for (const item of level) packumentOf(item.name).catch(() => undefined);
    for (const item of level) {
      let packument: Packument;
      let version: string;
      try {
        packument = await packumentOf(item.name);
        version = pickVersion(
          packument,
          item.name,
          item.range.trim() || '*',
          chosen.get(item.name),
        );
      } catch (err) {
        if (item.optional && err instanceof ModuleResolutionError) continue;
        throw err;
      }
      const key = packageKey(item.name, version);
      if (item.root !== undefined) roots[item.root] = key;
      if (item.parent) item.parent.dependencies[item.name] = version;
      if (packages[key]) continue;
      if (Object.keys(packages).length >= maxPackages) {
        throw new ModuleResolutionError(`the modules need more than ${maxPackages} packages`);
      }
      const manifest = packument.versions[version];
      if (!manifest)
        throw new ModuleResolutionError(`package ${key} is missing from the registry's document`);
      const tarballUrl = manifest.dist?.tarball;
      if (!tarballUrl)
        throw new ModuleResolutionError(`package ${key}: the registry gives no tarball`);
      const locked: LockedPackage = {
        name: item.name,
        version,
        integrity: '',
        resolved: tarballUrl,
        dependencies: {},
      };
      packages[key] = locked;
      downloads.push({ key, manifest, locked });
      chosen.set(item.name, (chosen.get(item.name) ?? new Set()).add(version));
      const skip = bundled(manifest);
      const optional = manifest.optionalDependencies ?? {};
      for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...optional })) {
        if (skip.has(dep)) continue;
        next.push({ name: dep, range, optional: Object.hasOwn(optional, dep), parent: locked });
      }
    }
    level = next;
  }
  await inParallel(downloads, DOWNLOADS_AT_ONCE, async ({ key, manifest, locked }) => {
    const data = await registry.tarball(locked.resolved, `package ${key}`);
    verify(data, manifest.dist, `package ${key}`);
    locked.integrity = await unpack(data, options.cacheDir, limits, `package ${key}`);
  });
  return { roots, packages: sortKeys(packages) };
}

const DOWNLOADS_AT_ONCE = 8;

/** Runs `task` over `items`, at most `limit` at a time; the first failure rejects (the others still finish). */
async function inParallel<T>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/**
 * Installs every package of a lock into this node's cache (those already there are kept), each
 * tarball verified against the lock's integrity. Throws ModuleResolutionError.
 */
export async function installFromLock(
  lock: ModuleLock,
  cacheDir: string,
  options: Omit<InstallOptions, 'registry' | 'cacheDir'> = {},
): Promise<void> {
  const limits: TarLimits = {
    maxUnpackedBytes: options.maxUnpackedBytes ?? DEFAULTS.maxUnpackedBytes,
    maxFiles: options.maxFiles ?? DEFAULTS.maxFiles,
  };
  await inParallel(Object.entries(lock.packages), DOWNLOADS_AT_ONCE, async ([key, pkg]) => {
    if (await exists(packageDir(cacheDir, pkg.integrity))) return;
    const data = await downloadTarball(pkg.resolved, `package ${key}`, options);
    verify(data, { integrity: pkg.integrity }, `package ${key}`);
    await unpack(data, cacheDir, limits, `package ${key}`);
  });
}
