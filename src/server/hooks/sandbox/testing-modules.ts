// Test aid: npm module sets for hook sandboxes, without an npm registry.
import type { RunOptions } from './pool.js';
import type { HookModuleSet } from './protocol.js';

/** npm modules whose top-level code takes `ms` to run (Infinity: loops) for the hook to require by name. */
export function slowModules(byName: Record<string, number>): NonNullable<RunOptions['modules']> {
  const set: HookModuleSet = { files: {}, entries: {}, packageDirs: {} };
  for (const [name, ms] of Object.entries(byName)) {
    set.files[`/node_modules/${name}/package.json`] = JSON.stringify({ name, version: '1.0.0' });
    set.files[`/node_modules/${name}/index.js`] =
      ms === Infinity
        ? 'while (true) {}'
        : `var t = Date.now(); while (Date.now() - t < ${ms}) {} module.exports = 'loaded';`;
    set.entries[name] = `/node_modules/${name}/index.js`;
    set.packageDirs[name] = `/node_modules/${name}`;
  }
  return { key: JSON.stringify(byName), set };
}
