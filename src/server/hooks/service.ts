import { hookPoint } from '@/shared/hook-points';
import type { HookExecution, HookLogLine, HookOutcome, HookTrigger, HookTryRequest, HookTryResponse } from '@/shared/schemas/hook';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import type { ChangeBus } from '../db/changes';
import type { HookExecutionRepo } from '../db/repos/hook-executions';
import { inexistentHook, type HookRepo, type RunnableHook } from '../db/repos/hooks';
import { apiError, badRequest, must, notFound } from '../errors';
import type { HookTestCase, HookTestRun } from '@/shared/schemas/hook-test';
import type { HookTestRepo } from '../db/repos/hook-tests';
import { sameJson, sameScopes } from '@/shared/hook-test-rules';
import { newUlid } from '../ids';
import type { Directory, ExchangeClient } from '../oauth/directory';
import { OAuthError, invalidRequest, invalidScope, serverError } from '../oauth/errors';
import { withActionsAdapter } from './actions-adapter';
import { applyExchangeResult, cappedScopesLine, capToGrant, type ExchangeResult } from './credentials-exchange';
import type { ExecutionFeed } from './feed';
import type { HookRuntime, RunResult } from './runtime';

export interface HookServiceOptions {
  tenant: string;
  /** The issuer's host: hooks cannot name claims under it (nor under Auth0's hosts). */
  issuerHost?: string;
  /** Wall-clock limit of a draft's run (saved hooks carry their own `timeout_ms`). */
  timeoutMs: number;
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
type ExchangeContext = Pick<ExchangeRequest, 'ip' | 'userAgent' | 'hostname' | 'granted' | 'requestedScopes' | 'body'>;

const MAX_MESSAGE = 500;

/**
 * Runs hooks: the enabled credentials-exchange hook on every token request, and any hook or
 * draft in the Runner. Every run is recorded in the execution log with secret values redacted.
 */
export class HookService {
  #enabled = new Map<HookTrigger, RunnableHook | null>();
  get #ownHosts(): string[] {
    return this.opts.issuerHost ? [this.opts.issuerHost] : [];
  }
  #generation = 0;

  constructor(
    private readonly repo: HookRepo,
    readonly executions: HookExecutionRepo,
    readonly feed: ExecutionFeed,
    private readonly runtime: HookRuntime,
    private readonly directory: Directory,
    changes: ChangeBus,
    private readonly opts: HookServiceOptions,
    private readonly tests: HookTestRepo,
  ) {
    changes.subscribe((change) => {
      if (change.entity !== 'hook' && change.entity !== 'all') return;
      this.#generation++;
      this.#enabled.clear();
    });
  }

