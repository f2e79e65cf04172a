import { TenantError } from './errors';
import {
  dangerousSteps,
  kindLabel,
  type ApplyContext,
  type Plan,
  type Step,
  type StepOutcome,
} from './plan';
import type { Api } from './remote';

export interface ApplyResult {
  ctx: ApplyContext;
  /** The steps that ran, in order. */
  applied: ({ step: Step } & StepOutcome)[];
  /** The step that failed; the steps after it did not run. */
  failed?: { step: Step; error: unknown };
}

type Runnable = Step & { run: NonNullable<Step['run']> };

/** The steps applying a plan runs, in order: creates, updates, then deletions. */
export const pendingSteps = (plan: Plan): Runnable[] =>
  plan.steps.filter(
    (s): s is Runnable => s.run !== undefined && s.action !== 'unchanged' && s.action !== 'kept',
  );

/**
 * Runs the steps in order; on a failure, stops and reports what was applied before it. A plan
 * with dangerous steps (Step.danger) runs only with `allowDangerous`; otherwise nothing runs.
 */
export async function applyPlan(
  plan: Plan,
  api: Api,
  { allowDangerous = false, confirm = 'confirmation' } = {},
): Promise<ApplyResult> {
  const dangerous = dangerousSteps(plan);
  if (dangerous.length > 0 && !allowDangerous) {
    const n = dangerous.length;
    throw new TenantError(
      `${n} change${n === 1 ? '' : 's'} of the import ${n === 1 ? 'is' : 'are'} dangerous (${dangerous.map((s) => `${s.action} ${kindLabel[s.kind]} ${s.label}: ${s.danger}`).join('; ')}); nothing was changed. Check the export comes from someone you trust, then apply it with ${confirm}`,
    );
  }
  const ctx: ApplyContext = {
    api,
    clientIds: new Map(plan.clientIds),
    hookIds: new Map(plan.hookIds),
    newSecrets: [],
  };
  const applied: ApplyResult['applied'] = [];
  for (const step of pendingSteps(plan)) {
    try {
      applied.push({ step, ...(await step.run(ctx)) });
    } catch (error) {
      return { ctx, applied, failed: { step, error } };
    }
  }
  return { ctx, applied };
}

/** "created", "updated", "deleted": how a report names a step that ran. */
export const doneVerb = (action: Step['action']) =>
  action === 'delete' ? 'deleted' : `${action}d`;

/** "Import stopped at create grant A → B: REASON; 2 changes were applied before it". */
export function stoppedMessage(failed: Step, appliedCount: number, reason: string): string {
  const n = appliedCount;
  return `Import stopped at ${failed.action} ${kindLabel[failed.kind]} ${failed.label}: ${reason}; ${n} change${n === 1 ? ' was' : 's were'} applied before it`;
}
