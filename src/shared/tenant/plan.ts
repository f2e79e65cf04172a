/**
 * The import plan, shared by `tokenhook import` and the console's Settings → Import: compares an
 * Auth0 Deploy CLI export with the server and makes a plan (create / update / delete per
 * resource, with field-level changes) whose steps run through the Management API in the Deploy
 * CLI's order: APIs → applications → grants → hooks → hook secrets, then deletions (only when
 * allowed), as the Deploy CLI's import does (https://github.com/auth0/auth0-deploy-cli).
 */
import { TenantError } from './errors';
import type { Item, Rec, TenantAssets, TenantTerms } from './parse';
import { planApis } from './plan-apis';
import { planClients } from './plan-clients';
import { planGrants } from './plan-grants';
import { normaliseHookName, planHooks } from './plan-hooks';
import type { Api, Remote } from './remote';

export interface Change {
  field: string;
  from: unknown;
  to: unknown;
}

export type Kind = 'api' | 'client' | 'grant' | 'hook';
export const kindLabel: Record<Kind, string> = {
  api: 'API',
  client: 'application',
  grant: 'grant',
  hook: 'hook',
};

export interface Step {
  kind: Kind;
  action: 'create' | 'update' | 'delete' | 'unchanged' | 'kept';
  /** What the user reads: a name, `client → audience`, … */
  label: string;
  changes: Change[];
  notes: string[];
  /**
   * Why the step needs an explicit confirmation: it replaces what already runs with power (an
   * existing application's secret, an application holding a Management API grant, an existing
   * hook's code or secrets). An untrusted export must not do that silently.
   */
  danger?: string;
  run?: (ctx: ApplyContext) => Promise<StepOutcome>;
}

/** What a step did, for the report. */
export interface StepOutcome {
  /** Printed after the step, e.g. the new application's client_id. */
  detail?: string;
  /** The resource to link to: the API's id, the application's client_id (a grant's too), the hook's id. */
  id?: string;
}

export interface ApplyContext {
  api: Api;
  /** Client name → id, filled as clients are created. */
  clientIds: Map<string, string>;
  /** Hook name (as on the server) → id, filled as hooks are created. */
  hookIds: Map<string, string>;
  newSecrets: { name: string; client_id: string }[];
}

export interface Plan {
  steps: Step[];
  warnings: string[];
  /** Hook secrets that arrived as `_VALUE_NOT_SHOWN_`: created without a value, to be set. */
  missingSecrets: { hook: string; triggerId: string; script?: string; names: string[] }[];
  /** Clients that get a generated secret. */
  generatedSecrets: string[];
  /** Hooks the import enables while another hook of their point is enabled on the server: that one is switched off. */
  hookSwitches: { hook: string; disables: string }[];
  clientIds: Map<string, string>;
  hookIds: Map<string, string>;
}

export interface PlanOptions {
  allowDelete: boolean;
  /** The client the CLI signs in as: never changed or deleted. (The console signs in as a person.) */
  selfClientId?: string;
  terms: Pick<TenantTerms, 'allowDelete'>;
}

/**
 * What each resource type's planner (plan-apis.ts, plan-clients.ts, plan-grants.ts,
 * plan-hooks.ts) reads, and the plan's lists it adds to.
 */
export interface PlanContext extends Pick<
  Plan,
  'steps' | 'warnings' | 'missingSecrets' | 'generatedSecrets' | 'hookSwitches' | 'hookIds'
> {
  remote: Remote;
  opts: PlanOptions;
  /** The application the CLI signs in as: never changed or deleted. */
  isSelf: (clientId: string | undefined) => boolean;
  /** Identifiers of the server's Management API. */
  systemIdentifiers: Set<string>;
  /** The step for a server resource the export leaves out: a delete, or kept if deletes are off. */
  deletion: (kind: Kind, label: string, run: Step['run'], danger?: string) => Step;
}

/**
 * Plans the export's APIs, then applications, grants and hooks (each type only when the export
 * has it), then orders the deletions after everything else.
 */
