import { z } from 'zod';
import {
  clientGrantCreateSchema,
  clientGrantSchema,
  clientGrantUpdateSchema,
  type ClientGrant,
} from '@/shared/schemas/client-grant';
import { TenantError } from './errors';
import type { Item, Rec } from './parse';
import { conform, diff, silentlyDropped, withoutKeys } from './plan-fields';
import type { PlanContext, Step } from './plan';

/** What the export's applications and APIs are called, and the server's. */
export interface GrantTargets {
  /** Names of the export's applications. */
  fileClientNames: Set<string>;
  /** Identifiers of the export's APIs and the server's (without the Management API). */
  knownAudiences: Set<string>;
}

/** A grant of the export, matched to an application and an API. */
interface GrantTarget {
  clientName: string;
  audience: string;
  /** The application's id on the server (none yet: the import creates it). */
  remoteClientId: string | undefined;
}

/**
 * The export's grants: each is created, updated or unchanged; the server's grants it leaves out
 * are deleted (or kept). Grants on a Management API, of the application the CLI signs in as, or
 * on an API that is nowhere are not imported.
 */
export function planGrants(items: Item[], ctx: PlanContext, targets: GrantTargets) {
  const { remote, steps, warnings, isSelf, systemIdentifiers, deletion } = ctx;
  const seen = new Set<string>();
  const clientNameOf = (id: string) => remote.clients.find((c) => c.client_id === id)?.name ?? id;
  for (const { origin, data } of items) {
    if (data.is_system === true) continue;
    const target = grantTarget(origin, data, ctx, targets);
    if (!target) continue;
    const { audience, remoteClientId } = target;
    if (isSelf(remoteClientId)) {
      warnings.push(`${origin}: grants of the application this CLI signs in as are left unchanged`);
      if (remoteClientId)
        remote.grants
          .filter((g) => g.client_id === remoteClientId && g.audience === audience)
          .forEach((g) => seen.add(g.id));
      continue;
    }
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
      steps.push(createGrantStep(target, body, origin, ctx));
      continue;
    }
    seen.add(existing.id);
    steps.push(updateGrantStep(target, existing, body, origin, ctx));
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

/**
 * The application and API of an export's grant, or undefined (with a warning) for a grant that is
 * not imported. `client_id` holds the application's name; a raw id is accepted too (a0deploy).
 */
function grantTarget(
  origin: string,
  data: Rec,
  { remote, warnings, systemIdentifiers }: PlanContext,
  { fileClientNames, knownAudiences }: GrantTargets,
): GrantTarget | undefined {
  const ref = typeof data.client_id === 'string' ? data.client_id : undefined;
  const audience = typeof data.audience === 'string' ? data.audience : undefined;
  if (!ref || !audience) {
    if (data.default_for !== undefined) {
      warnings.push(`${origin}: default grants (default_for) are not supported; skipped`);
      return undefined;
    }
    throw new TenantError(`${origin}: client_id and audience are required`);
  }
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
    return undefined;
  }
  if (!knownAudiences.has(audience) && /\.auth0\.com\/api\/v2\/?$/.test(audience)) {
    warnings.push(
      `${origin}: a grant on Auth0's Management API (${audience}); not imported, authorize ${clientName} on Tokenhook's Management API by hand if it needs it`,
    );
    return undefined;
  }
  if (!knownAudiences.has(audience)) {
    warnings.push(
      `${origin}: no API with identifier ${audience} in the export or on the server; grant skipped`,
    );
    return undefined;
  }
  const remoteClientId =
    raw?.client_id ?? remote.clients.find((c) => c.name === clientName)?.client_id;
  return { clientName, audience, remoteClientId };
}

/** A new grant, for the application as the server knows it once the import created it. */
function createGrantStep(
  { clientName, audience, remoteClientId }: GrantTarget,
  body: Rec,
  origin: string,
  { warnings }: PlanContext,
): Step {
  const create = conform(
    clientGrantCreateSchema,
    { client_id: 'x', audience, ...body },
    origin,
    warnings,
    ['client_id', 'audience', 'scope'],
  );
  return {
    kind: 'grant',
    action: 'create',
    label: `${clientName} → ${audience}`,
    changes: [],
    notes: [],
    run: async (ctx) => {
      const clientId = ctx.clientIds.get(clientName) ?? remoteClientId;
      if (!clientId) throw new TenantError(`no application ${clientName}`);
      await ctx.api.post('/client-grants', { ...create, client_id: clientId }, clientGrantSchema);
      return { id: clientId };
    },
  };
}

/** An existing grant, patched when its fields differ. */
function updateGrantStep(
  { clientName, audience }: GrantTarget,
  existing: ClientGrant,
  body: Rec,
  origin: string,
  { warnings }: PlanContext,
): Step {
  const label = `${clientName} → ${audience}`;
  const update = conform(clientGrantUpdateSchema, body, origin, warnings, ['scope']);
  const changes = diff(update, existing);
  return changes.length === 0
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
      };
}
