/**
 * The import plan, shared by `tokenhook import` and the console's Settings → Import: compares an
 * Auth0 Deploy CLI export with the server and makes a plan (create / update / delete per
 * resource, with field-level changes) whose steps run through the Management API in the Deploy
 * CLI's order: APIs → applications → grants → hooks → hook secrets, then deletions (only when
 * allowed), as the Deploy CLI's import does (https://github.com/auth0/auth0-deploy-cli).
 */
import { z } from 'zod';
import {
  clientCreateSchema,
  clientSchema,
  clientSecretSchema,
  clientUpdateSchema,
} from '@/shared/schemas/client';
import {
  clientGrantCreateSchema,
  clientGrantSchema,
  clientGrantUpdateSchema,
} from '@/shared/schemas/client-grant';
import {
  SECRET_PLACEHOLDER,
  hookCreateSchema,
  hookSchema,
  hookUpdateSchema,
} from '@/shared/schemas/hook';
import {
  resourceServerCreateSchema,
  resourceServerSchema,
  resourceServerUpdateSchema,
} from '@/shared/schemas/resource-server';
import { TenantError } from './errors';
import { isRecord, type Item, type Rec, type TenantAssets, type TenantTerms } from './parse';
import type { Api, Remote } from './remote';

/** Auth0's hook name normalisation on import (`a0deploy`): lower case, whitespace → '-'. */
export const normaliseHookName = (name: string) => name.toLowerCase().replace(/\s/g, '-');

// ---- plan ----

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

/** Fields the Deploy CLI strips as read-only, or ids: dropped without a warning. */
const silentlyDropped: Record<Kind, string[]> = {
  client: [
    'client_id',
    'client_secret',
    'tenant',
    'global',
    'is_global',
    'signing_keys',
    'callback_url_template',
    'custom_login_page_preview',
    'config_route',
    'owners',
  ],
  api: ['id', 'is_system', 'client_id'],
  grant: ['id', 'is_system'],
  hook: ['id', 'secrets'],
};

/**
 * Checks a body against the Tokenhook schema; fields the schema rejects (unknown to Tokenhook or
 * with a value it does not accept) are dropped with one warning per resource. A rejected
 * required field fails the import.
 */
