import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { CircleCheck } from 'lucide-react';
import { pendingSteps, type ApplyResult } from '@/shared/tenant/apply';
import { kindLabel, type Plan } from '@/shared/tenant/plan';
import { Card } from '@/web/components/ui/card';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Notice } from '@/web/components/ui/notice';
import { actionLabel, doneLabel, failureLine, stepHref } from '../labels';

const link = 'font-medium text-accent-text underline-offset-2 hover:underline';

/** What ran (with links to it), what did not, and where to find what the import cannot show. */
export function ImportResult({
  plan,
  result,
  actions,
}: {
  plan: Plan;
  result: ApplyResult;
  actions?: ReactNode;
}) {
  const ran = new Set(result.applied.map((a) => a.step));
  const notRun = result.failed ? pendingSteps(plan).filter((s) => !ran.has(s)) : [];
  const secretsOf = result.ctx.newSecrets;
  const missing = plan.missingSecrets;
  return (
    <Card
      title="Result"
      description={
        result.failed
          ? `${result.applied.length} of ${pendingSteps(plan).length} changes applied`
          : `${result.applied.length} change${result.applied.length === 1 ? '' : 's'} applied`
      }
      actions={actions}
    >
      <div className="space-y-5">
        {result.failed ? (
          <FormAlert>{failureLine(result)}</FormAlert>
        ) : (
          <p role="status" className="flex items-center gap-2 text-sm text-success-text">
            <CircleCheck className="size-4" aria-hidden />
            The import is applied.
          </p>
        )}
        <div>
          <h3 className="mb-1.5 text-[13px] font-semibold text-fg">
            {result.failed ? 'Applied before the failure' : 'Applied'}
          </h3>
          {result.applied.length === 0 ? (
            <p className="text-sm text-muted">Nothing.</p>
          ) : (
            <ul aria-label="Applied changes" className="space-y-1 text-sm">
              {result.applied.map(({ step, id }) => (
                <li key={`${step.kind}-${step.action}-${step.label}`}>
                  <span className="text-muted">
                    {doneLabel(step.action)} {kindLabel[step.kind]}
                  </span>{' '}
                  {id !== undefined && step.action !== 'delete' ? (
                    <Link to={stepHref(step.kind, id)} className={link}>
                      {step.label}
                    </Link>
                  ) : (
                    <span className="font-medium">{step.label}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        {notRun.length > 0 && (
          <div>
            <h3 className="mb-1.5 text-[13px] font-semibold text-fg">Not applied</h3>
            <ul aria-label="Changes not applied" className="space-y-1 text-sm">
              {notRun.map((step) => (
                <li key={`${step.kind}-${step.action}-${step.label}`}>
                  <span className="text-muted">
                    {actionLabel[step.action]} {kindLabel[step.kind]}
                  </span>{' '}
                  <span className="font-medium">{step.label}</span>
                  {step === result.failed?.step && (
                    <span className="text-danger-text"> (failed)</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        {secretsOf.length > 0 && (
          <Notice>
            <p className="font-medium">New client secrets were generated</p>
            <p className="mt-0.5 text-[13px] text-muted">
              They are never shown here. Read each on its application’s Credentials tab:
            </p>
            <ul className="mt-1 space-y-0.5 text-[13px]">
              {secretsOf.map((s) => (
                <li key={s.client_id}>
                  <Link
                    to={`/applications/${encodeURIComponent(s.client_id)}/credentials`}
                    className={link}
                  >
                    {s.name} → Credentials
                  </Link>
                </li>
              ))}
            </ul>
          </Notice>
        )}
        {missing.length > 0 && (
          <Notice>
            <p className="font-medium">Hook secrets to set</p>
            <p className="mt-0.5 text-[13px] text-muted">
              Exported as _VALUE_NOT_SHOWN_, so no value was stored. Set them on the hook’s Secrets
              tab:
            </p>
            <ul className="mt-1 space-y-0.5 text-[13px]">
              {missing.map((m) => {
                const id = result.ctx.hookIds.get(m.hook);
                return (
                  <li key={m.hook}>
                    {id ? (
                      <Link to={`/hooks/${encodeURIComponent(id)}/secrets`} className={link}>
                        {m.hook} → Secrets
                      </Link>
                    ) : (
                      <span className="font-medium">{m.hook}</span>
                    )}
                    : <span className="font-mono">{m.names.join(', ')}</span>
                  </li>
                );
              })}
            </ul>
          </Notice>
        )}
      </div>
    </Card>
  );
}
