import { useId, useState } from 'react';
import { CircleCheck, PackageOpen, Play, TriangleAlert } from 'lucide-react';
import { pendingSteps } from '@/shared/tenant/apply';
import {
  countSteps,
  dangerousSteps,
  showValue,
  summary,
  type Kind,
  type Step,
} from '@/shared/tenant/plan';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { EmptyState } from '@/web/components/ui/empty-state';
import { Table } from '@/web/components/ui/table';
import { tableStyles } from '@/web/components/ui/table-styles';
import type { ImportPreview } from '../api';
import { actionLabel, kindOrder, kindTitle } from '../labels';
import { PlanNotices } from './plan-notices';

/** Typed to apply a plan with dangerous steps. */
const TRUST_PHRASE = 'I trust this export';

const actionTone = {
  create: 'success',
  update: 'accent',
  delete: 'danger',
  unchanged: 'neutral',
  kept: 'neutral',
} as const;

interface ImportPlanProps {
  preview: ImportPreview;
  onApply: () => void;
  applying: boolean;
}

/** The plan per resource type, what to know before applying it, and Apply (confirmed). */
export function ImportPlan({ preview, onApply, applying }: ImportPlanProps) {
  const [confirming, setConfirming] = useState(false);
  const { plan } = preview;
  const pending = pendingSteps(plan).length;
  const deletes = countSteps(plan, 'delete');
  const dangerous = dangerousSteps(plan);

  if (plan.steps.length === 0) {
    return (
      <EmptyState icon={PackageOpen} title="Nothing to import">
        {preview.source} holds none of clients, resource servers, grants, hooks.
      </EmptyState>
    );
  }

  return (
    <div className="space-y-6">
      <Card
        title="Plan"
        description={
          <>
            {preview.source} ({preview.format} format):{' '}
            <span className="text-fg">{summary(plan)}</span>
          </>
        }
        actions={
          pending > 0 && (
            <Button variant="primary" onClick={() => setConfirming(true)} pending={applying}>
              <Play className="size-4" aria-hidden />
              Apply
            </Button>
          )
        }
      >
        {pending === 0 ? (
          <p role="status" className="flex items-center gap-2 text-sm text-success-text">
            <CircleCheck className="size-4" aria-hidden />
            Nothing to change: the server already matches the export.
          </p>
        ) : (
          <p className="text-sm text-muted">
            Apply runs {pending} change{pending === 1 ? '' : 's'} in the order below: APIs,
            applications, grants, hooks and their secrets, then deletions. Until then nothing
            changes.
          </p>
        )}
      </Card>
      <PlanNotices plan={plan} />
      {kindOrder.map((kind) => {
        const steps = plan.steps.filter((s) => s.kind === kind);
        return steps.length > 0 && <PlanGroup key={kind} kind={kind} steps={steps} />;
      })}
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Apply the import?"
        confirmLabel="Apply"
        danger={deletes > 0 || dangerous.length > 0}
        typeToConfirm={dangerous.length > 0 ? TRUST_PHRASE : undefined}
        onConfirm={() => {
          setConfirming(false);
          onApply();
        }}
      >
        <p>
          {pending} change{pending === 1 ? ' is' : 's are'} made to this tenant:{' '}
          {countSteps(plan, 'create')} to create, {countSteps(plan, 'update')} to update, {deletes}{' '}
          to delete.
        </p>
        {deletes > 0 && (
          <p className="flex items-start gap-2 text-danger-text">
            <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
            {deletes} deletion{deletes === 1 ? '' : 's'} cannot be undone.
          </p>
        )}
        {dangerous.length > 0 && (
          <div className="space-y-1 text-danger-text">
            <p className="flex items-start gap-2">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              {dangerous.length} change{dangerous.length === 1 ? ' replaces' : 's replace'} what
              already holds power here. Apply only an export from someone you trust; type “
              {TRUST_PHRASE}” to confirm.
            </p>
            <ul className="list-disc pl-6">
              {dangerous.map((step, i) => (
                <li key={i}>
                  {actionLabel[step.action]} {step.label}: {step.danger}
                </li>
              ))}
            </ul>
          </div>
        )}
        <p>If a step fails, the import stops there; the page shows what was applied before it.</p>
      </ConfirmDialog>
    </div>
  );
}

