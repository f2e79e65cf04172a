import { randomUUID } from 'node:crypto';
import type { HookRuntime, RunResult } from './runtime';
import type { Config } from '../config';
import { HookPool, type HookPoolOptions } from './sandbox/pool';
import type { HookEgressConfig, HookModuleSet } from './sandbox/protocol';
import { createModuleSetLoader } from './modules/hook-lock';
import { ModuleResolutionError } from './modules/resolution-error';

/** The largest result a hook may hand to `cb` (custom claims are capped at 100 KB after it). */
const MAX_RESULT_BYTES = 256 * 1024;

/** The egress policy of hook code: HOOK_EGRESS_* and the server's own listener, which is refused. */
export function hookEgressOf(
  config: Pick<Config, 'hookEgress' | 'host' | 'port'>,
): HookEgressConfig {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { ...config.hookEgress, ownListeners: [`${host}:${config.port}`] };
}

/**
 * Hooks in QuickJS (WebAssembly) inside a pool of worker threads: see sandbox/sandbox.ts for what
 * the boundary guarantees. A `cacheKey` of `hookId@version` keeps that version's context warm.
 */
export function createQuickJsRuntime(
  options: HookPoolOptions & { modulesCacheDir?: string } = {},
): HookRuntime & { ready(): Promise<void> } {
  const pool = new HookPool(options);
  const moduleSets =
    options.modulesCacheDir === undefined
      ? undefined
      : createModuleSetLoader(options.modulesCacheDir);
  return {
    ready: () => pool.ready(),
    async run({ cacheKey, purpose = 'live', script, modulesLock, args, timeoutMs, caller }) {
      const at = cacheKey?.lastIndexOf('@') ?? -1;
      let modules: { key: string; set: HookModuleSet } | undefined;
      if (modulesLock && Object.keys(modulesLock.roots).length > 0) {
        try {
          if (!moduleSets) throw new ModuleResolutionError('this server has no module cache');
          modules = await moduleSets.load(modulesLock);
        } catch (err) {
          const reason = err instanceof ModuleResolutionError ? err.message : 'reading them failed';
          return {
            ok: false,
            kind: 'runtime',
            message: `The hook's npm modules could not be installed on this node: ${reason}`,
            logs: [],
            durationMs: 0,
          };
        }
      }
      // Warm contexts are kept by hookId: the purpose is part of it.
      const hookId =
        cacheKey && at > 0 ? `${purpose}:${cacheKey.slice(0, at)}` : `draft:${randomUUID()}`;
      const version = cacheKey && at > 0 ? cacheKey.slice(at + 1) : '0';
      const result = await pool.run({
        modules,
        hookId,
        version,
        ephemeral: !cacheKey,
        script,
        args,
        timeoutMs,
        maxResultBytes: MAX_RESULT_BYTES,
        // One client's slow runs of a version (a loop its input triggers) hold at most all workers but one.
        group:
          cacheKey && purpose === 'live' && caller ? `${hookId}@${version}\n${caller}` : undefined,
      });
      return withWhere(result);
    },
    close: () => pool.close(),
  };
}

/**
 * A hook that threw (or failed otherwise, but not by calling `cb(err)` on purpose) gets its
 * location and hint as the last log line, so the execution log, the Runner, the Test panel and
 * the CLI show where it failed and what to do.
 */
function withWhere(result: RunResult): RunResult {
  if (result.ok || result.kind === 'error' || (!result.stack && !result.hint)) return result;
  const lines = [`${result.name ?? 'Error'}: ${result.message}`];
  if (result.stack)
    lines.push(
      result.stack
        .split('\n')
        .map((frame) => `    ${frame}`)
        .join('\n'),
    );
  if (result.hint) lines.push(`Hint: ${result.hint}`);
  return { ...result, logs: [...result.logs, { level: 'error', message: lines.join('\n') }] };
}
