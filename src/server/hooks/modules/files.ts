/**
 * A lock's packages as source text for the sandbox: a virtual `node_modules` tree (paths such as
 * `/node_modules/axios/lib/axios.js`) laid out the way npm hoists packages, so Node's resolution
 * algorithm over it finds, from each package, the exact version the lock chose for it. Only
 * `.js`, `.cjs` and `.json` files are read.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { packageDir, packageKey, type ModuleLock } from './install';
import { ModuleResolutionError } from './resolution-error';

export interface ModuleFiles {
  /** Virtual path → source text. */
  files: Record<string, string>;
  /** Lock root (`axios`, `request@2.88.2`) → the virtual path of its entry file (`main`, or `exports` under `require`). */
  entries: Record<string, string>;
  /** Lock root → the virtual folder of its package, for subpaths (`require('lodash/merge')`). */
  packageDirs: Record<string, string>;
}

export interface LoadLimits {
  /** All files together, in bytes. */
  maxBytes?: number;
  maxFileBytes?: number;
}

const LOADED = /\.(js|cjs|json)$/;

interface Placed {
  key: string;
  /** '' for the top; `/node_modules/a`, `/node_modules/a/node_modules/b`, … */
  dir: string;
  parent: Placed | undefined;
  children: Map<string, Placed>;
}

/** npm-style hoisting: each dependency goes as high as it can without changing what anyone else resolves. */
function layout(lock: ModuleLock): { placed: Placed[]; rootDirs: Record<string, Placed> } {
  const top: Placed = { key: '', dir: '', parent: undefined, children: new Map() };
  const placed: Placed[] = [];
  const rootDirs: Record<string, Placed> = {};
  const resolutions: { from: Placed; name: string; at: Placed; key: string }[] = [];
  const pkg = (key: string) => {
    const p = lock.packages[key];
    if (!p) throw new ModuleResolutionError(`the module lock names ${key} without its details`);
    return p;
  };
  const place = (parent: Placed, folder: string, key: string) => {
    const node: Placed = {
      key,
      dir: `${parent.dir}/node_modules/${folder}`,
      parent,
      children: new Map(),
    };
    parent.children.set(folder, node);
    placed.push(node);
    return node;
  };
  for (const [root, key] of Object.entries(lock.roots).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { name, version } = pkg(key);
    const existing = top.children.get(name);
    if (existing?.key === key) rootDirs[root] = existing;
    else if (!existing) rootDirs[root] = place(top, name, key);
    else
      rootDirs[root] =
        top.children.get(`${name}@${version}`) ?? place(top, `${name}@${version}`, key);
  }
  const isUnder = (node: Placed, ancestor: Placed) => {
    for (let n: Placed | undefined = node; n; n = n.parent) if (n === ancestor) return true;
    return false;
  };
  const above = (level: Placed, ancestor: Placed) => level !== ancestor && isUnder(ancestor, level);
  for (let i = 0; i < placed.length; i++) {
    const node = placed[i]!;
    for (const [name, version] of Object.entries(pkg(node.key).dependencies)) {
      const key = packageKey(name, version);
      let found: Placed | undefined;
      for (let level: Placed | undefined = node; level && !found; level = level.parent) {
        if (level.children.has(name)) found = level;
      }
      if (found && found.children.get(name)?.key === key) {
        resolutions.push({ from: node, name, at: found, key });
        continue;
      }
      let target = node;
      for (
        let level: Placed | undefined = node;
        level && !level.children.has(name);
        level = level.parent
      ) {
        const candidate = level;
        // Placing here must not change a resolution already made below it to a level above it.
        const shadows = resolutions.some(
          (r) =>
            r.name === name &&
            r.key !== key &&
            isUnder(r.from, candidate) &&
            above(r.at, candidate),
        );
        if (!shadows) target = candidate;
      }
      place(target, name, key);
      resolutions.push({ from: node, name, at: target, key });
    }
  }
  return { placed, rootDirs };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, prefix), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile() && LOADED.test(entry.name)) out.push(rel);
  }
  return out;
}

/** Reads a lock's installed packages into a virtual tree and resolves each root's entry. Throws ModuleResolutionError. */
export async function loadModuleFiles(
  lock: ModuleLock,
  cacheDir: string,
  limits: LoadLimits = {},
): Promise<ModuleFiles> {
  const maxBytes = limits.maxBytes ?? 32 * 1024 * 1024;
  const maxFileBytes = limits.maxFileBytes ?? 8 * 1024 * 1024;
  const { placed, rootDirs } = layout(lock);
  const files: Record<string, string> = {};
  let total = 0;
  for (const node of placed) {
    const { integrity } = lock.packages[node.key]!;
    const source = packageDir(cacheDir, integrity);
    const names = await listFiles(source).catch(() => {
      throw new ModuleResolutionError(`package ${node.key} is not installed on this node`);
    });
    for (const rel of names) {
      const file = path.join(source, rel);
      const { size } = await fs.stat(file);
      if (size > maxFileBytes) {
        throw new ModuleResolutionError(
          `package ${node.key} is too large: ${rel} has more than ${maxFileBytes} bytes`,
        );
      }
      total += size;
      if (total > maxBytes) {
        throw new ModuleResolutionError(
          `the modules are too large: more than ${maxBytes} bytes of .js, .cjs and .json files`,
        );
      }
      files[`${node.dir}/${rel}`] = await fs.readFile(file, 'utf8');
    }
  }
  const entries: Record<string, string> = {};
  const packageDirs: Record<string, string> = {};
  for (const [root, node] of Object.entries(rootDirs)) {
    const entry = resolvePackage(files, node.dir, '.');
    if (!entry)
      throw new ModuleResolutionError(
        `module ${root}: package ${node.key} has no CommonJS entry (.js, .cjs or .json) to require`,
      );
    entries[root] = entry;
    packageDirs[root] = node.dir;
  }
  return { files, entries, packageDirs };
}

