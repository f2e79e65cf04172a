import type { z } from 'zod';
import type { ClaimStyle } from '@/shared/claims';
import { hookPoint } from '@/shared/hook-points';
import {
  SECRET_PLACEHOLDER,
  type HookExecution,
  type HookExecutionTrace,
  type HookLogLine,
  type HookOutcome,
  type HookTrigger,
  type HookTryRequest,
  type HookTryResponse,
} from '@/shared/schemas/hook';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import type { ChangeBus } from '../db/changes';
import { FallbackCache } from '../db/fallback-cache';
import type { StoreHealth } from '../db/store-health';
import type { HookExecutionRepo } from '../db/repos/hook-executions';
import {
  StaleGateError,
  inexistentHook,
  type HookChange,
  type HookRepo,
  type RunnableHook,
} from '../db/repos/hooks';
import type { Hook, hookCreateSchema } from '@/shared/schemas/hook';
import type { HookCompileError } from '@/shared/schemas/errors';
import { apiError, badRequest, conflict, must, notFound } from '../errors';
import type { HookTestRun } from '@/shared/schemas/hook-test';
import type { HookTestRepo } from '../db/repos/hook-tests';
import { expectationChecks } from '@/shared/hook-test-rules';
import { newUlid } from '../ids';
import type { Directory, ExchangeClient } from '../oauth/directory';
import { OAuthError } from '../oauth/errors';
import { hookOAuthError } from '@/shared/hook-errors';
import { claimStyleOf, withActionsAdapter } from './actions-adapter';
import {
  applyExchangeResult,
  cappedScopesLine,
  capToGrant,
  credentialsExchangeArgs,
  type ExchangeResult,
} from './credentials-exchange';
import type { ExecutionFeed } from './feed';
import type { HookRuntime, RunResult } from './runtime';
import { lockHookModules, type HookModulesConfig } from './modules/hook-lock';
import type { ModuleLock } from './modules/install';
import { ModuleResolutionError } from './modules/resolution-error';
import type { GeoIpLookup } from '../geoip';

export interface HookServiceOptions {
  tenant: string;
  /** The issuer's host: hooks cannot name claims under it (nor under Auth0's hosts). */
  issuerHost?: string;
  /** Wall-clock limit of a draft's run (saved hooks carry their own `timeout_ms`). */
  timeoutMs: number;
  /** Where hooks' npm modules come from and are installed; absent, `dependencies` are only stored. */
  modules?: HookModulesConfig;
  /** Actions' `event.request.geoip` of an address (GEOIP_DB); absent, it is `{}`. */
  geoip?: GeoIpLookup;
}

/** What a token request tells the hook about itself. */
export interface ExchangeRequest {
  client: ExchangeClient;
  api: ResourceServer;
  /** The token's scopes so far (the grant, narrowed by a requested scope). */
  scopes: string[];
  /** Everything the client's grant allows (Actions-style target scopes stay within it). */
  granted: string[];
  requestedScopes: string[];
  ip: string;
  userAgent: string;
  hostname: string;
  /** The request's parameters without the client secret. */
  body: Record<string, string>;
}

/** The per-request part of a credentials-exchange hook's `context`. */
type ExchangeContext = Pick<
  ExchangeRequest,
  'ip' | 'userAgent' | 'hostname' | 'granted' | 'requestedScopes' | 'body'
>;

const MAX_MESSAGE = 500;

/**
 * Runs hooks: the enabled credentials-exchange hook on every token request, and any hook or
 * draft in the Runner. Every run is recorded in the execution log with secret values redacted;
 * successful token exchanges are sampled under load (HookExecutionRepo.recordSuccess).
 */
