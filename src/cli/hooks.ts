import { hookPoints } from '@/shared/hook-points';
import { hookSchema, hookTriggerSchema, type Hook, type HookTrigger } from '@/shared/schemas/hook';
import { listAll } from '@/shared/list-all';
import { CliError, UsageError } from './errors';
import type { Session } from './session';

/** Every hook (all pages), optionally of one point or enabled state, in the server's order. */
export function listHooks(
  api: Session['api'],
  filter: { triggerId?: HookTrigger; enabled?: boolean } = {},
): Promise<Hook[]> {
  const query: Record<string, string> = {};
  if (filter.triggerId) query.triggerId = filter.triggerId;
  if (filter.enabled !== undefined) query.enabled = String(filter.enabled);
  return listAll(api, '/hooks', 'hooks', hookSchema, { filter: query });
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
  if (!parsed.success)
    throw new UsageError(
      `Unknown hook type ${value} (one of ${hookPoints.map((p) => p.triggerId).join(', ')})`,
      usage,
    );
  return parsed.data;
}

export const hookTypesHelp = hookPoints
  .map((p) => `    ${p.triggerId.padEnd(24)} ${p.displayName}`)
  .join('\n');