  /**
   * The enabled hook of a point, with `script` as it runs (see scriptToRun), cached until a hook
   * changes: a token request neither reads the store nor rebuilds the script.
   */
  async enabled(triggerId: HookTrigger): Promise<RunnableHook | undefined> {
    const cached = this.#enabled.get(triggerId);
    if (cached !== undefined) return cached ?? undefined;
    const generation = this.#generation;
    const saved = await this.repo.enabledFor(triggerId);
    const hook = saved && { ...saved, script: scriptToRun(saved) };
    if (generation === this.#generation) this.#enabled.set(triggerId, hook ?? null);
    return hook;
  }

  /**
   * Runs the enabled credentials-exchange hook, if any. Returns the scopes and custom claims for
   * the token, or throws the OAuthError the hook's outcome maps to.
   */
  async onCredentialsExchange(req: ExchangeRequest): Promise<{ scopes: string[]; claims: Record<string, unknown> } | undefined> {
    const hook = await this.enabled('credentials-exchange');
    if (!hook) return undefined;
    const args = this.#exchangeArgs(hook.secrets, req.client, req.scopes, req.api.identifier, req);
    const ran = await this.runtime.run({ cacheKey: `${hook.id}@${hook.version}`, script: hook.script, args, timeoutMs: hook.timeoutMs });
    const { run, applied } = capSystemScopes(ran, ran.ok ? applyExchangeResult(ran.value, this.#ownHosts) : undefined, req.api.is_system ? req.granted : undefined);
    const execution = this.#record(hook, 'exchange', run, applied && !applied.ok ? applied.message : undefined, {
      client_id: req.client.clientId,
      audience: req.api.identifier,
    });
    if (applied?.ok) return { scopes: applied.scopes, claims: applied.claims };
    throw toOAuthError(execution);
  }

  /** The Runner on a saved hook, optionally with a draft script and extra secrets. */
  async trySaved(hookId: string, req: HookTryRequest): Promise<HookTryResponse> {
    const hook = must(await this.repo.runnable(hookId), inexistentHook);
    if (req.triggerId !== undefined && req.triggerId !== hook.triggerId) {
      throw badRequest("Payload validation error: 'triggerId cannot differ from the hook's'.");
    }
    return this.#try({ ...hook, script: req.script ?? hook.script, secrets: { ...hook.secrets, ...req.secrets } }, req, req.script === undefined);
  }

  /** The Runner on a draft that has no hook yet. */
  async tryDraft(req: HookTryRequest): Promise<HookTryResponse> {
    if (req.triggerId === undefined || req.script === undefined) {
      throw badRequest("Payload validation error: 'triggerId and script are required to run a draft'.");
    }
    const draft: RunnableHook = { id: '', name: 'draft', triggerId: req.triggerId, script: req.script, version: 0, timeoutMs: this.opts.timeoutMs, secrets: req.secrets ?? {} };
    return this.#try(draft, req, false);
  }

  /**
   * Runs a hook's saved test cases against `script` (a draft, a version, or what a change would
   * make live), each in a fresh context, and reports expected against actual per case.
   */
  async runTests(hookId: string, script: string, target: string): Promise<HookTestRun> {
    const hook = must(await this.repo.runnable(hookId), inexistentHook);
    const cases = [];
    for (const testCase of await this.tests.list(hookId)) {
      const { payload, client_id, audience } = testCase.input;
      const run = await this.#try({ ...hook, script }, { payload, client_id, audience }, false);
      const actual = toActual(run);
      const failures = unmet(testCase.expect, actual);
      cases.push({ id: testCase.id, name: testCase.name, passed: failures.length === 0, failures, actual, logs: run.logs, duration_ms: run.duration_ms });
    }
    return { passed: cases.every((c) => c.passed), target, cases };
  }

  /**
   * The gate before code goes live: with saved test cases, a failing run refuses the change (409)
   * unless `force` is set (the override is in the audit log with the request).
   */
  async assertTestsPass(hookId: string, script: string, force: boolean): Promise<void> {
    if (force || (await this.tests.list(hookId)).length === 0) return;
    const run = await this.runTests(hookId, script, 'candidate');
    if (run.passed) return;
    const failed = run.cases.filter((c) => !c.passed);
    throw apiError(
      409,
      'test_cases_failed',
      `${failed.length} of ${run.cases.length} test cases fail (${failed.map((c) => c.name).join(', ')}): ${failed[0]!.failures[0]}. Fix the hook, or add ?force=true to override`,
      { test_cases: { total: run.cases.length, failing: failed.map(({ id, name, failures }) => ({ id, name, failures })) } },
    );
  }

  async #try(hook: RunnableHook, req: HookTryRequest, saved: boolean): Promise<HookTryResponse> {
    const point = hookPoint(hook.triggerId);
    let args: unknown[];
    let where: { client_id?: string; audience?: string } = {};
    /** For the system Management API: the grant the token's scopes stay within. */
    let systemGrant: string[] | undefined;
    if (req.client_id !== undefined || req.audience !== undefined) {
      // A real stored application and API, resolved exactly as the token endpoint would.
      if (hook.triggerId !== 'credentials-exchange' || !req.client_id || !req.audience) {
        throw badRequest("Payload validation error: 'client_id and audience go together, for credentials-exchange hooks'.");
      }
      const client = await this.directory.client(req.client_id);
      if (!client) throw notFound('inexistent_client', 'The client does not exist');
      const api = await this.directory.api(req.audience);
      if (!api) throw notFound('inexistent_resource_server', 'The resource server does not exist');
      const granted = (await this.directory.grantedScopes(client.clientId, api.id)) ?? [];
      args = this.#exchangeArgs(hook.secrets, client, granted, api.identifier, {
        ip: '127.0.0.1',
        userAgent: 'Tokenhook Runner',
        hostname: 'localhost',
        granted,
        requestedScopes: [],
        body: { grant_type: 'client_credentials', client_id: client.clientId, audience: api.identifier },
      });
      where = { client_id: client.clientId, audience: api.identifier };
      if (api.is_system) systemGrant = granted;
    } else {
      const payload = req.payload ?? point.samplePayload;
      args = point.params.map((name) => (name === 'context' ? withSecrets(payload.context, hook.secrets) : payload[name]));
      // A payload naming the system API previews what a real token would get: its `scope` is the grant.
      if (hook.triggerId === 'credentials-exchange' && typeof payload.audience === 'string' && (await this.directory.api(payload.audience))?.is_system) {
        systemGrant = Array.isArray(payload.scope) ? payload.scope.filter((s): s is string => typeof s === 'string') : [];
      }
    }
    // A saved script may reuse its warm context; a draft always gets a fresh one.
    const cacheKey = saved && hook.id ? `${hook.id}@${hook.version}` : undefined;
    const ran = await this.runtime.run({ cacheKey, script: scriptToRun(hook), args, timeoutMs: hook.timeoutMs });
    const { run, applied } = capSystemScopes(ran, ran.ok && hook.triggerId === 'credentials-exchange' ? applyExchangeResult(ran.value, this.#ownHosts) : undefined, systemGrant);
    const rejected = applied && !applied.ok ? applied.message : undefined;
    const execution = hook.id ? this.#record(hook, 'runner', run, rejected, where) : this.#describe(hook, 'runner', run, rejected, where);
    return {
      outcome: execution.outcome,
      ...(run.ok && { result: redactValue(run.value, hook.secrets) }),
      ...(execution.error_name !== undefined && { error_name: execution.error_name }),
      ...(execution.message !== undefined && { message: execution.message }),
      ...(applied?.ok && { token_preview: { scope: applied.scopes, claims: redactValue(applied.claims, hook.secrets) as Record<string, unknown> } }),
      logs: execution.logs,
      duration_ms: execution.duration_ms,
    };
  }

  /**
   * Auth0's Hook arguments. `context` has Auth0's `ip`, `userAgent` and `webtask.secrets`, plus
   * what Actions-style code needs for its `event`: `request`, `requestedScopes` and `grant`.
   */
  #exchangeArgs(secrets: Record<string, string>, client: ExchangeClient, scopes: string[], audience: string, ctx: ExchangeContext) {
    return [
      { id: client.clientId, name: client.name, tenant: this.opts.tenant, metadata: client.metadata },
      [...scopes],
      audience,
      {
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        request: { hostname: ctx.hostname, method: 'POST', body: ctx.body },
        requestedScopes: ctx.requestedScopes,
        grant: { scope: ctx.granted },
        webtask: { secrets },
      },
    ];
  }

  #describe(hook: RunnableHook, source: HookExecution['source'], run: RunResult, rejected: string | undefined, where: { client_id?: string; audience?: string }): HookExecution {
    const outcome: HookOutcome = run.ok ? (rejected ? 'runtime' : 'success') : run.kind;
    const message = rejected ?? (run.ok ? undefined : run.message);
    return {
      id: newUlid(),
      hook_id: hook.id,
      hook_version: hook.version,
      source,
      started_at: new Date(Date.now() - run.durationMs).toISOString(),
      duration_ms: Math.round(run.durationMs * 1000) / 1000,
      outcome,
      ...(!run.ok && run.name !== undefined && { error_name: run.name }),
      ...(message !== undefined && { message: redact(message, hook.secrets).slice(0, MAX_MESSAGE) }),
      ...where,
      logs: run.logs.map((line): HookLogLine => ({ level: line.level, message: redact(line.message, hook.secrets) })),
    };
  }

  /** Describes a run and stores it in the execution log and the live feed. */
  #record(hook: RunnableHook, source: HookExecution['source'], run: RunResult, rejected: string | undefined, where: { client_id?: string; audience?: string }): HookExecution {
    const execution = this.#describe(hook, source, run, rejected, where);
    this.executions.record(execution);
    this.feed.publish(execution);
    return execution;
  }
}

