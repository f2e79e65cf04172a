import { doneVerb, stoppedMessage, type ApplyResult } from '@/shared/tenant/apply';
import type { Kind, Step } from '@/shared/tenant/plan';
import { errorMessage } from '@/web/lib/query-client';

/** Section titles, in the order the plan runs. */
export const kindTitle: Record<Kind, string> = {
  api: 'APIs',
  client: 'Applications',
  grant: 'Grants',
  hook: 'Hooks',
};
export const kindOrder: Kind[] = ['api', 'client', 'grant', 'hook'];

export const actionLabel: Record<Step['action'], string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  unchanged: 'Unchanged',
  kept: 'Kept',
};

/** Where the console shows what a step touched: `id` is a StepOutcome's (a grant's is its application's client_id). */
export function stepHref(kind: Kind, id: string): string {
  const path = encodeURIComponent(id);
  if (kind === 'api') return `/apis/${path}`;
  if (kind === 'client') return `/applications/${path}`;
  if (kind === 'grant') return `/applications/${path}/apis`;
  return `/hooks/${path}`;
}

/** The failure of a run, in the CLI's words. */
export const failureLine = ({ failed, applied }: ApplyResult) =>
  failed && stoppedMessage(failed.step, applied.length, errorMessage(failed.error));

/** "Created", "Updated", "Deleted". */
export const doneLabel = (action: Step['action']) => {
  const verb = doneVerb(action);
  return `${verb[0]?.toUpperCase() ?? ''}${verb.slice(1)}`;
};