export function makePlan(assets: TenantAssets, remote: Remote, opts: PlanOptions): Plan {
  const systemApis = remote.resourceServers.filter((r) => r.is_system);
  const ctx: PlanContext = {
    remote,
    opts,
    steps: [],
    warnings: [],
    missingSecrets: [],
    generatedSecrets: [],
    hookSwitches: [],
    hookIds: new Map<string, string>(),
    isSelf: (clientId) => clientId !== undefined && clientId === opts.selfClientId,
    systemIdentifiers: new Set(systemApis.map((r) => r.identifier)),
    deletion: (kind, label, run, danger) =>
      opts.allowDelete
        ? { kind, action: 'delete', label, changes: [], notes: [], run, ...(danger && { danger }) }
        : {
            kind,
            action: 'kept',
            label,
            changes: [],
            notes: [`not in the export; ${opts.terms.allowDelete} deletes it`],
          },
  };
  const clientIds = new Map(remote.clients.map((c) => [c.name, c.client_id]));

  // Duplicates in the export would make matching a guess.
  const unique = (items: Item[] | null, key: (d: Rec) => string, what: string) => {
    const seen = new Map<string, string>();
    for (const item of items ?? []) {
      const k = key(item.data);
      const other = seen.get(k);
      if (other !== undefined) throw new TenantError(`${item.origin}: same ${what} as ${other}`);
      seen.set(k, item.origin);
    }
  };
  unique(assets.resourceServers, (d) => String(d.identifier), 'identifier');
  unique(assets.clients, (d) => String(d.name), 'name');
  unique(assets.hooks, (d) => normaliseHookName(String(d.name)), 'name');

  const fileAudiences = assets.resourceServers
    ? planApis(assets.resourceServers, ctx)
    : new Set<string>();
  const knownAudiences = new Set([
    ...fileAudiences,
    ...remote.resourceServers.filter((r) => !r.is_system).map((r) => r.identifier),
  ]);
  const fileClientNames = assets.clients ? planClients(assets.clients, ctx) : new Set<string>();
  if (assets.clientGrants)
    planGrants(assets.clientGrants, ctx, { fileClientNames, knownAudiences });
  if (assets.hooks) planHooks(assets.hooks, ctx);

  // Deletions last, grants before the applications and APIs they hang on.
  const order: Kind[] = ['grant', 'hook', 'client', 'api'];
  const nonDeletes = ctx.steps.filter((s) => s.action !== 'delete');
  const deletes = ctx.steps
    .filter((s) => s.action === 'delete')
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return {
    steps: [...nonDeletes, ...deletes],
    warnings: ctx.warnings,
    missingSecrets: ctx.missingSecrets,
    generatedSecrets: ctx.generatedSecrets,
    hookSwitches: ctx.hookSwitches,
    clientIds,
    hookIds: ctx.hookIds,
  };
}

// ---- reading a plan ----

/** A changed value as the plan shows it: JSON, cut at 80 characters; `(hidden)`-style markers as they are. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string' && /^\(.*\)$/.test(value)) return value;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The steps that need an explicit confirmation (Step.danger) before a plan is applied. */
export function dangerousSteps(plan: Plan): Step[] {
  return plan.steps.filter(
    (s) => s.danger !== undefined && s.action !== 'unchanged' && s.action !== 'kept',
  );
}

export function countSteps(plan: Plan, action: Step['action']): number {
  return plan.steps.filter((s) => s.action === action).length;
}

/** "2 to create, 1 to update, 0 to delete, 6 unchanged[, 1 not deleted]". */
export function summary(plan: Plan): string {
  const count = (a: Step['action']) => countSteps(plan, a);
  const parts = [
    `${count('create')} to create`,
    `${count('update')} to update`,
    `${count('delete')} to delete`,
    `${count('unchanged')} unchanged`,
  ];
  if (count('kept')) parts.push(`${count('kept')} not deleted`);
  return parts.join(', ');
}
