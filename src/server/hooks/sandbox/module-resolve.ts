// Where a `require` inside a hook or one of its npm modules leads, answered on the host side of
// the sandbox (the worker) with the loader's own resolution (hooks/modules/files.ts), so that the
// guest and the save path can never disagree about which file a request loads, and requires
// built at run time (`require(name)`) resolve as well as literal ones.

import { resolveModulePath, resolvePackage } from '../modules/files.js';
import { parseSpecifier, rootOf } from '../modules/specifiers.js';
import type { HookModuleSet } from './protocol.js';

/** The hook's own code asks from here (it is not a file of the tree). */
export const HOOK_FILE = '';

/**
 * The virtual path `request` loads from `from` (HOOK_FILE or a file of the tree); undefined when
 * it is not a module of the hook (the guest says "module x is not available in hooks"); a string
 * starting with '!' is an error message.
 */
export function resolveHookModule(
  modules: HookModuleSet | undefined,
  from: string,
  request: string,
): string | undefined {
  if (!modules) return undefined;
  const parsed = parseSpecifier(request);
  if (parsed.kind === 'builtin') return undefined;
  if (from === HOOK_FILE) {
    const root = rootOf(request);
    if (!root) return undefined;
    if (root.subpath === undefined)
      return Object.hasOwn(modules.entries, root.root) ? modules.entries[root.root] : undefined;
    if (!Object.hasOwn(modules.packageDirs, root.root)) return undefined;
    return (
      resolvePackage(modules.files, modules.packageDirs[root.root]!, `./${root.subpath}`) ??
      `!Cannot find module '${request}': the package has no such file`
    );
  }
  if (!Object.hasOwn(modules.files, from)) return undefined;
  return (
    resolveModulePath(modules.files, from, request) ??
    `!Cannot find module '${request}' (required from ${from})`
  );
}