/** One resource type: what changes first; what stays as it is folded away. */
function PlanGroup({ kind, steps }: { kind: Kind; steps: Step[] }) {
  const titleId = useId();
  const changing = steps.filter(
    (s) => s.action === 'create' || s.action === 'update' || s.action === 'delete',
  );
  const staying = steps.filter((s) => s.action === 'unchanged' || s.action === 'kept');
  return (
    <section aria-labelledby={titleId} className="space-y-2">
      <h2 id={titleId} className="flex items-center gap-2 text-[15px] font-semibold">
        {kindTitle[kind]}
        <span className="text-[13px] font-normal text-muted">
          {changing.length > 0 ? `${changing.length} to change` : 'nothing to change'}
          {staying.length > 0 && `, ${staying.length} staying as they are`}
        </span>
      </h2>
      {changing.length > 0 && <StepTable label={kindTitle[kind]} steps={changing} />}
      {staying.length > 0 && (
        <details className="group rounded-xl border border-line bg-surface shadow-xs open:pb-0">
          <summary className="cursor-pointer rounded-xl px-4 py-2.5 text-[13px] font-medium text-muted select-none hover:text-fg">
            {staying.length} unchanged or not in the export
          </summary>
          <div className="border-t border-line">
            <StepTable label={`${kindTitle[kind]} staying as they are`} steps={staying} bare />
          </div>
        </details>
      )}
    </section>
  );
}

function StepTable({ label, steps, bare }: { label: string; steps: Step[]; bare?: boolean }) {
  const rows = steps.map((step, i) => (
    <tr key={`${step.action}-${step.label}-${i}`} className={tableStyles.row}>
      <td className={`${tableStyles.td} w-32 align-top`}>
        <Badge tone={actionTone[step.action]}>{actionLabel[step.action]}</Badge>
      </td>
      <td className={`${tableStyles.td} align-top font-medium break-words text-fg`}>
        {step.label}
      </td>
      <td className={`${tableStyles.td} align-top`}>
        {step.changes.length === 0 && step.notes.length === 0 && !step.danger && (
          <span className="text-muted">—</span>
        )}
        {step.changes.length > 0 && (
          <ul className="space-y-1 font-mono text-xs">
            {step.changes.map((c) => (
              <li key={c.field} className="break-all">
                <span className="text-fg">{c.field}</span>:{' '}
                <span className="text-muted">{showValue(c.from)}</span> →{' '}
                <span className="text-fg">{showValue(c.to)}</span>
              </li>
            ))}
          </ul>
        )}
        {step.danger && (
          <p className="mt-1 flex items-start gap-1.5 text-[13px] text-danger-text">
            <TriangleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            Dangerous: {step.danger}
          </p>
        )}
        {step.notes.length > 0 && (
          <ul className="mt-1 space-y-0.5 text-[13px] text-muted">
            {step.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  ));
  const head = (
    <thead className={tableStyles.head}>
      <tr>
        <th scope="col" className={tableStyles.th}>
          Action
        </th>
        <th scope="col" className={`${tableStyles.th} w-1/3`}>
          Name
        </th>
        <th scope="col" className={tableStyles.th}>
          Changes
        </th>
      </tr>
    </thead>
  );
  if (bare) {
    return (
      <div className="overflow-x-auto">
        <table aria-label={label} className="w-full border-collapse text-left text-sm">
          {head}
          <tbody>{rows}</tbody>
        </table>
      </div>
    );
  }
  return (
    <Table label={label}>
      {head}
      <tbody>{rows}</tbody>
    </Table>
  );
}
