/**
 * For tests: real npm packages for the registry stand-in, packed from this repository's own
 * node_modules (where `npm ci` put them as exact-pinned devDependencies) with their whole
 * dependency trees, so that tests run real modules (request, axios, node-fetch, …) without the
 * internet. Only the files hooks can load (.js, .cjs, .json) go into the tarballs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StandInPackage } from './stand-in-registry';

const LOADED = /\.(js|cjs|json)$/;

function packageFiles(dir: string, prefix = '', out: Record<string, string> = {}) {
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') packageFiles(dir, rel, out);
    } else if (entry.isFile() && LOADED.test(entry.name)) {
      out[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
    }
  }
  return out;
}

/** Node's lookup of package `name` from the package folder `from` (nested node_modules first). */
function findPackageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed (from ${from})`);
  }
}

/**
 * The packages `roots` need, each once per name and version, as the stand-in serves them. A root
 * is a folder of node_modules: an npm alias folder (`axios-0` for `npm:axios@0.27.2`) serves the
 * package it holds under the package's own name.
 */
export function standInPackagesFrom(roots: string[], cwd = process.cwd()): StandInPackage[] {
  const seen = new Map<string, StandInPackage>();
  const visit = (dir: string) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      dependencies?: Record<string, string>;
      main?: string;
      exports?: unknown;
    };
    const key = `${manifest.name}@${manifest.version}`;
    if (seen.has(key)) return;
    const dependencies = manifest.dependencies ?? {};
    seen.set(key, {
      name: manifest.name,
      version: manifest.version,
      dependencies,
      main: manifest.main,
      exports: manifest.exports,
      files: packageFiles(dir),
    });
    for (const dependency of Object.keys(dependencies)) visit(findPackageDir(dependency, dir));
  };
  for (const root of roots) visit(findPackageDir(root, cwd));
  return [...seen.values()];
}
