import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import {
  ChevronRight,
  CircleCheck,
  CircleDashed,
  CircleX,
  FlaskConical,
  Pencil,
  Play,
  Plus,
  Trash2,
} from 'lucide-react';
import { toast } from '@/web/lib/toast';
import type { HookTestCase } from '@/shared/schemas/hook-test';
import { ErrorPanel } from '@/web/components/error-panel';
import { Button } from '@/web/components/ui/button';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { EmptyState } from '@/web/components/ui/empty-state';
import { Field } from '@/web/components/ui/field';
import { IconButton } from '@/web/components/ui/icon-button';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { Select } from '@/web/components/ui/select';
import { cn } from '@/web/lib/cn';
import { errorMessage } from '@/web/lib/query-client';
import { hookQueries } from '@/web/data/hooks/queries';
import { useDeleteHookTest, useRunHookTests } from '@/web/data/hooks/test-mutations';
import { formatDuration } from '../outcome';
import {
  describeExpect,
  describeInput,
  parseTarget,
  runSummary,
  targetName,
  type TestTarget,
} from '../test-cases';
import {
  samplePayload,
  type GateVerdict,
  type HookWorkspace,
  type TestRunRecord,
} from '../workspace';
import type { RunnerTargets } from './run-target-fields';
import { TestCaseDialog } from './test-case-dialog';
import { TestCaseResult } from './test-case-result';

/**
 * The Tests tab: the hook's saved test cases, "Run all" against the draft, the live
 * code or a version, and per case pass or fail with expected against actual, the console and the
 * time. Arriving from a refused enable or deploy (`state.runTests`) runs them against that code.
 */