export class HookService {
  readonly #enabled: FallbackCache<LiveHook | undefined>;
  get #ownHosts(): string[] {
    return this.opts.issuerHost ? [this.opts.issuerHost] : [];
  }

  constructor(
    private readonly repo: HookRepo,
    readonly executions: HookExecutionRepo,
    readonly feed: ExecutionFeed,
    private readonly runtime: HookRuntime,
    private readonly directory: Directory,
    changes: ChangeBus,
    private readonly opts: HookServiceOptions,
    private readonly tests: HookTestRepo,
    health: StoreHealth,
  ) {
    this.#enabled = new FallbackCache(health);
    changes.subscribe((change) => {
      if (change.entity === 'hook') this.#enabled.clear();
      else if (change.entity === 'all') this.#enabled.expireAll();
    });
  }

  /**
   * The enabled hook of a point, with `script` as it runs (see scriptToRun) and its claim rules,
   * cached until a hook changes: a token request neither reads the store nor looks at the script.
   * While the store is unreachable the last one read keeps running (fallback-cache.ts).
   */
  enabled(triggerId: HookTrigger): Promise<LiveHook | undefined> {
    return this.#enabled.get(triggerId, async () => {
      const saved = await this.repo.enabledFor(triggerId);
      return (
        saved && { ...saved, script: scriptToRun(saved), claimStyle: claimStyleOf(saved.script) }
      );
    });
  }

  /**
   * Runs the enabled credentials-exchange hook, if any. Returns the scopes and custom claims for
   * the token, or throws the OAuthError the hook's outcome maps to. The run is one execution
   * record, holding what the hook received and returned and what the token got (`onRecorded`
   * gets its id, for the token response to name it).
   */
  async onCredentialsExchange(
    req: ExchangeRequest,
    onRecorded?: (executionId: string) => void,
  ): Promise<{ scopes: string[]; claims: Record<string, unknown> } | undefined> {
    const hook = await this.enabled('credentials-exchange');
    if (!hook) return undefined;
    const args = this.#exchangeArgs(
      hook,
      hook.claimStyle,
      req.client,
      req.scopes,
      req.api.identifier,
      req,
    );
    const ran = await this.runtime.run({
      cacheKey: `${hook.id}@${hook.version}`,
      script: hook.script,
      modulesLock: hook.modulesLock,
      args,
      timeoutMs: hook.timeoutMs,
      caller: req.client.clientId,
    });
    const { run, applied } = capSystemScopes(
      ran,
      ran.ok ? applyExchangeResult(ran.value, hook.claimStyle, this.#ownHosts) : undefined,
      req.api.is_system ? req.granted : undefined,
    );
    const where = { client_id: req.client.clientId, audience: req.api.identifier };
    const rejected = applied && !applied.ok ? applied.message : undefined;
    const id = newUlid();
    const endedAt = Date.now();
    const describe = () =>
      this.#describe(hook, 'exchange', run, rejected, where, {
        id,
        endedAt,
        trace: exchangeTrace(req.scopes, run, applied, hook.secrets),
      });
    onRecorded?.(id);
    if (applied?.ok) {
      // Successes are sampled under load and described only when stored or followed live.
      if (this.feed.watched(hook.id)) {
        const execution = describe();
        this.executions.recordSuccess(hook.id, () => execution);
        this.feed.publish(execution);
      } else this.executions.recordSuccess(hook.id, describe);
      return { scopes: applied.scopes, claims: applied.claims };
    }
    const execution = describe();
    this.executions.record(execution);
    this.feed.publish(execution);
    throw toOAuthError(execution);
  }

  /** The Runner on a saved hook, optionally with a draft script and extra secrets. */
  async trySaved(hookId: string, req: HookTryRequest): Promise<HookTryResponse> {
    const hook = must(await this.repo.runnable(hookId), inexistentHook);
    if (req.triggerId !== undefined && req.triggerId !== hook.triggerId) {
      throw badRequest("Payload validation error: 'triggerId cannot differ from the hook's'.");
    }
    return this.#try(
      { ...hook, script: req.script ?? hook.script, secrets: { ...hook.secrets, ...req.secrets } },
      req,
      req.script === undefined,
    );
  }

  /** The Runner on a draft that has no hook yet. */
  async tryDraft(req: HookTryRequest): Promise<HookTryResponse> {
    if (req.triggerId === undefined || req.script === undefined) {
      throw badRequest(
        "Payload validation error: 'triggerId and script are required to run a draft'.",
      );
    }
    const draft: RunnableHook = {
      id: '',
      name: 'draft',
      triggerId: req.triggerId,
      script: req.script,
      version: 0,
      timeoutMs: this.opts.timeoutMs,
      secrets: req.secrets ?? {},
    };
    return this.#try(draft, req, false);
  }

  /**
   * Runs a hook's saved test cases against `script` (a draft, a version, or what a change would
   * make live), each in a fresh context, and reports expected against actual per case.
   */
  async runTests(
    hookId: string,
    script: string,
    target: string,
    source: 'runner' | 'gate' = 'runner',
    /** The npm modules `script` runs with (null: none); undefined: the hook's saved ones. */
    modulesLock?: ModuleLock | null,
  ): Promise<HookTestRun> {
    const saved = must(await this.repo.runnable(hookId), inexistentHook);
    const hook =
      modulesLock === undefined ? saved : { ...saved, modulesLock: modulesLock ?? undefined };
    const cases = [];
    for (const testCase of await this.tests.list(hookId)) {
      const { payload, client_id, audience } = testCase.input;
      const run = await this.#try(
        { ...hook, script },
        { payload, client_id, audience },
        false,
        source,
      );
      const actual = toActual(run);
      const checks = expectationChecks(testCase.expect, actual);
      const failures = checks.flatMap((c) => (c.failure !== undefined ? [c.failure] : []));
      cases.push({
        id: testCase.id,
        name: testCase.name,
        passed: checks.every((c) => c.met),
        failures,
        checks: checks.map(({ label, expected, actual: got, met }) => ({
          label,
          expected,
          actual: got,
          met,
        })),
        actual,
        logs: run.logs,
        duration_ms: run.duration_ms,
      });
    }
    return { passed: cases.every((c) => c.passed), target, cases };
  }

  /**
   * The only way code reaches a token request: applies a hook change, and when it makes code
   * live (enabling, or new code on an enabled hook; with `always`, any new code: deploy and roll
   * back) first compiles the exact script it will make live (400 `hook_compile_error` naming line
   * and column) and runs the saved test cases on it (409 `test_cases_failed` unless `force`).
   * The write then happens in one transaction that refuses to make any other script live than the
   * tested one; when a change landed in between, the gate runs again on what is there now.
   */
  async change(
    hookId: string,
    change: HookChange & { force?: boolean; always?: boolean },
  ): Promise<Hook> {
    for (let attempt = 1; ; attempt++) {
      const current = must(await this.repo.get(hookId), inexistentHook);
      change.precondition?.(current); // a stale If-Match fails before any work
      const script = change.patch.script ?? current.script;
      const enabledAfter = change.patch.enabled ?? current.enabled;
      const newCode = script !== current.script || change.rolledBackFrom !== undefined;
      const goesLive =
        (change.patch.enabled === true && !current.enabled) ||
        (newCode && (enabledAfter || change.always === true));
      const modulesLock = await this.#modulesOfChange(change, current);
      if (goesLive)
        await this.#gate(
          hookId,
          { triggerId: current.triggerId, script },
          change.force === true,
          modulesLock,
        );
      try {
        return must(
          await this.repo.update(hookId, {
            ...change,
            tested: goesLive ? script : undefined,
            ...(modulesLock !== undefined && { modulesLock }),
          }),
          inexistentHook,
        );
      } catch (err) {
        if (!(err instanceof StaleGateError)) throw err;
        if (attempt >= 3)
          throw conflict(
            'hook_changed',
            'The hook kept changing while its code was being tested; try again',
          );
      }
    }
  }

  /** Creates a hook; created enabled, its code goes through the gate first (it has no test cases yet). */
  async create(input: z.output<typeof hookCreateSchema>, actor: string): Promise<Hook> {
    const modulesLock = await this.#lockModules(input.dependencies, input.script);
    if (input.enabled) await this.compile({ triggerId: input.triggerId, script: input.script });
    return this.repo.create(input, actor, modulesLock);
  }

  // --- npm modules --------------------------------------------------------------------------

  /** The lock of a change's code and dependencies (undefined: neither changes). */
  async #modulesOfChange(
    change: HookChange,
    current: Hook,
  ): Promise<ModuleLock | null | undefined> {
    if (
      change.patch.script === undefined &&
      change.patch.dependencies === undefined &&
      change.rolledBackFrom === undefined
    )
      return undefined;
    return this.#lockModules(
      change.patch.dependencies ?? current.dependencies,
      change.patch.script ?? current.script,
    );
  }

  /**
   * Resolves and installs what a hook's code asks for (`dependencies`, `require('name@version')`)
   * before anything is written: a module that cannot be resolved, verified or loaded is a 400
   * `hook_module_error` naming it, never a saved hook that cannot load.
   */
  async #lockModules(
    dependencies: Record<string, string>,
    script: string,
  ): Promise<ModuleLock | null> {
    if (!this.opts.modules) return null;
    try {
      return await lockHookModules(dependencies, script, this.opts.modules);
    } catch (err) {
      if (!(err instanceof ModuleResolutionError)) throw err;
      throw apiError(
        400,
        'hook_module_error',
        `The hook's npm modules cannot be installed: ${err.message}`,
      );
    }
  }

  /**
   * Compiles a script as the sandbox will run it, without running any of it: a fresh context
   * compiles it with the Function constructor and reports a SyntaxError's position. Throws 400
   * `hook_compile_error` naming the line and column in the hook's own script.
   */
  async compile(hook: { triggerId: HookTrigger; script: string }): Promise<void> {
    const error = await this.compileError(hook);
    if (!error) return;
    const where =
      error.line !== undefined
        ? ` at line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}`
        : '';
    throw apiError(
      400,
      'hook_compile_error',
      `The hook's code does not compile${where}: ${error.message}`,
      { compile_error: error },
    );
  }

  /** Where a script stops compiling, or undefined when it compiles. */
  async compileError(hook: {
    triggerId: HookTrigger;
    script: string;
  }): Promise<HookCompileError | undefined> {
    const run = await this.runtime.run({
      script: compileProbe(scriptToRun(hook)),
      args: [],
      timeoutMs: this.opts.timeoutMs,
    });
    if (!run.ok) {
      // The probe itself compiles; it failed on a limit of the pool (e.g. all workers busy past the deadline).
      throw apiError(
        503,
        'hook_compile_unavailable',
        `The hook's code could not be checked now (${run.message}); try again`,
      );
    }
    const value = run.value as
      { ok?: boolean; name?: string; message?: string; stack?: string } | undefined;
    if (!value || value.ok) return undefined;
    // The Function constructor puts two lines before the body: `(function anonymous(params\n) {\n`.
    const at = /<input>:(\d+):(\d+)/.exec(value.stack ?? '');
    return {
      message: `${value.name ?? 'SyntaxError'}: ${value.message ?? 'invalid code'}`,
      ...(at && { line: Math.max(1, Number(at[1]) - 2), column: Number(at[2]) }),
    };
  }

  /** Compile, then the saved test cases unless forced: throws the refusal. */
  async #gate(
    hookId: string,
    hook: { triggerId: HookTrigger; script: string },
    force: boolean,
    modulesLock?: ModuleLock | null,
  ): Promise<void> {
    await this.compile(hook);
    if (force || (await this.tests.list(hookId)).length === 0) return;
    const run = await this.runTests(hookId, hook.script, 'candidate', 'gate', modulesLock);
    if (run.passed) return;
    const failed = run.cases.filter((c) => !c.passed);
    throw apiError(
      409,
      'test_cases_failed',
      `${failed.length} of ${run.cases.length} test cases fail (${failed.map((c) => c.name).join(', ')}): ${failed[0]!.failures[0]}. Fix the hook, or add ?force=true to override`,
      {
        test_cases: {
          total: run.cases.length,
          failing: failed.map(({ id, name, failures }) => ({ id, name, failures })),
        },
      },
    );
  }

  async #try(
    hook: RunnableHook,
    req: HookTryRequest,
    saved: boolean,
    source: 'runner' | 'gate' = 'runner',
  ): Promise<HookTryResponse> {
    const point = hookPoint(hook.triggerId);
    const style = claimStyleOf(hook.script);
    let args: unknown[];
    let where: { client_id?: string; audience?: string } = {};
    /** For the system Management API: the grant the token's scopes stay within. */
    let systemGrant: string[] | undefined;
    if (req.client_id !== undefined || req.audience !== undefined) {
      // A real stored application and API, resolved exactly as the token endpoint would.
      if (hook.triggerId !== 'credentials-exchange' || !req.client_id || !req.audience) {
        throw badRequest(
          "Payload validation error: 'client_id and audience go together, for credentials-exchange hooks'.",
        );
      }
      const client = await this.directory.client(req.client_id);
      if (!client) throw notFound('inexistent_client', 'The client does not exist');
      const api = await this.directory.api(req.audience);
      if (!api) throw notFound('inexistent_resource_server', 'The resource server does not exist');
      const granted = (await this.directory.grantedScopes(client.clientId, api.id)) ?? [];
      args = this.#exchangeArgs(hook, style, client, granted, api.identifier, {
        ip: '127.0.0.1',
        userAgent: 'Tokenhook Runner',
        hostname: 'localhost',
        granted,
        requestedScopes: [],
        body: {
          grant_type: 'client_credentials',
          client_id: client.clientId,
          audience: api.identifier,
        },
      });
      where = { client_id: client.clientId, audience: api.identifier };
      if (api.is_system) systemGrant = granted;
    } else {
      const payload = req.payload ?? point.samplePayload;
      args = point.params.map((name) =>
        name === 'context' ? withSecrets(payload.context, hook.secrets) : payload[name],
      );
      // A payload naming the system API previews what a real token would get: its `scope` is the grant.
      if (
        hook.triggerId === 'credentials-exchange' &&
        typeof payload.audience === 'string' &&
        (await this.directory.api(payload.audience))?.is_system
      ) {
        systemGrant = Array.isArray(payload.scope)
          ? payload.scope.filter((s): s is string => typeof s === 'string')
          : [];
      }
    }
    // A saved script may reuse its warm context; a draft always gets a fresh one.
    const cacheKey = saved && hook.id ? `${hook.id}@${hook.version}` : undefined;
    const ran = await this.runtime.run({
      cacheKey,
      purpose: 'runner',
      script: scriptToRun(hook),
      modulesLock: hook.modulesLock,
      args,
      timeoutMs: hook.timeoutMs,
    });
    const { run, applied } = capSystemScopes(
      ran,
      ran.ok && hook.triggerId === 'credentials-exchange'
        ? applyExchangeResult(ran.value, style, this.#ownHosts)
        : undefined,
      systemGrant,
    );
    const rejected = applied && !applied.ok ? applied.message : undefined;
    const execution = hook.id
      ? this.#record(hook, source, run, rejected, where)
      : this.#describe(hook, source, run, rejected, where);
    return {
      outcome: execution.outcome,
      ...(run.ok && { result: redactValue(run.value, hook.secrets) }),
      ...(execution.error_name !== undefined && { error_name: execution.error_name }),
      ...(execution.message !== undefined && { message: execution.message }),
      ...(applied?.ok && {
        token_preview: {
          scope: applied.scopes,
          claims: redactValue(applied.claims, hook.secrets) as Record<string, unknown>,
        },
      }),
      logs: execution.logs,
      duration_ms: execution.duration_ms,
    };
  }

  #exchangeArgs(
    hook: { secrets: Record<string, string> },
    style: ClaimStyle,
    client: ExchangeClient,
    scopes: string[],
    audience: string,
    ctx: ExchangeContext,
  ) {
    // Only Actions' `event` has geoip: Hook-style code is not given it.
    const geoip = this.opts.geoip && style === 'actions' ? this.opts.geoip(ctx.ip) : undefined;
    return credentialsExchangeArgs({
      tenant: this.opts.tenant,
      secrets: hook.secrets,
      client,
      scopes,
      audience,
      ...ctx,
      geoip,
    });
  }

  /** The execution record of a run; `endedAt` (ms since the epoch) defaults to now. */
  #describe(
    hook: RunnableHook,
    source: HookExecution['source'],
    run: RunResult,
    rejected: string | undefined,
    where: { client_id?: string; audience?: string },
    {
      id = newUlid(),
      endedAt = Date.now(),
      trace,
    }: {
      id?: string;
      endedAt?: number;
      trace?: HookExecutionTrace;
    } = {},
  ): HookExecution {
    const outcome: HookOutcome = run.ok ? (rejected ? 'runtime' : 'success') : run.kind;
    const message = rejected ?? (run.ok ? undefined : run.message);
    return {
      id,
      hook_id: hook.id,
      hook_version: hook.version,
      source,
      started_at: new Date(endedAt - run.durationMs).toISOString(),
      duration_ms: Math.round(run.durationMs * 1000) / 1000,
      outcome,
      ...(!run.ok && run.name !== undefined && { error_name: run.name }),
      ...(message !== undefined && {
        message: redact(message, hook.secrets).slice(0, MAX_MESSAGE),
      }),
      ...where,
      logs: [
        ...(hook.unsetSecrets ?? [])
          .filter((name) => !(name in hook.secrets))
          .map((name): HookLogLine => ({
            level: 'warn',
            message: `Secret ${name} has no value (it was imported as ${SECRET_PLACEHOLDER}): the hook ran without it. Set it on the hook's Secrets tab.`,
          })),
        ...run.logs.map((line): HookLogLine => ({
          level: line.level,
          message: redact(line.message, hook.secrets),
        })),
      ],
      ...(trace && { trace }),
    };
  }

  /** Describes a run and stores it in the execution log and the live feed. */
  #record(
    hook: RunnableHook,
    source: HookExecution['source'],
    run: RunResult,
    rejected: string | undefined,
    where: { client_id?: string; audience?: string },
  ): HookExecution {
    const execution = this.#describe(hook, source, run, rejected, where);
    this.executions.record(execution);
    this.feed.publish(execution);
    return execution;
  }
}

