import type { HookLogLine } from '@/shared/schemas/hook';
import type { ModuleLock } from './modules/install';

export type RunPurpose = 'live' | 'runner';

/** One run of hook code: `module.exports(...args, cb)`. */
export interface RunRequest {
  /** Reuse the warm context kept under this key (`hookId@version`); none: a fresh, discarded one. */
  cacheKey?: string | undefined;
  /**
   * Whose warm context: `live` (token requests, the default) or `runner` (the Runner's runs of a
   * saved hook). Contexts of different purposes are never shared, so state a Runner run leaves in
   * module globals (a Runner-supplied secret, a payload) never reaches a live token.
   */
  purpose?: RunPurpose;
  script: string;
  /** The version's npm modules (none: the hook uses no module). */
  modulesLock?: ModuleLock | undefined;
  /** Plain JSON data: copied into the sandbox, never shared. */
  args: unknown[];
  timeoutMs: number;
  /**
   * Who the run is for (a token request's client id): one client's slow runs of a version hold at
   * most all hook workers but one (RunOptions.group in sandbox/pool.ts).
   */
  caller?: string | undefined;
}

/** Outcome of one hook run; failures are values, mapped to HTTP by the caller. */
export type RunResult =
  | { ok: true; value: unknown; logs: HookLogLine[]; durationMs: number }
  | {
      ok: false;
      /** `error`: the hook called `cb(err)`; the rest are failures of the code or its limits. */
      kind: 'error' | 'timeout' | 'memory' | 'syntax' | 'runtime';
      /** The error's class name for `error` (`InvalidScopeError`, …). */
      name?: string;
      message: string;
      logs: HookLogLine[];
      durationMs: number;
      /** The hook's own stack frames (`at fn (hook.js:3:7)`), line and column in the hook's code. */
      stack?: string;
      /** What to do about a common mistake, when the error is one. */
      hint?: string;
    };

export interface HookRuntime {
  run(req: RunRequest): Promise<RunResult>;
  close(): Promise<void>;
}