/** The code a hook runs: Actions-style credentials-exchange code gets its adapter (actions-adapter.ts). */
function scriptToRun(hook: Pick<RunnableHook, 'triggerId' | 'script'>): string {
  return hook.triggerId === 'credentials-exchange' ? withActionsAdapter(hook.script) : hook.script;
}

/**
 * With `systemGrant` (the token is for the system Management API), drops the hook's scopes outside
 * the grant and says so in the run's log lines, so the execution log and the Runner show it.
 */
function capSystemScopes(run: RunResult, applied: ExchangeResult | undefined, systemGrant: string[] | undefined) {
  if (!systemGrant || !applied?.ok) return { run, applied };
  const capped = capToGrant(applied.scopes, systemGrant);
  if (capped.dropped.length === 0) return { run, applied };
  return {
    run: { ...run, logs: [...run.logs, cappedScopesLine(capped.dropped)] },
    applied: { ...applied, scopes: capped.scopes },
  };
}

/** A Runner response in the token endpoint's terms. */
function toActual(run: HookTryResponse): HookTestRun['cases'][number]['actual'] {
  if (run.outcome === 'success') {
    if (run.token_preview) return { scope: run.token_preview.scope, claims: run.token_preview.claims };
    return run.result && typeof run.result === 'object' ? { claims: run.result as Record<string, unknown> } : {};
  }
  const error = toOAuthError({ outcome: run.outcome, error_name: run.error_name, message: run.message } as HookExecution);
  return { error: { error: error.error, error_description: error.description } };
}