/** The largest result an execution record keeps (the sandbox allows 256 KB). */
const MAX_TRACED_RESULT = 16 * 1024;

/** What a token exchange's run came to, for its execution record (secret values redacted). */
function exchangeTrace(
  received: string[],
  run: RunResult,
  applied: ReturnType<typeof applyExchangeResult> | undefined,
  secrets: Record<string, string>,
): HookExecutionTrace {
  const trace: HookExecutionTrace = { received_scope: [...received] };
  if (run.ok && run.value !== undefined) {
    const returned = redactValue(run.value, secrets);
    if (JSON.stringify(returned).length <= MAX_TRACED_RESULT) trace.returned = returned;
    else trace.returned_omitted = true;
  }
  if (applied?.ok) {
    trace.token = {
      scope: applied.scopes,
      claims: redactValue(applied.claims, secrets) as Record<string, unknown>,
    };
    trace.dropped = applied.dropped;
  }
  return trace;
}

/** The enabled hook of a point as token requests run it: `script` with the adapter, and its claim rules. */
type LiveHook = RunnableHook & { claimStyle: ClaimStyle };

/** The code a hook runs: Actions-style credentials-exchange code gets its adapter (actions-adapter.ts). */
function scriptToRun(hook: Pick<RunnableHook, 'triggerId' | 'script'>): string {
  return hook.triggerId === 'credentials-exchange' ? withActionsAdapter(hook.script) : hook.script;
}

