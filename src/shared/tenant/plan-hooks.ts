import { z } from 'zod';
import {
  SECRET_PLACEHOLDER,
  hookCreateSchema,
  hookSchema,
  hookUpdateSchema,
  type Hook,
} from '@/shared/schemas/hook';
import { TenantError } from './errors';
import { isRecord, type Item, type Rec } from './parse';
import { conform, diff, silentlyDropped, withoutKeys } from './plan-fields';
import type { Change, PlanContext, Step } from './plan';
import type { Api } from './remote';

/** Auth0's hook name normalisation on import (`a0deploy`): lower case, whitespace → '-'. */
export const normaliseHookName = (name: string) => name.toLowerCase().replace(/\s/g, '-');

/** What an export's hook does to the hook's secrets. */
interface HookSecretsPlan {
  /** Values the export gives (new secrets, or new values of existing ones). */
  toSet: Record<string, string>;
  /** The hook's secrets on the server. */
  remoteSecretNames: string[];
  changes: Change[];
  /** The step's notes, starting with the secrets created without a value. */
  notes: string[];
  write: (api: Api, hookId: string) => Promise<void>;
}

/**
 * The export's hooks: each is created, updated or unchanged, with its secrets; the server's hooks
 * it leaves out are deleted (or kept). A hook matches by name, then by Auth0's normalised name.
 */
export function planHooks(items: Item[], ctx: PlanContext) {
  const { remote, steps, hookIds, deletion } = ctx;
  checkOneEnabledPerPoint(items);
  const seen = new Set<string>();
  for (const item of items) {
    const { origin, data } = item;
    const name = typeof data.name === 'string' ? data.name : undefined;
    if (!name) throw new TenantError(`${origin}: name is missing`);
    const existing =
      remote.hooks.find((h) => h.name === name) ??
      remote.hooks.find((h) => normaliseHookName(h.name) === normaliseHookName(name));
    const label =
      existing && existing.name !== name ? `${existing.name} (${name} in the export)` : name;
    const secrets = planHookSecrets(item, name, existing, ctx);
    const body = withoutKeys(data, silentlyDropped.hook);
    if (!existing) {
      steps.push(createHookStep(name, label, body, origin, secrets, ctx));
      continue;
    }
    seen.add(existing.id);
    hookIds.set(existing.name, existing.id);
    steps.push(updateHookStep(existing, label, body, origin, secrets, ctx));
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

/** One enabled hook per extensibility point (Auth0's rule; a0deploy's own check never fires). */
function checkOneEnabledPerPoint(items: Item[]) {
  const enabledByPoint = new Map<string, string[]>();
  for (const { data } of items) {
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
}

/**
 * The export's secrets of a hook against the server's: values to set, placeholders (created
 * without a value, listed in `missingSecrets`) and, when deletes are allowed, names to delete.
 */
function planHookSecrets(
  { origin, data, scriptFile }: Item,
  name: string,
  existing: Hook | undefined,
  { remote, opts, warnings, missingSecrets }: PlanContext,
): HookSecretsPlan {
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
  const changes: Change[] = [
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
  const write = async (api: Api, hookId: string) => {
    // The placeholder creates a secret without a value (the server lists it as unset).
    const added = Object.fromEntries([
      ...Object.entries(toSet).filter(([k]) => !remoteSecretNames.includes(k)),
      ...missing.map((k) => [k, SECRET_PLACEHOLDER]),
    ]);
    const changed = Object.fromEntries(
      Object.entries(toSet).filter(([k]) => remoteSecretNames.includes(k)),
    );
    if (Object.keys(added).length) await api.post(`/hooks/${hookId}/secrets`, added, z.unknown());
    if (Object.keys(changed).length)
      await api.patch(`/hooks/${hookId}/secrets`, changed, z.unknown());
    if (toDelete.length) await api.del(`/hooks/${hookId}/secrets`, z.unknown(), toDelete);
  };
  return { toSet, remoteSecretNames, changes, notes, write };
}

/** Enabling hook `name` switches off its point's enabled hook (one per point, another than `id`). */
function noteSwitch(
  name: string,
  triggerId: string,
  id: string | undefined,
  notes: string[],
  { remote, hookSwitches }: PlanContext,
): void {
  const other = remote.hooks.find((h) => h.enabled && h.triggerId === triggerId && h.id !== id);
  if (!other) return;
  notes.push(`enabling it disables ${other.name}`);
  hookSwitches.push({ hook: name, disables: other.name });
}

/** A new hook and its secrets; enabling it switches off the point's enabled hook. */
function createHookStep(
  name: string,
  label: string,
  body: Rec,
  origin: string,
  secrets: HookSecretsPlan,
  context: PlanContext,
): Step {
  const { notes } = secrets;
  const { warnings } = context;
  const create = conform(hookCreateSchema, body, origin, warnings, ['name', 'script', 'triggerId']);
  if (create.enabled) noteSwitch(name, create.triggerId, undefined, notes, context);
  return {
    kind: 'hook',
    action: 'create',
    label,
    changes: secrets.changes,
    notes,
    run: async (ctx) => {
      const hook = await ctx.api.post('/hooks', create, hookSchema);
      ctx.hookIds.set(name, hook.id);
      await secrets.write(ctx.api, hook.id);
      return { id: hook.id };
    },
  };
}

/**
 * An existing hook, patched with the fields that differ, and its secrets. Replacing its code or
 * secrets, or enabling it, needs a confirmation: hook code runs on every token exchange and sees
 * every request.
 */
function updateHookStep(
  existing: Hook,
  label: string,
  body: Rec,
  origin: string,
  secrets: HookSecretsPlan,
  context: PlanContext,
): Step {
  const { notes, toSet, remoteSecretNames } = secrets;
  const { warnings } = context;
  if (body.triggerId !== undefined && body.triggerId !== existing.triggerId) {
    throw new TenantError(
      `${origin}: hook ${existing.name} exists for ${existing.triggerId}, not ${String(body.triggerId)}; rename it in the export or delete it first`,
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
  if (patch.enabled === true)
    noteSwitch(existing.name, existing.triggerId, existing.id, notes, context);
  const all = [...changes, ...secrets.changes];
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
  return all.length === 0
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
          await secrets.write(api, existing.id);
          return { id: existing.id };
        },
      };
}
