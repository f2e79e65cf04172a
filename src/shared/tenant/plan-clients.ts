import { z } from 'zod';
import {
  clientCreateSchema,
  clientSchema,
  clientSecretSchema,
  clientUpdateSchema,
  type Client,
} from '@/shared/schemas/client';
import { TenantError } from './errors';
import type { Item, Rec } from './parse';
import { conform, diff, silentlyDropped, withoutKeys } from './plan-fields';
import type { PlanContext, Step } from './plan';

const adminDanger = 'holds a grant on the Management API (admin power)';

/**
 * The export's applications: each is created (with the export's secret or a generated one),
 * updated or unchanged; the server's applications it leaves out are deleted (or kept). The
 * application the CLI signs in as is never changed. Returns the names of the export's
 * applications.
 */
export function planClients(items: Item[], ctx: PlanContext): Set<string> {
  const { remote, steps, warnings, isSelf, systemIdentifiers, deletion } = ctx;
  /** Applications holding a grant on the Management API: admin power. */
  const admins = new Set(
    remote.grants.filter((g) => systemIdentifiers.has(g.audience)).map((g) => g.client_id),
  );
  const fileClientNames = new Set<string>();
  const seen = new Set<string>();
  for (const { origin, data } of items) {
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
      steps.push(createClientStep(name, body, secret, origin, ctx));
      continue;
    }
    seen.add(existing.client_id);
    const danger = admins.has(existing.client_id) ? adminDanger : undefined;
    steps.push(updateClientStep(existing, body, secret, origin, ctx, danger));
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
  return fileClientNames;
}

/** A new application; without a usable secret in the export, the server generates one. */
function createClientStep(
  name: string,
  body: Rec,
  secret: string | undefined,
  origin: string,
  { warnings, generatedSecrets }: PlanContext,
): Step {
  const create = conform(clientCreateSchema, body, origin, warnings, ['name']);
  if (!secret) generatedSecrets.push(name);
  return {
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
  };
}

/** An existing application, patched where it differs (`adminDanger`: it has admin power). */
function updateClientStep(
  existing: Client,
  body: Rec,
  secret: string | undefined,
  origin: string,
  { warnings }: PlanContext,
  adminDanger: string | undefined,
): Step {
  const name = existing.name;
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
    ...('client_secret' in patch ? ['replaces the client secret of an existing application'] : []),
    ...(adminDanger ? [adminDanger] : []),
  ];
  return changes.length === 0
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
      };
}