function conform<S extends z.ZodType>(
  schema: S,
  body: Rec,
  origin: string,
  warnings: string[],
  required: string[],
): z.output<S> {
  const current: Rec = { ...body };
  const unsupported: string[] = [];
  const invalid: string[] = [];
  for (let round = 0; round < 100; round++) {
    const result = schema.safeParse(current);
    if (result.success) {
      const parts = [];
      if (unsupported.length)
        parts.push(`fields Tokenhook does not support: ${unsupported.join(', ')}`);
      if (invalid.length) parts.push(`values Tokenhook does not accept: ${invalid.join('; ')}`);
      if (parts.length) warnings.push(`${origin}: dropped ${parts.join('; dropped ')}`);
      return result.data;
    }
    let progressed = false;
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          if (key in current) {
            delete current[key];
            unsupported.push(key);
            progressed = true;
          }
        }
        continue;
      }
      const key = issue.path[0];
      if (key === undefined) throw new TenantError(`${origin}: ${issue.message}`);
      const field = String(key);
      if (required.includes(field) || !(field in current)) {
        throw new TenantError(
          `${origin}: ${[field, ...issue.path.slice(1).map(String)].join('.')}: ${issue.message}`,
        );
      }
      invalid.push(`${field} (${issue.message})`);
      delete current[field];
      progressed = true;
    }
    if (!progressed)
      throw new TenantError(`${origin}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  }
  throw new TenantError(`${origin}: cannot be made valid`);
}

function withoutKeys(record: Rec, keys: string[]): Rec {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}

/** Stable JSON: object keys sorted, so key order never counts as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Fields whose order does not matter. */
function comparable(field: string, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (field === 'scopes') {
    return [...value]
      .map((s: unknown) => (isRecord(s) ? { value: s.value, description: s.description ?? '' } : s))
      .sort((a, b) => canonical(a).localeCompare(canonical(b)));
  }
  if (field === 'scope' || field === 'grant_types') return [...value].map(String).sort();
  return value;
}

function diff(local: Rec, remote: Rec, hidden: string[] = []): Change[] {
  const changes: Change[] = [];
  for (const [field, to] of Object.entries(local)) {
    if (to === undefined) continue;
    if (canonical(comparable(field, to)) === canonical(comparable(field, remote[field]))) continue;
    changes.push(
      hidden.includes(field)
        ? { field, from: '(hidden)', to: '(new value)' }
        : { field, from: remote[field], to },
    );
  }
  return changes;
}

export interface PlanOptions {
  allowDelete: boolean;
  /** The client the CLI signs in as: never changed or deleted. (The console signs in as a person.) */
  selfClientId?: string;
  terms: Pick<TenantTerms, 'allowDelete'>;
}

export function makePlan(assets: TenantAssets, remote: Remote, opts: PlanOptions): Plan {
  const warnings: string[] = [];
  const steps: Step[] = [];
  const missingSecrets: Plan['missingSecrets'] = [];
  const generatedSecrets: string[] = [];
  const hookSwitches: Plan['hookSwitches'] = [];
  const isSelf = (clientId: string | undefined) =>
    clientId !== undefined && clientId === opts.selfClientId;
  const clientIds = new Map(remote.clients.map((c) => [c.name, c.client_id]));
  const hookIds = new Map<string, string>();
  const systemApis = remote.resourceServers.filter((r) => r.is_system);
  const systemIdentifiers = new Set(systemApis.map((r) => r.identifier));
  const deletion = (kind: Kind, label: string, run: Step['run'], danger?: string): Step =>
    opts.allowDelete
      ? { kind, action: 'delete', label, changes: [], notes: [], run, ...(danger && { danger }) }
      : {
          kind,
          action: 'kept',
          label,
          changes: [],
          notes: [`not in the export; ${opts.terms.allowDelete} deletes it`],
        };
  /** Applications holding a grant on the Management API: admin power. */
  const admins = new Set(
    remote.grants.filter((g) => systemIdentifiers.has(g.audience)).map((g) => g.client_id),
  );
  const adminDanger = 'holds a grant on the Management API (admin power)';

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

  // ---- APIs ----
  const fileAudiences = new Set<string>();
  if (assets.resourceServers) {
    const seen = new Set<string>();
    for (const { origin, data } of assets.resourceServers) {
      const identifier = typeof data.identifier === 'string' ? data.identifier : undefined;
      if (!identifier) throw new TenantError(`${origin}: identifier is missing`);
      if (
        systemIdentifiers.has(identifier) ||
        data.name === 'Auth0 Management API' ||
        data.is_system === true
      ) {
        warnings.push(`${origin}: the Management API cannot be configured by import; skipped`);
        continue;
      }
      fileAudiences.add(identifier);
      const existing = remote.resourceServers.find((r) => r.identifier === identifier);
      const body = withoutKeys(data, silentlyDropped.api);
      const label = `${String(data.name ?? identifier)} (${identifier})`;
      if (!existing) {
        const create = conform(resourceServerCreateSchema, body, origin, warnings, ['identifier']);
        steps.push({
          kind: 'api',
          action: 'create',
          label,
          changes: [],
          notes: [],
          run: async ({ api }) => ({
            id: (await api.post('/resource-servers', create, resourceServerSchema)).id,
          }),
        });
        continue;
      }
      seen.add(existing.id);
      const update = conform(
        resourceServerUpdateSchema,
        withoutKeys(body, ['identifier']),
        origin,
        warnings,
        [],
      );
      const changes = diff(update, existing);
      const patch = Object.fromEntries(changes.map((c) => [c.field, (update as Rec)[c.field]]));
      steps.push(
        changes.length === 0
          ? { kind: 'api', action: 'unchanged', label, changes, notes: [] }
          : {
              kind: 'api',
              action: 'update',
              label,
              changes,
              notes: [],
              run: async ({ api }) => {
                await api.patch(`/resource-servers/${existing.id}`, patch, resourceServerSchema);
                return { id: existing.id };
              },
            },
      );
    }
    for (const r of remote.resourceServers) {
      if (r.is_system || seen.has(r.id)) continue;
      steps.push(
        deletion('api', `${r.name} (${r.identifier})`, async ({ api }) => {
          await api.del(`/resource-servers/${r.id}`, z.unknown());
          return {};
        }),
      );
    }
  }
  const knownAudiences = new Set([
    ...fileAudiences,
    ...remote.resourceServers.filter((r) => !r.is_system).map((r) => r.identifier),
  ]);

  // ---- applications ----
  const fileClientNames = new Set<string>();
  if (assets.clients) {
    const seen = new Set<string>();
    for (const { origin, data } of assets.clients) {
      const name = typeof data.name === 'string' ? data.name : undefined;
      if (!name) throw new TenantError(`${origin}: name is missing`);
      fileClientNames.add(name);
      const existing = remote.clients.find((c) => c.name === name);
      if (existing && isSelf(existing.client_id)) {
        seen.add(existing.client_id);
        warnings.push(`${origin}: ${name} is the application this CLI signs in as; left unchanged`);
        continue;
      }
      let secret: string | undefined;
      if (data.client_secret !== undefined) {
        const parsed = clientSecretSchema.safeParse(data.client_secret);
        if (parsed.success) secret = parsed.data;
        else
          warnings.push(
            `${origin}: dropped client_secret (${parsed.error.issues[0]?.message ?? 'invalid'})${existing ? '' : '; a secret is generated instead'}`,
          );
      }
      const body = withoutKeys(data, silentlyDropped.client);
      if (!existing) {
        const create = conform(clientCreateSchema, body, origin, warnings, ['name']);
        if (!secret) generatedSecrets.push(name);
        steps.push({
          kind: 'client',
          action: 'create',
          label: name,
          changes: [],
          notes: secret ? ['client_secret from the file'] : ['a new client secret is generated'],
          run: async (ctx) => {
            const client = await ctx.api.post('/clients', create, clientSchema);
            ctx.clientIds.set(name, client.client_id);
            if (secret)
              await ctx.api.patch(
                `/clients/${client.client_id}`,
                { client_secret: secret },
                clientSchema,
              );
            else ctx.newSecrets.push({ name, client_id: client.client_id });
            return { detail: `client_id ${client.client_id}`, id: client.client_id };
          },
        });
        continue;
      }
      seen.add(existing.client_id);
      const update = conform(
        clientUpdateSchema,
        { ...body, ...(secret ? { client_secret: secret } : {}) },
        origin,
        warnings,
        ['name'],
      );
      const remoteRec = existing as unknown as Rec;
      // A secret the server does not show (no read:client_keys) counts as changed.
      const changes = diff(update, remoteRec, ['client_secret']);
      const patch = Object.fromEntries(changes.map((c) => [c.field, (update as Rec)[c.field]]));
      const dangers = [
        ...('client_secret' in patch
          ? ['replaces the client secret of an existing application']
          : []),
        ...(admins.has(existing.client_id) ? [adminDanger] : []),
      ];
      steps.push(
        changes.length === 0
          ? { kind: 'client', action: 'unchanged', label: name, changes, notes: [] }
          : {
              kind: 'client',
              action: 'update',
              label: name,
              changes,
              notes: [],
              ...(dangers.length > 0 && { danger: dangers.join('; ') }),
              run: async ({ api }) => {
                await api.patch(`/clients/${existing.client_id}`, patch, clientSchema);
                return { id: existing.client_id };
              },
            },
      );
    }
    for (const c of remote.clients) {
      if (seen.has(c.client_id) || isSelf(c.client_id)) continue;
      steps.push(
        deletion(
          'client',
          c.name,
          async ({ api }) => {
            await api.del(`/clients/${c.client_id}`, z.unknown());
            return {};
          },
          admins.has(c.client_id) ? adminDanger : undefined,
        ),
      );
    }
  }

  // ---- grants ----
  if (assets.clientGrants) {
    const seen = new Set<string>();
    const clientNameOf = (id: string) => remote.clients.find((c) => c.client_id === id)?.name ?? id;
    for (const { origin, data } of assets.clientGrants) {
      if (data.is_system === true) continue;
      const ref = typeof data.client_id === 'string' ? data.client_id : undefined;
      const audience = typeof data.audience === 'string' ? data.audience : undefined;
      if (!ref || !audience) {
        if (data.default_for !== undefined) {
          warnings.push(`${origin}: default grants (default_for) are not supported; skipped`);
          continue;
        }
        throw new TenantError(`${origin}: client_id and audience are required`);
      }
      // client_id holds the client's name; a raw id is accepted too (a0deploy).
      const byName = fileClientNames.has(ref) || remote.clients.some((c) => c.name === ref);
      const raw = !byName ? remote.clients.find((c) => c.client_id === ref) : undefined;
      if (!byName && !raw)
        throw new TenantError(
          `${origin}: no application named ${ref} (nor with that client_id) in the export or on the server`,
        );
      const clientName = raw ? raw.name : ref;
      if (systemIdentifiers.has(audience)) {
        warnings.push(
          `${origin}: grants on the Management API are not imported; authorize ${clientName} on it by hand`,
        );
        continue;
      }
      if (!knownAudiences.has(audience) && /\.auth0\.com\/api\/v2\/?$/.test(audience)) {
        warnings.push(
          `${origin}: a grant on Auth0's Management API (${audience}); not imported, authorize ${clientName} on Tokenhook's Management API by hand if it needs it`,
        );
        continue;
      }
      if (!knownAudiences.has(audience)) {
        warnings.push(
          `${origin}: no API with identifier ${audience} in the export or on the server; grant skipped`,
        );
        continue;
      }
      const remoteClientId =
        raw?.client_id ?? remote.clients.find((c) => c.name === clientName)?.client_id;
      if (isSelf(remoteClientId)) {
        warnings.push(
          `${origin}: grants of the application this CLI signs in as are left unchanged`,
        );
        if (remoteClientId)
          remote.grants
            .filter((g) => g.client_id === remoteClientId && g.audience === audience)
            .forEach((g) => seen.add(g.id));
        continue;
      }
      const label = `${clientName} → ${audience}`;
      const scope = data.scope ?? [];
      const existing =
        remoteClientId !== undefined
          ? remote.grants.find((g) => g.client_id === remoteClientId && g.audience === audience)
          : undefined;
      const body = withoutKeys({ ...data, scope }, [
        ...silentlyDropped.grant,
        'client_id',
        'audience',
      ]);
      if (!existing) {
        const create = conform(
          clientGrantCreateSchema,
          { client_id: 'x', audience, ...body },
          origin,
          warnings,
          ['client_id', 'audience', 'scope'],
        );
        steps.push({
          kind: 'grant',
          action: 'create',
          label,
          changes: [],
          notes: [],
          run: async (ctx) => {
            const clientId = ctx.clientIds.get(clientName) ?? remoteClientId;
            if (!clientId) throw new TenantError(`no application ${clientName}`);
            await ctx.api.post(
              '/client-grants',
              { ...create, client_id: clientId },
              clientGrantSchema,
            );
            return { id: clientId };
          },
        });
        continue;
      }
      seen.add(existing.id);
      const update = conform(clientGrantUpdateSchema, body, origin, warnings, ['scope']);
      const changes = diff(update, existing);
      steps.push(
        changes.length === 0
          ? { kind: 'grant', action: 'unchanged', label, changes, notes: [] }
          : {
              kind: 'grant',
              action: 'update',
              label,
              changes,
              notes: [],
              run: async ({ api }) => {
                await api.patch(`/client-grants/${existing.id}`, update, clientGrantSchema);
                return { id: existing.client_id };
              },
            },
      );
    }
    for (const g of remote.grants) {
      if (seen.has(g.id) || isSelf(g.client_id) || systemIdentifiers.has(g.audience)) continue;
      steps.push(
        deletion('grant', `${clientNameOf(g.client_id)} → ${g.audience}`, async ({ api }) => {
          await api.del(`/client-grants/${g.id}`, z.unknown());
          return {};
        }),
      );
    }
  }

  // ---- hooks ----
  if (assets.hooks) {
    // One enabled hook per extensibility point (Auth0's rule; a0deploy's own check never fires).
    const enabledByPoint = new Map<string, string[]>();
    for (const { data } of assets.hooks) {
      if (data.enabled === true)
        enabledByPoint.set(String(data.triggerId), [
          ...(enabledByPoint.get(String(data.triggerId)) ?? []),
          String(data.name),
        ]);
    }
    for (const [point, names] of enabledByPoint) {
      if (names.length > 1) {
        throw new TenantError(
          `Only one active hook allowed for "${point}" extensibility point. Conflicting hooks: ${names.join(', ')} (enable one of them in the export)`,
        );
      }
    }
    const seen = new Set<string>();
    for (const { origin, data, scriptFile } of assets.hooks) {
      const name = typeof data.name === 'string' ? data.name : undefined;
      if (!name) throw new TenantError(`${origin}: name is missing`);
      const existing =
        remote.hooks.find((h) => h.name === name) ??
        remote.hooks.find((h) => normaliseHookName(h.name) === normaliseHookName(name));
      const label =
        existing && existing.name !== name ? `${existing.name} (${name} in the export)` : name;
      const secretsField = data.secrets;
      if (secretsField !== undefined && secretsField !== null && !isRecord(secretsField))
        throw new TenantError(`${origin}: secrets must be an object`);
      const fileSecrets = secretsField ?? {};
      const remoteSecretNames = existing ? (remote.secrets.get(existing.id) ?? []) : [];
      const toSet: Record<string, string> = {};
      const missing: string[] = [];
      for (const [key, value] of Object.entries(fileSecrets)) {
        if (value === SECRET_PLACEHOLDER) {
          if (!remoteSecretNames.includes(key)) missing.push(key);
        } else if (typeof value === 'string') {
          toSet[key] = value;
        } else {
          warnings.push(`${origin}: secret ${key} is not a string; skipped`);
        }
      }
      const toDelete =
        opts.allowDelete && secretsField !== undefined
          ? remoteSecretNames.filter((k) => !(k in fileSecrets))
          : [];
      const secretChanges: Change[] = [
        ...Object.keys(toSet).map((k) => ({
          field: `secrets.${k}`,
          from: remoteSecretNames.includes(k) ? '(hidden)' : undefined,
          to: '(value from the export)',
        })),
        ...missing.map((k) => ({ field: `secrets.${k}`, from: undefined, to: '(no value yet)' })),
        ...toDelete.map((k) => ({ field: `secrets.${k}`, from: '(hidden)', to: undefined })),
      ];
      if (missing.length > 0)
        missingSecrets.push({
          hook: existing?.name ?? name,
          triggerId: String(existing?.triggerId ?? data.triggerId),
          ...(scriptFile ? { script: scriptFile } : {}),
          names: missing,
        });
      const notes = missing.length
        ? [
            `secret${missing.length > 1 ? 's' : ''} without a value, created unset: ${missing.join(', ')}`,
          ]
        : [];
      const writeSecrets = async (api: Api, hookId: string) => {
        // The placeholder creates a secret without a value (the server lists it as unset).
        const added = Object.fromEntries([
          ...Object.entries(toSet).filter(([k]) => !remoteSecretNames.includes(k)),
          ...missing.map((k) => [k, SECRET_PLACEHOLDER]),
        ]);
        const changed = Object.fromEntries(
          Object.entries(toSet).filter(([k]) => remoteSecretNames.includes(k)),
        );
        if (Object.keys(added).length)
          await api.post(`/hooks/${hookId}/secrets`, added, z.unknown());
        if (Object.keys(changed).length)
          await api.patch(`/hooks/${hookId}/secrets`, changed, z.unknown());
        if (toDelete.length) await api.del(`/hooks/${hookId}/secrets`, z.unknown(), toDelete);
      };
      const body = withoutKeys(data, silentlyDropped.hook);
      if (!existing) {
        const create = conform(hookCreateSchema, body, origin, warnings, [
          'name',
          'script',
          'triggerId',
        ]);
        if (create.enabled) {
          const other = remote.hooks.find((h) => h.enabled && h.triggerId === create.triggerId);
          if (other) {
            notes.push(`enabling it disables ${other.name}`);
            hookSwitches.push({ hook: name, disables: other.name });
          }
        }
        steps.push({
          kind: 'hook',
          action: 'create',
          label,
          changes: secretChanges,
          notes,
          run: async (ctx) => {
            const hook = await ctx.api.post('/hooks', create, hookSchema);
            ctx.hookIds.set(name, hook.id);
            await writeSecrets(ctx.api, hook.id);
            return { id: hook.id };
          },
        });
        continue;
      }
      seen.add(existing.id);
      hookIds.set(existing.name, existing.id);
      if (data.triggerId !== undefined && data.triggerId !== existing.triggerId) {
        throw new TenantError(
          `${origin}: hook ${existing.name} exists for ${existing.triggerId}, not ${String(data.triggerId)}; rename it in the export or delete it first`,
        );
      }
      // The name stays as it is on the server (it matched, maybe after normalisation).
      const update = conform(
        hookUpdateSchema,
        withoutKeys(body, ['triggerId', 'name']),
        origin,
        warnings,
        ['script'],
      );
      const changes = diff(update, existing);
      const patch = Object.fromEntries(changes.map((c) => [c.field, (update as Rec)[c.field]]));
      if (patch.enabled === true) {
        const other = remote.hooks.find(
          (h) => h.enabled && h.triggerId === existing.triggerId && h.id !== existing.id,
        );
        if (other) {
          notes.push(`enabling it disables ${other.name}`);
          hookSwitches.push({ hook: existing.name, disables: other.name });
        }
      }
      const all = [...changes, ...secretChanges];
      // Hook code runs on every token exchange and sees every request.
      const replaces = [
        ...('script' in patch ? ['code'] : []),
        ...(Object.keys(toSet).some((k) => remoteSecretNames.includes(k)) ? ['secrets'] : []),
      ];
      const hookDanger =
        replaces.length > 0
          ? `replaces the ${replaces.join(' and ')} of an existing hook${existing.enabled || patch.enabled === true ? ', which runs on every token exchange' : ''}`
          : patch.enabled === true
            ? 'enables an existing hook: its code runs on every token exchange'
            : undefined;
      steps.push(
        all.length === 0
          ? { kind: 'hook', action: 'unchanged', label, changes: all, notes }
          : {
              kind: 'hook',
              action: 'update',
              label,
              changes: all,
              notes,
              ...(hookDanger && { danger: hookDanger }),
              run: async ({ api }) => {
                if (changes.length) await api.patch(`/hooks/${existing.id}`, patch, hookSchema);
                await writeSecrets(api, existing.id);
                return { id: existing.id };
              },
            },
      );
    }
    for (const h of remote.hooks) {
      if (seen.has(h.id)) continue;
      steps.push(
        deletion('hook', h.name, async ({ api }) => {
          await api.del(`/hooks/${h.id}`, z.unknown());
          return {};
        }),
      );
    }
  }

  // Deletions last, grants before the applications and APIs they hang on.
  const order: Kind[] = ['grant', 'hook', 'client', 'api'];
  const nonDeletes = steps.filter((s) => s.action !== 'delete');
  const deletes = steps
    .filter((s) => s.action === 'delete')
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return {
    steps: [...nonDeletes, ...deletes],
    warnings,
    missingSecrets,
    generatedSecrets,
    hookSwitches,
    clientIds,
    hookIds,
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
