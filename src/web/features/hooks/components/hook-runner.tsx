import { useEffect, useId, useRef, type FormEvent } from 'react';
import { ChevronRight, Play, RotateCcw } from 'lucide-react';
import { hookPoint } from '@/shared/hook-points';
import { Button } from '@/web/components/ui/button';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Segmented } from '@/web/components/ui/segmented';
import { Textarea } from '@/web/components/ui/textarea';
import { cn } from '@/web/lib/cn';
import { errorMessage } from '@/web/lib/query-client';
import { useTryHook } from '@/web/data/hooks/test-mutations';
import { formatDuration } from '../outcome';
import { samplePayload, type HookWorkspace, type RunRecord, type RunnerForm } from '../workspace';
import { OutcomeBadge, RunResult } from './run-result';
import { RunTargetFields, type RunnerTargets } from './run-target-fields';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Runs the editor's draft, saved or not, without saving it and without issuing a token (Auth0's
 * Runner had to save first). Credentials-exchange hooks can also run against a stored application
 * and API, with the scopes actually granted.
 */
export function HookRunner({
  workspace,
  targets,
}: {
  workspace: HookWorkspace;
  targets: RunnerTargets;
}) {
  const { hook, getDraft, runner, style } = workspace;
  const { form, setForm, runs, addRun, runRef } = runner;
  const point = hookPoint(hook.triggerId);
  const tryHook = useTryHook(hook.id);
  const modeId = useId();
  const canUseApplication = hook.triggerId === 'credentials-exchange';
  const mode = canUseApplication ? form.mode : 'payload';
  const update = (patch: Partial<RunnerForm>) => setForm({ ...form, ...patch });

  let payloadError: string | undefined;
  let payload: Record<string, unknown> | undefined;
  if (mode === 'payload') {
    try {
      const parsed: unknown = JSON.parse(form.payload);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        payload = parsed as Record<string, unknown>;
      else payloadError = 'The payload must be a JSON object, keyed by parameter name.';
    } catch (error) {
      payloadError = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const ready =
    mode === 'payload' ? payload !== undefined : Boolean(form.clientId && form.audience);

  const run = () => {
    if (!ready || tryHook.isPending) return;
    const app = targets.applications?.find((a) => a.client_id === form.clientId);
    const api = targets.apis?.find((a) => a.identifier === form.audience);
    const target =
      mode === 'payload'
        ? 'Payload'
        : `${app?.name ?? form.clientId} → ${api?.name ?? form.audience}`;
    const script = getDraft();
    const body =
      mode === 'payload'
        ? { script, payload }
        : { script, client_id: form.clientId, audience: form.audience };
    tryHook.mutate(body, {
      onSuccess: (response) => addRun({ target, response }),
      onError: (error) => addRun({ target, error: errorMessage(error) }),
    });
  };
  useEffect(() => {
    runRef.current = run;
    return () => {
      runRef.current = null;
    };
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run();
  };

  const [latest, ...history] = runs;
  // A new result is brought into view (Ctrl+Enter runs from the editor, the panel may be scrolled);
  // results already there when the tab opens are not.
  const latestRef = useRef<HTMLElement>(null);
  const shownRun = useRef(latest?.id);
  useEffect(() => {
    if (!latest || latest.id === shownRun.current) return;
    shownRun.current = latest.id;
    latestRef.current?.scrollIntoView({ block: 'nearest' });
  }, [latest]);

  return (
    <div className="space-y-5">
      <form onSubmit={submit} noValidate className="space-y-4">
        <p className="text-[13px] text-muted">
          Runs the code in the editor, saved or not. Nothing is saved and no token is issued; the
          run shows in the Logs.
        </p>
        {canUseApplication && (
          <fieldset>
            <legend id={modeId} className="mb-1.5 text-[13px] font-medium">
              Run against
            </legend>
            <Segmented
              labelledBy={modeId}
              value={form.mode}
              onChange={(mode) => update({ mode })}
              options={[
                { value: 'payload', label: 'Sample payload' },
                { value: 'application', label: 'Application and API' },
              ]}
            />
          </fieldset>
        )}

        {mode === 'payload' ? (
          <Field
            label={
              <span className="flex items-center justify-between">
                Payload
                <button
                  type="button"
                  onClick={() =>
                    update({ payload: JSON.stringify(samplePayload(hook, style), null, 2) })
                  }
                  className="inline-flex cursor-pointer items-center gap-1 text-xs font-normal text-muted hover:text-fg"
                >
                  <RotateCcw className="size-3" aria-hidden />
                  Reset to sample
                </button>
              </span>
            }
            hint={
              style === 'actions' && canUseApplication
                ? 'The Hook arguments, for both styles: an Action gets event built from them (client → event.client and event.tenant, scope → event.accessToken.scope, audience → event.resource_server, context → event.request and event.transaction.requested_scopes).'
                : `The arguments by name: ${point.params.join(', ')}.`
            }
            error={payloadError}
          >
            {(control) => (
              <Textarea
                {...control}
                value={form.payload}
                onChange={(e) => update({ payload: e.target.value })}
                spellCheck={false}
                rows={9}
                className="font-mono text-xs leading-relaxed"
              />
            )}
          </Field>
        ) : (
          <RunTargetFields
            targets={targets}
            clientId={form.clientId}
            audience={form.audience}
            onChange={update}
          />
        )}

        <div className="flex items-center gap-3">
          <Button
            type="submit"
            variant="primary"
            disabled={!ready}
            pending={tryHook.isPending}
            aria-keyshortcuts="Control+Enter Meta+Enter"
          >
            {!tryHook.isPending && <Play className="size-4" aria-hidden />}
            Run
          </Button>
          <span className="text-xs text-faint">{isMac ? '⌘' : 'Ctrl'}+Enter in the editor</span>
        </div>
      </form>

      {latest && (
        <section
          ref={latestRef}
          aria-label="Latest run"
          className="scroll-mt-16 rounded-lg border border-line p-4"
        >
          <RunHeading run={latest} />
          <div className="mt-3">
            {latest.response ? (
              <RunResult response={latest.response} />
            ) : (
              <FormAlert>{latest.error}</FormAlert>
            )}
          </div>
        </section>
      )}

      {history.length > 0 && (
        <section aria-label="History">
          <h3 className="mb-2 text-xs font-medium tracking-wide text-muted uppercase">History</h3>
          <ul className="divide-y divide-line rounded-lg border border-line">
            {history.map((run) => (
              <li key={run.id}>
                <details className="group">
                  <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2 text-[13px] hover:bg-subtle/60">
                    <ChevronRight
                      className="size-3.5 text-muted transition-transform group-open:rotate-90"
                      aria-hidden
                    />
                    <RunHeading run={run} compact />
                  </summary>
                  <div className="border-t border-line px-3 py-3">
                    {run.response ? (
                      <RunResult response={run.response} />
                    ) : (
                      <FormAlert>{run.error}</FormAlert>
                    )}
                  </div>
                </details>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function RunHeading({ run, compact }: { run: RunRecord; compact?: boolean }) {
  return (
    <span className={cn('flex min-w-0 flex-1 items-center gap-2', !compact && 'text-[13px]')}>
      <time className="text-muted tabular-nums" dateTime={run.at.toISOString()}>
        {run.at.toLocaleTimeString()}
      </time>
      <span className="truncate text-fg">{run.target}</span>
      <span className="ml-auto flex items-center gap-2">
        {run.response ? (
          <>
            {compact && <OutcomeBadge response={run.response} />}
            <span className="text-muted tabular-nums">
              {formatDuration(run.response.duration_ms)}
            </span>
          </>
        ) : (
          <span className="text-danger-text">Not run</span>
        )}
      </span>
    </span>
  );
}
