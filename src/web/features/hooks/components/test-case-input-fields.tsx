import { useId } from 'react';
import { RotateCcw } from 'lucide-react';
import type { Hook } from '@/shared/schemas/hook';
import { LazyCodeEditor } from '@/web/components/lazy-code-editor';
import { Segmented } from '@/web/components/ui/segmented';
import { cn } from '@/web/lib/cn';
import type { TestCaseForm } from '../test-cases';
import type { TestCaseErrors, UpdateTestCaseForm } from '../use-test-case-form';
import { RunTargetFields, type RunnerTargets } from './run-target-fields';

interface TestCaseInputFieldsProps {
  hook: Hook;
  /** The case being edited (names the payload editor's model); none for a new case. */
  testCaseId?: string;
  form: TestCaseForm;
  update: UpdateTestCaseForm;
  errors: TestCaseErrors;
  sample: Record<string, unknown>;
  targets: RunnerTargets;
}

/** The case's input: a payload, or (on credentials-exchange) a real application and API. */
export function TestCaseInputFields({
  hook,
  testCaseId,
  form,
  update,
  errors,
  sample,
  targets,
}: TestCaseInputFieldsProps) {
  const inputId = useId();
  const payloadId = useId();
  const canUseApplication = hook.triggerId === 'credentials-exchange';
  return (
    <fieldset className="space-y-3">
      <legend id={inputId} className="mb-1.5 text-[13px] font-medium">
        Input
      </legend>
      {canUseApplication && (
        <Segmented
          labelledBy={inputId}
          value={form.input}
          onChange={(input) => update({ input })}
          options={[
            { value: 'payload', label: 'Payload' },
            { value: 'application', label: 'Application and API' },
          ]}
        />
      )}
      {form.input === 'payload' || !canUseApplication ? (
        <div
          role="group"
          aria-labelledby={payloadId}
          aria-describedby={`${payloadId}-note`}
          className="flex flex-col gap-1.5"
        >
          <span className="flex items-center justify-between">
            <span id={payloadId} className="text-[13px] font-medium">
              Payload
            </span>
            <button
              type="button"
              onClick={() => update({ payload: JSON.stringify(sample, null, 2) })}
              className="inline-flex cursor-pointer items-center gap-1 text-xs text-muted hover:text-fg"
            >
              <RotateCcw className="size-3" aria-hidden />
              Reset to sample
            </button>
          </span>
          <div
            className={cn(
              'overflow-hidden rounded-lg border',
              errors.payload ? 'border-danger' : 'border-line-strong',
            )}
          >
            <LazyCodeEditor
              language="json"
              label="Payload (JSON)"
              path={`hook-${hook.id}-test-${testCaseId ?? 'new'}-payload`}
              value={form.payload}
              onChange={(payload) => update({ payload })}
              className="h-56"
            />
          </div>
          <p
            id={`${payloadId}-note`}
            className={cn('text-[13px]', errors.payload ? 'text-danger-text' : 'text-muted')}
          >
            {errors.payload ??
              'The hook’s arguments by name, as in the Runner: the point’s sample to start from.'}
          </p>
        </div>
      ) : (
        <RunTargetFields
          columns
          targets={targets}
          clientId={form.clientId}
          audience={form.audience}
          onChange={update}
          errors={{ clientId: errors.clientId, audience: errors.audience }}
        />
      )}
    </fieldset>
  );
}