const EXTENSIONS = ['', '.js', '.json', '.cjs'];

function resolveFile(files: Record<string, string>, p: string): string | undefined {
  for (const ext of EXTENSIONS) if (Object.hasOwn(files, p + ext)) return p + ext;
  return undefined;
}

function readPackageJson(
  files: Record<string, string>,
  dir: string,
): Record<string, unknown> | undefined {
  const text = files[`${dir}/package.json`];
  if (text === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function resolveDirectory(files: Record<string, string>, dir: string): string | undefined {
  const main = readPackageJson(files, dir)?.main;
  if (typeof main === 'string' && main !== '') {
    const target = path.posix.join(dir, main);
    const found = resolveFile(files, target) ?? resolveFile(files, `${target}/index`);
    if (found) return found;
  }
  return resolveFile(files, `${dir}/index`);
}

const CONDITIONS = new Set(['require', 'node', 'default']);

function exportTarget(target: unknown, match: string | undefined): string | undefined {
  if (typeof target === 'string')
    return target.startsWith('./')
      ? match === undefined
        ? target
        : target.replaceAll('*', match)
      : undefined;
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = exportTarget(t, match);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof target === 'object' && target !== null) {
    for (const [condition, value] of Object.entries(target)) {
      if (!CONDITIONS.has(condition)) continue;
      const found = exportTarget(value, match);
      if (found) return found;
    }
  }
  return undefined;
}

/** Node's package `exports` resolution (https://nodejs.org/api/packages.html#package-entry-points) under `require`. */
function resolveExports(exportsField: unknown, subpath: string): string | undefined | null {
  const isSubpathMap =
    typeof exportsField === 'object' &&
    exportsField !== null &&
    !Array.isArray(exportsField) &&
    Object.keys(exportsField).some((k) => k.startsWith('.'));
  const map: Record<string, unknown> = isSubpathMap
    ? (exportsField as Record<string, unknown>)
    : { '.': exportsField };
  if (Object.hasOwn(map, subpath)) return exportTarget(map[subpath], undefined) ?? null;
  let best: { prefix: string; suffix: string; value: unknown } | undefined;
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (
      subpath.startsWith(prefix) &&
      subpath.endsWith(suffix) &&
      subpath.length >= key.length - 1
    ) {
      if (!best || prefix.length > best.prefix.length) best = { prefix, suffix, value };
    }
  }
  if (!best) return null;
  return (
    exportTarget(
      best.value,
      subpath.slice(best.prefix.length, subpath.length - best.suffix.length),
    ) ?? null
  );
}

/** The file that `require` of `subpath` (`.` or `./lib/x`) in the package at `dir` loads, or undefined. */
export function resolvePackage(
  files: Record<string, string>,
  dir: string,
  subpath: string,
): string | undefined {
  const pkg = readPackageJson(files, dir);
  if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
    const target = resolveExports(pkg.exports, subpath);
    if (!target) return undefined;
    const full = path.posix.join(dir, target);
    return Object.hasOwn(files, full) ? full : undefined;
  }
  if (subpath === '.') return resolveDirectory(files, dir);
  const target = path.posix.join(dir, subpath);
  return resolveFile(files, target) ?? resolveDirectory(files, target);
}

/**
 * Node's `require` resolution over the virtual tree: the file that `require(request)` loads from
 * `fromFile`, or undefined (Node built-ins are not in the tree: the caller handles them first).
 */
export function resolveModulePath(
  files: Record<string, string>,
  fromFile: string,
  request: string,
): string | undefined {
  const fromDir = path.posix.dirname(fromFile);
  if (
    request.startsWith('./') ||
    request.startsWith('../') ||
    request.startsWith('/') ||
    request === '.' ||
    request === '..'
  ) {
    const target = path.posix.resolve(fromDir, request);
    return resolveFile(files, target) ?? resolveDirectory(files, target);
  }
  const m = /^((?:@[^/]+\/)?[^/@][^/]*)(\/.*)?$/.exec(request);
  if (!m) return undefined;
  const [, name = '', sub] = m;
  for (let dir = fromDir; ; dir = path.posix.dirname(dir)) {
    if (path.posix.basename(dir) !== 'node_modules') {
      const pkgDir = `${dir === '/' ? '' : dir}/node_modules/${name}`;
      if (Object.hasOwn(files, `${pkgDir}/package.json`))
        return resolvePackage(files, pkgDir, sub ? `.${sub}` : '.');
    }
    if (dir === '/' || dir === '.') return undefined;
  }
}