/** One line per expectation the actual run does not meet. */
function unmet(expect: HookTestCase['expect'], actual: HookTestRun['cases'][number]['actual']): string[] {
  const failures: string[] = [];
  const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
  if (expect.error) {
    if (!actual.error) failures.push(`expected error ${expect.error.error}, got a token`);
    else {
      if (actual.error.error !== expect.error.error) failures.push(`expected error ${expect.error.error}, got ${actual.error.error}`);
      if (expect.error.error_description !== undefined && actual.error.error_description !== expect.error.error_description) {
        failures.push(`expected error_description ${show(expect.error.error_description)}, got ${show(actual.error.error_description)}`);
      }
    }
    return failures;
  }
  if (actual.error) return [`expected a token, got ${actual.error.error}: ${actual.error.error_description}`];
  for (const [name, value] of Object.entries(expect.claims ?? {})) {
    if (!sameJson(actual.claims?.[name], value)) failures.push(`claim ${name}: expected ${show(value)}, got ${show(actual.claims?.[name])}`);
  }
  for (const name of expect.absent_claims ?? []) {
    if (actual.claims && name in actual.claims) failures.push(`claim ${name}: expected absent, got ${show(actual.claims[name])}`);
  }
  if (expect.scope && !sameScopes(expect.scope, actual.scope)) {
    failures.push(`scope: expected ${show(expect.scope)}, got ${show(actual.scope)}`);
  }
  return failures;
}

/** How a failed run reaches the client at /oauth/token (design.md, Hooks). */
function toOAuthError(execution: HookExecution): OAuthError {
  const message = execution.message || defaultMessage(execution.outcome);
  if (execution.outcome === 'error' && execution.error_name === 'InvalidScopeError') return invalidScope(message);
  if (execution.outcome === 'error' && execution.error_name === 'InvalidRequestError') return invalidRequest(message);
  return serverError(message);
}

function defaultMessage(outcome: HookOutcome): string {
  switch (outcome) {
    case 'timeout':
      return 'The hook did not finish in time';
    case 'memory':
      return 'The hook ran out of memory';
    default:
      return 'The hook failed';
  }
}

function withSecrets(context: unknown, secrets: Record<string, string>) {
  const base = context && typeof context === 'object' && !Array.isArray(context) ? (context as Record<string, unknown>) : {};
  const webtask = base.webtask && typeof base.webtask === 'object' ? (base.webtask as Record<string, unknown>) : {};
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
