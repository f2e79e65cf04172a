/**
 * What npm modules a hook asks for: its `dependencies` (`{"axios": "1.7.9"}`, as on Auth0) and the
 * webtask form `require('request@2.88.2')` in its code, found by a small scanner that skips
 * comments, strings, template literals and regular expressions.
 */
import type { ModuleRequest } from './install';
import {
  isPackageName,
  parseSpecifier,
  scanRequires,
  type ParsedSpecifier,
} from '@/shared/hook-modules';
import { ModuleResolutionError } from './resolution-error';
import { parseRange } from './semver';

export { parseSpecifier, type ParsedSpecifier };

export interface HookModules {
  /** What to resolve: each `dependencies` entry (root = its name), each `require('name@version')` (root = `name@version`). */
  requests: ModuleRequest[];
  /** Node built-ins the code requires. */
  builtins: string[];
  /** Packages the code requires without a version and that `dependencies` lacks: the editor offers to add them. */
  missing: string[];
}

/** A hook's modules, from its `dependencies` and its code. Throws ModuleResolutionError for a bad name or version. */
export function hookModules(dependencies: Record<string, string>, script: string): HookModules {
  const requests = new Map<string, ModuleRequest>();
  const checkVersion = (name: string, range: string, where: string) => {
    // A version, a range, or a dist-tag such as `latest` (tags are checked against the registry).
    if (range.trim() !== '' && !parseRange(range) && !/^[a-zA-Z][\w.-]{0,63}$/.test(range)) {
      throw new ModuleResolutionError(
        `${where}: "${range}" is not a version, a semver range or a tag of ${name}`,
      );
    }
  };
  for (const [name, range] of Object.entries(dependencies)) {
    if (!isPackageName(name))
      throw new ModuleResolutionError(`dependencies: "${name}" is not a valid npm package name`);
    checkVersion(name, range, `dependencies.${name}`);
    requests.set(name, { root: name, name, range });
  }
  const builtins = new Set<string>();
  const missing = new Set<string>();
  for (const specifier of scanRequires(script)) {
    const parsed = parseSpecifier(specifier);
    if (parsed.kind === 'builtin') builtins.add(parsed.name);
    if (parsed.kind !== 'package') continue;
    if (parsed.version === undefined) {
      if (!Object.hasOwn(dependencies, parsed.name)) missing.add(parsed.name);
      continue;
    }
    checkVersion(parsed.name, parsed.version, `require('${specifier}')`);
    const root = `${parsed.name}@${parsed.version}`;
    requests.set(root, { root, name: parsed.name, range: parsed.version });
  }
  return {
    requests: [...requests.values()],
    builtins: [...builtins].sort(),
    missing: [...missing].sort(),
  };
}

/** The lock root a `require` specifier loads and the subpath inside it, or undefined when it is not a package. */
export function rootOf(
  specifier: string,
): { root: string; subpath: string | undefined } | undefined {
  const parsed = parseSpecifier(specifier);
  if (parsed.kind !== 'package') return undefined;
  return {
    root: parsed.version === undefined ? parsed.name : `${parsed.name}@${parsed.version}`,
    subpath: parsed.subpath,
  };
}
