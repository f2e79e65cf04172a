/**
 * A hook's npm modules between the store and the sandbox: on save, what the hook asks for is
 * resolved, installed and checked to load (the lock the version keeps); on run, a node installs
 * from the lock what its cache lacks and reads the files the sandbox loads, once per lock.
 */
import crypto from 'node:crypto';
import type { HookModuleSet } from '../sandbox/protocol';
import { loadModuleFiles } from './files';
import { installFromLock, resolveModules, type ModuleLock } from './install';
import { hookModules } from './specifiers';

export interface HookModulesConfig {
  /** NPM_CONFIG_REGISTRY. */
  registry: string;
  /** `DATA_DIR/modules` (modulesCacheDir). */
  cacheDir: string;
}

/**
 * The lock of what `dependencies` and `require('name@version')` in `script` ask for, installed in
 * this node's cache and loadable (every root has a CommonJS entry, the files are within the
 * loader's caps); null when the hook uses no npm module. Throws ModuleResolutionError.
 */
export async function lockHookModules(
  dependencies: Record<string, string>,
  script: string,
  config: HookModulesConfig,
): Promise<ModuleLock | null> {
  const { requests } = hookModules(dependencies, script);
  if (requests.length === 0) return null;
  const lock = await resolveModules(requests, {
    registry: config.registry,
    cacheDir: config.cacheDir,
  });
  await loadModuleFiles(lock, config.cacheDir);
  return lock;
}

/** Content key of a lock: equal locks share one module set in the workers. */
export const lockKey = (lock: ModuleLock) =>
  crypto.createHash('sha256').update(JSON.stringify(lock)).digest('base64url');

const SETS_KEPT = 64;

/** Loads module sets for runs, installing from the lock what this node's cache lacks; one read per lock while it stays in use. */
export function createModuleSetLoader(cacheDir: string) {
  const sets = new Map<string, Promise<HookModuleSet>>();
  return {
    async load(lock: ModuleLock): Promise<{ key: string; set: HookModuleSet }> {
      const key = lockKey(lock);
      let pending = sets.get(key);
      if (pending) {
        sets.delete(key); // re-inserted below: most recently used last
      } else {
        pending = installFromLock(lock, cacheDir).then(() => loadModuleFiles(lock, cacheDir));
        // A failure is not kept: the next run tries again (the registry may be back).
        pending.catch(() => sets.delete(key));
      }
      sets.set(key, pending);
      while (sets.size > SETS_KEPT) sets.delete(sets.keys().next().value as string);
      return { key, set: await pending };
    },
  };
}