export function HookTests({
  workspace,
  targets,
}: {
  workspace: HookWorkspace;
  targets: RunnerTargets;
}) {
  const { hook, style, dirty, saveDraft, tests: state } = workspace;
  const query = useQuery(hookQueries.tests(hook.id));
  const draft = useQuery(hookQueries.draft(hook.id));
  const versions = useQuery(hookQueries.versions(hook.id));
  const run = useRunHookTests(hook.id);
  const remove = useDeleteHookTest(hook.id);
  const [editing, setEditing] = useState<{ testCase?: HookTestCase } | null>(null);
  const [deleting, setDeleting] = useState<HookTestCase | null>(null);
  const location = useLocation();
  const navigate = useNavigate();
  const { target, setTarget, last, setLast, gate } = state;
  const cases = query.data;

  const runAll = async (on: TestTarget) => {
    if (!cases || cases.length === 0 || run.isPending) return;
    // "Draft" means the saved draft: save the editor's edits first, so what runs is what is shown.
    if (on === 'draft' && dirty && !(await saveDraft())) return;
    run.mutate(
      { target: on },
      {
        onSuccess: (result) => {
          setLast({ at: new Date(), run: result, cases });
          const { passed, failed, total } = runSummary(result.cases);
          if (failed === 0)
            toast.success(
              `${total === 1 ? 'The test case passes' : `All ${total} test cases pass`} against ${targetName(result.target)}`,
            );
          else
            toast.error(
              `${failed} of ${total} test ${total === 1 ? 'case fails' : 'cases fail'} against ${targetName(result.target)}`,
              { description: `${passed} passed.` },
            );
        },
        onError: (error) =>
          toast.error('Could not run the test cases', { description: errorMessage(error) }),
      },
    );
  };

  // Sent here by a refused enable or deploy: run against the code that was refused, once.
  const requested = (location.state as { runTests?: TestTarget } | null)?.runTests;
  const arrived = useRef(false);
  useEffect(() => {
    if (requested === undefined || !cases || arrived.current) return;
    arrived.current = true;
    setTarget(requested);
    void navigate('.', { replace: true, state: null });
    void runAll(requested);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void runAll(target);
  };

  const versionList = versions.data?.versions ?? [];
  const live = versionList.find((v) => v.live);
  const hasCases = (cases?.length ?? 0) > 0;
  const gateIsNewer = gate !== null && (!last || last.at < gate.at);

  return (
    <div className="space-y-5">
      <div className="flex items-start justify-between gap-3">
        <p className="text-[13px] text-muted">
          Saved with the hook and run before its code goes live: enabling or deploying code that
          fails one is refused.
        </p>
        {/* The empty state has its own. */}
        {cases?.length !== 0 && (
          <Button size="sm" onClick={() => setEditing({})}>
            <Plus className="size-3.5" aria-hidden />
            New test case
          </Button>
        )}
      </div>

      {hasCases && (
        <form
          onSubmit={submit}
          noValidate
          className="flex flex-wrap items-end gap-3 rounded-lg border border-line bg-subtle/50 p-3"
        >
          <Field label="Run against" className="min-w-40 flex-1">
            {(control) => (
              <Select
                {...control}
                value={String(target)}
                onChange={(e) => setTarget(parseTarget(e.target.value))}
              >
                <option value="draft">
                  {draft.data && !draft.data.has_draft ? 'Draft (same as live)' : 'Draft'}
                </option>
                <option value="live">{live ? `Live (version ${live.number})` : 'Live'}</option>
                {typeof target === 'number' && !versionList.some((v) => v.number === target) && (
                  <option value={target}>Version {target}</option>
                )}
                {versionList.map((v) => (
                  <option key={v.id} value={v.number}>
                    Version {v.number}
                    {v.live ? ' (live)' : ''}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button
            type="submit"
            variant="primary"
            pending={run.isPending}
            title={
              target === 'draft' && dirty ? 'Saves your edits as the draft, then runs' : undefined
            }
          >
            {!run.isPending && <Play className="size-4" aria-hidden />}
            {target === 'draft' && dirty ? 'Save and run all' : 'Run all'}
          </Button>
        </form>
      )}

      {/* A deploy refused after the tab's last run: the draft's verdict, not the older (maybe green) one. */}
      {hasCases && gateIsNewer ? (
        <GateSummary gate={gate} />
      ) : (
        last && hasCases && <RunSummary last={last} />
      )}

      {query.isPending ? (
        <LoadingRows label="Loading test cases" rows={3} />
      ) : query.isError ? (
        <ErrorPanel
          title="Could not load the test cases"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : query.data.length === 0 ? (
        <EmptyState
          icon={FlaskConical}
          title="No test cases yet"
          action={
            <Button variant="primary" onClick={() => setEditing({})}>
              <Plus className="size-4" aria-hidden />
              New test case
            </Button>
          }
        >
          A test case is an input (a payload, or an application and API) and what the token must
          carry, or the OAuth error the run must end with.
        </EmptyState>
      ) : (
        <ul aria-label="Test cases" className="divide-y divide-line rounded-lg border border-line">
          {query.data.map((testCase) => (
            <TestCaseRow
              key={testCase.id}
              testCase={testCase}
              last={gateIsNewer ? null : last}
              names={{
                application: targets.applications?.find(
                  (a) => a.client_id === testCase.input.client_id,
                )?.name,
                api: targets.apis?.find((a) => a.identifier === testCase.input.audience)?.name,
              }}
              onEdit={() => setEditing({ testCase })}
              onDelete={() => setDeleting(testCase)}
            />
          ))}
        </ul>
      )}

      <TestCaseDialog
        hook={hook}
        editing={editing}
        onClose={() => setEditing(null)}
        sample={samplePayload(hook, style)}
        targets={targets}
      />

      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete test case?"
        confirmLabel="Delete test case"
        danger
        pending={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting, {
            onSuccess: () => {
              toast.success(`Test case “${deleting.name}” deleted`);
              setDeleting(null);
            },
            onError: (error) =>
              toast.error('Could not delete the test case', { description: errorMessage(error) }),
          })
        }
      >
        <p>
          <span className="font-medium text-fg">{deleting?.name}</span> no longer runs, and no
          longer guards enabling or deploying {hook.name}.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function GateSummary({ gate }: { gate: GateVerdict }) {
  return (
    <section
      aria-label="Test results"
      className="space-y-1 rounded-lg bg-danger-soft px-3 py-2 text-[13px]"
    >
      <p role="status" className="flex items-center gap-1.5 font-semibold text-danger-text">
        <CircleX className="size-4" aria-hidden />
        The draft fails {gate.failing.length} of {gate.total}{' '}
        {gate.total === 1 ? 'test case' : 'test cases'}
      </p>
      <p className="text-muted">
        So the deploy at{' '}
        <time dateTime={gate.at.toISOString()} className="tabular-nums">
          {gate.at.toLocaleTimeString()}
        </time>{' '}
        was refused. Failing: {gate.failing.map((c) => c.name).join(', ')}. Run all against the
        draft to see each difference.
      </p>
    </section>
  );
}

function RunSummary({ last }: { last: TestRunRecord }) {
  const { passed, failed, total } = runSummary(last.run.cases);
  const ok = failed === 0;
  return (
    <section
      aria-label="Test results"
      className={cn(
        'flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-3 py-2 text-[13px]',
        ok ? 'bg-success-soft' : 'bg-danger-soft',
      )}
    >
      <span
        role="status"
        className={cn(
          'flex items-center gap-1.5 font-semibold',
          ok ? 'text-success-text' : 'text-danger-text',
        )}
      >
        {ok ? (
          <CircleCheck className="size-4" aria-hidden />
        ) : (
          <CircleX className="size-4" aria-hidden />
        )}
        {passed} passed, {failed} failed
      </span>
      <span className="text-muted">
        of {total} against {targetName(last.run.target)} at{' '}
        <time dateTime={last.at.toISOString()} className="tabular-nums">
          {last.at.toLocaleTimeString()}
        </time>
      </span>
    </section>
  );
}

function TestCaseRow({
  testCase,
  last,
  names,
  onEdit,
  onDelete,
}: {
  testCase: HookTestCase;
  last: TestRunRecord | null;
  names: { application?: string; api?: string };
  onEdit: () => void;
  onDelete: () => void;
}) {
  const result = last?.run.cases.find((c) => c.id === testCase.id);
  const status = result ? (result.passed ? 'Passed' : 'Failed') : 'Not run';
  const Icon = result ? (result.passed ? CircleCheck : CircleX) : CircleDashed;

  return (
    <li aria-label={testCase.name} className="px-3 py-2.5">
      <div className="flex items-start gap-2.5">
        <Icon
          role="img"
          aria-label={status}
          className={cn(
            'mt-0.5 size-4 shrink-0',
            result ? (result.passed ? 'text-success-text' : 'text-danger-text') : 'text-faint',
          )}
        />
        <div className="min-w-0 flex-1">
          <p className="text-[13px] font-medium break-words text-fg">{testCase.name}</p>
          <p className="text-xs text-muted">
            {describeInput(testCase.input, names)} · {describeExpect(testCase.expect)}
          </p>
        </div>
        {result && (
          <span className="mt-0.5 text-xs text-muted tabular-nums">
            {formatDuration(result.duration_ms)}
          </span>
        )}
        <div className="-mt-1 -mr-1.5 flex items-center">
          <IconButton size="sm" label={`Edit ${testCase.name}`} title="Edit" onClick={onEdit}>
            <Pencil className="size-3.5" aria-hidden />
          </IconButton>
          <IconButton
            size="sm"
            danger
            label={`Delete ${testCase.name}`}
            title="Delete"
            onClick={onDelete}
          >
            <Trash2 className="size-3.5" aria-hidden />
          </IconButton>
        </div>
      </div>
      {result && (
        // A failure opens with its difference; a pass keeps its details a click away.
        <details open={!result.passed} className="group mt-2 ml-6.5">
          <summary className="flex w-fit cursor-pointer list-none items-center gap-1 text-xs font-medium text-muted hover:text-fg">
            <ChevronRight
              className="size-3.5 transition-transform group-open:rotate-90"
              aria-hidden
            />
            {result.passed ? 'Details' : 'Difference'}
          </summary>
          <div className="mt-2">
            <TestCaseResult result={result} />
          </div>
        </details>
      )}
    </li>
  );
}
