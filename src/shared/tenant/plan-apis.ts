import { z } from 'zod';
import {
  resourceServerCreateSchema,
  resourceServerSchema,
  resourceServerUpdateSchema,
} from '@/shared/schemas/resource-server';
import { TenantError } from './errors';
import type { Item, Rec } from './parse';
import { conform, diff, silentlyDropped, withoutKeys } from './plan-fields';
import type { PlanContext } from './plan';

/**
 * The export's APIs: each is created, updated or unchanged; the server's APIs it leaves out are
 * deleted (or kept). The Management API is never configured by import. Returns the identifiers
 * of the export's APIs.
 */
export function planApis(items: Item[], ctx: PlanContext): Set<string> {
  const { remote, steps, warnings, systemIdentifiers, deletion } = ctx;
  const fileAudiences = new Set<string>();
  const seen = new Set<string>();
  for (const { origin, data } of items) {
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
  return fileAudiences;
}
