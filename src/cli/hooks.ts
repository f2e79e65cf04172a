import { hookPoints } from '@/shared/hook-points';
import { hookSchema, hookTriggerSchema, type Hook, type HookTrigger } from '@/shared/schemas/hook';
import { pagedSchema } from '@/shared/schemas/paging';
import { CliError, UsageError } from './errors';
import type { Session } from './session';

const hookPageSchema = pagedSchema('hooks', hookSchema);
const PER_PAGE = 100;

/** Every hook (all pages), optionally of one point or enabled state, in the server's order. */
export async function listHooks(api: Session['api'], filter: { triggerId?: HookTrigger; enabled?: boolean } = {}): Promise<Hook[]> {
  const hooks: Hook[] = [];
  for (let page = 0; ; page++) {
    const query = new URLSearchParams({ page: String(page), per_page: String(PER_PAGE), include_totals: 'true' });
    if (filter.triggerId) query.set('triggerId', filter.triggerId);
    if (filter.enabled !== undefined) query.set('enabled', String(filter.enabled));
    const body = await api.get(`/hooks?${query}`, hookPageSchema);
    hooks.push(...body.hooks);
    if (body.hooks.length < PER_PAGE || hooks.length >= body.total) return hooks;
  }
}

/** Hooks are addressed by name on the command line, as with Auth0's CLI; names are unique. */
export async function findHook(api: Session['api'], name: string): Promise<Hook> {
  const hook = (await listHooks(api)).find((h) => h.name === name);
  if (!hook) throw new CliError(`No hook named ${name}`);
  return hook;
}

/** Validates `-t`, listing the points when it is wrong. */
export function parseTrigger(value: string | undefined, usage: string): HookTrigger {
  if (value === undefined) throw new UsageError('Missing -t TYPE', usage);
  const parsed = hookTriggerSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Unknown hook type ${value} (one of ${hookPoints.map((p) => p.triggerId).join(', ')})`, usage);
  return parsed.data;
}

export const hookTypesHelp = hookPoints.map((p) => `    ${p.triggerId.padEnd(24)} ${p.displayName}`).join('\n');