/**
 * With `systemGrant` (the token is for the system Management API), drops the hook's scopes outside
 * the grant and says so in the run's log lines, so the execution log and the Runner show it.
 */
function capSystemScopes(
  run: RunResult,
  applied: ExchangeResult | undefined,
  systemGrant: string[] | undefined,
) {
  if (!systemGrant || !applied?.ok) return { run, applied };
  const capped = capToGrant(applied.scopes, systemGrant);
  if (capped.dropped.length === 0) return { run, applied };
  return {
    run: { ...run, logs: [...run.logs, cappedScopesLine(capped.dropped)] },
    applied: { ...applied, scopes: capped.scopes },
  };
}

/**
 * A script that compiles `script` as the sandbox's CommonJS wrapper does, without running it, and
 * reports a SyntaxError's name, message and stack (which holds `<input>:line:column`).
 */
function compileProbe(script: string): string {
  return `module.exports = function (cb) {
  try { new Function('exports', 'require', 'module', '__filename', '__dirname', ${JSON.stringify(script)}); cb(null, { ok: true }); }
  catch (e) { cb(null, { ok: false, name: String(e && e.name), message: String(e && e.message), stack: String(e && e.stack) }); }
};`;
}

/** A Runner response in the token endpoint's terms. */
function toActual(run: HookTryResponse): HookTestRun['cases'][number]['actual'] {
  if (run.outcome === 'success') {
    if (run.token_preview)
      return { scope: run.token_preview.scope, claims: run.token_preview.claims };
    return run.result && typeof run.result === 'object'
      ? { claims: run.result as Record<string, unknown> }
      : {};
  }
  const { error, error_description } = hookOAuthError(run);
  return { error: { error, error_description } };
}

/** How a failed run reaches the client at /oauth/token: the shared table (hook-errors.ts). */
function toOAuthError(
  execution: Pick<HookExecution, 'outcome' | 'error_name' | 'message'>,
): OAuthError {
  const mapped = hookOAuthError(execution);
  return new OAuthError(mapped.status, mapped.error, mapped.error_description);
}

function withSecrets(context: unknown, secrets: Record<string, string>) {
  const base =
    context && typeof context === 'object' && !Array.isArray(context)
      ? (context as Record<string, unknown>)
      : {};
  const webtask =
    base.webtask && typeof base.webtask === 'object'
      ? (base.webtask as Record<string, unknown>)
      : {};
  return { ...base, webtask: { ...webtask, secrets } };
}

/** Replaces every secret value (of 4 characters or more) with its name. */
function redact(text: string, secrets: Record<string, string>): string {
  let out = text;
  for (const [name, value] of Object.entries(secrets)) {
    if (value.length >= 4) out = out.split(value).join(`[secret ${name}]`);
  }
  return out;
}

function redactValue(value: unknown, secrets: Record<string, string>): unknown {
  if (value === undefined || Object.keys(secrets).length === 0) return value;
  return JSON.parse(redact(JSON.stringify(value), secrets)) as unknown;
}
