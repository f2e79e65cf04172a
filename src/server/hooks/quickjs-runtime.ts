import { randomUUID } from 'node:crypto';
import type { HookRuntime, RunResult } from './runtime';
import type { Config } from '../config';
import { HookPool, toHookResult, type HookPoolOptions } from './sandbox/pool';
import { InThreadRunner, type InThreadOptions } from './sandbox/in-thread';
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
 * With `inThread` given, token requests' runs (purpose `live`) first try the in-thread fast path
 * (sandbox/in-thread.ts); what it does not answer goes to the pool.
 */
export function createQuickJsRuntime(
  options: HookPoolOptions & { modulesCacheDir?: string; inThread?: InThreadOptions | false } = {},
): HookRuntime & { ready(): Promise<void> } {
  const pool = new HookPool(options);
  const inThread =
    options.inThread === undefined || options.inThread === false
      ? undefined
      : new InThreadRunner({
          memoryLimitBytes: options.memoryLimitBytes,
          maxStackBytes: options.maxStackBytes,
          ...options.inThread,
        });
  const moduleSets =
    options.modulesCacheDir === undefined
      ? undefined
      : createModuleSetLoader(options.modulesCacheDir);
  return {
    ready: async () => {
      await Promise.all([pool.ready(), inThread?.ready()]);
    },
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
      let budgetMs = timeoutMs;
      let long = false;
      if (inThread && cacheKey && purpose === 'live') {
        let argsJson: string;
        try {
          argsJson = JSON.stringify(args);
        } catch {
          argsJson = '';
        }
        if (argsJson) {
          const fast = inThread.run({
            hookId,
            version: `${hookId}@${version}`,
            script,
            modules: modules?.set,
            argsJson,
            timeoutMs,
            maxResultBytes: MAX_RESULT_BYTES,
            caller,
          });
          if ('result' in fast) return withWhere(toHookResult(fast.result));
          ({ remainingMs: budgetMs, long } = fast.handoff);
        }
      }
      const result = await pool.run({
        modules,
        hookId,
        version,
        ephemeral: !cacheKey,
        script,
        args,
        timeoutMs: budgetMs,
        maxResultBytes: MAX_RESULT_BYTES,
        long,
        // One client's slow runs of a version (a loop its input triggers) hold at most all workers but one.
        group:
          cacheKey && purpose === 'live' && caller ? `${hookId}@${version}\n${caller}` : undefined,
      });
      return withWhere(result);
    },
    close: () => {
      inThread?.close();
      return pool.close();
    },
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
