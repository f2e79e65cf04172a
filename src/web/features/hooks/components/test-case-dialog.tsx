import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Plus, RotateCcw, X } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { ApiError } from '@/shared/api-error';
import type { Hook } from '@/shared/schemas/hook';
import { hookOAuthErrorSchema, type HookTestCase } from '@/shared/schemas/hook-test';
import { LazyCodeEditor } from '@/web/components/lazy-code-editor';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { Segmented } from '@/web/components/ui/segmented';
import { Select } from '@/web/components/ui/select';
import { cn } from '@/web/lib/cn';
import { apiFieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { useCreateHookTest, useReplaceHookTest } from '@/web/data/hooks/test-mutations';
import {
  emptyTestCaseForm,
  testCaseFieldErrors,
  testCaseFromForm,
  testCaseToForm,
  type TestCaseField,
  type TestCaseForm,
} from '../test-cases';
import { RunTargetFields, type RunnerTargets } from './run-target-fields';

interface TestCaseDialogProps {
  hook: Hook;
  /** Open for a new case (`{}`) or to edit one (`{ testCase }`); `null` is closed. */
  editing: { testCase?: HookTestCase } | null;
  onClose: () => void;
  /** The point's sample payload, for new cases and "Reset to sample". */
  sample: Record<string, unknown>;
  targets: RunnerTargets;
}

/** "New test case" and "Edit test case": a name, an input, and what the run must come to. */
export function TestCaseDialog({ hook, editing, onClose, sample, targets }: TestCaseDialogProps) {
  return (
    <Dialog
      open={editing !== null}
      onClose={onClose}
      size="lg"
      title={editing?.testCase ? 'Edit test case' : 'New test case'}
      description="Saved with the hook. Enabling or deploying code that fails a saved case is refused."
    >
      {editing && (
        <TestCaseFormBody
          hook={hook}
          testCase={editing.testCase}
          onClose={onClose}
          sample={sample}
          targets={targets}
        />
      )}
    </Dialog>
  );
}

type Errors = Partial<Record<TestCaseField, string>>;

/** Claim names, values and scopes: typed as code. */
const codeInput = {
  className: 'font-mono text-[13px]',
  autoComplete: 'off',
  spellCheck: false,
} as const;

/** The errors a change to a form value makes stale. */
const affects: Record<keyof TestCaseForm, TestCaseField[]> = {
  name: ['name'],
  input: ['payload', 'clientId', 'audience'],
  payload: ['payload'],
  clientId: ['clientId'],
  audience: ['audience'],
  outcome: ['expect', 'claims', 'absent', 'scope', 'error', 'errorDescription'],
  claims: ['claims', 'absent', 'expect'],
  absent: ['absent', 'expect'],
  checkScope: ['scope', 'expect'],
  scope: ['scope', 'expect'],
  error: ['error'],
  errorDescription: ['errorDescription'],
};

function TestCaseFormBody({
  hook,
  testCase,
  onClose,
  sample,
  targets,
}: Omit<TestCaseDialogProps, 'editing'> & { testCase?: HookTestCase }) {
  const create = useCreateHookTest(hook.id);
  const replace = useReplaceHookTest(hook.id);
  const [form, setForm] = useState<TestCaseForm>(() =>
    testCase ? testCaseToForm(testCase, sample) : emptyTestCaseForm(sample),
  );
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const update = (patch: Partial<TestCaseForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    // An edited field's error goes; so does "expect something" once the expectations change.
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as (keyof TestCaseForm)[])
        for (const field of affects[key]) delete next[field];
      return next;
    });
  };
  const canUseApplication = hook.triggerId === 'credentials-exchange';
  const ids = {
    input: useId(),
    outcome: useId(),
    payload: useId(),
    claims: useId(),
    expect: useId(),
  };

  const onError = (error: unknown) => {
    // A 400 names the fields (the server validates with the same schema); anything else goes on top.
    const byField =
      error instanceof ApiError && error.status === 400
        ? testCaseFieldErrors(apiFieldErrors(error.body.message))
        : {};
    const { _form, ...fields } = byField;
    setErrors(fields);
    setServerError(
      Object.keys(fields).length > 0 && !_form ? null : (_form ?? errorMessage(error)),
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = testCaseFromForm(form);
    setServerError(null);
    if (!result.ok) {
      const { _form, ...fields } = result.errors;
      setErrors(fields);
      setServerError(_form ?? null);
      return;
    }
    setErrors({});
    const done = (saved: HookTestCase) => {
      toast.success(
        testCase ? `Test case “${saved.name}” saved` : `Test case “${saved.name}” added`,
        { description: 'Run all to see it pass or fail.' },
      );
      onClose();
    };
    if (testCase)
      replace.mutate({ old: testCase, input: result.value }, { onSuccess: done, onError });
    else create.mutate(result.value, { onSuccess: done, onError });
  };

  const setClaim = (index: number, patch: Partial<TestCaseForm['claims'][number]>) =>
    update({ claims: form.claims.map((row, i) => (i === index ? { ...row, ...patch } : row)) });

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {serverError && <FormAlert>{serverError}</FormAlert>}
      <Field label="Name" error={errors.name}>
        {(control) => (
          <Input
            {...control}
            value={form.name}
            onChange={(e) => update({ name: e.target.value })}
            placeholder="adds the plan claim"
            autoComplete="off"
            autoFocus
          />
        )}
      </Field>

      <fieldset className="space-y-3">
        <legend id={ids.input} className="mb-1.5 text-[13px] font-medium">
          Input
        </legend>
        {canUseApplication && (
          <Segmented
            labelledBy={ids.input}
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
            aria-labelledby={ids.payload}
            aria-describedby={`${ids.payload}-note`}
            className="flex flex-col gap-1.5"
          >
            <span className="flex items-center justify-between">
              <span id={ids.payload} className="text-[13px] font-medium">
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
                path={`hook-${hook.id}-test-${testCase?.id ?? 'new'}-payload`}
                value={form.payload}
                onChange={(payload) => update({ payload })}
                className="h-56"
              />
            </div>
            <p
              id={`${ids.payload}-note`}
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

      <fieldset
        className="space-y-4"
        aria-describedby={errors.expect ? `${ids.expect}-error` : undefined}
      >
        <legend id={ids.outcome} className="mb-1.5 text-[13px] font-medium">
          Expectations
        </legend>
        <Segmented
          labelledBy={ids.outcome}
          value={form.outcome}
          onChange={(outcome) => update({ outcome })}
          options={[
            { value: 'token', label: 'A token' },
            { value: 'error', label: 'An OAuth error' },
          ]}
        />
        {form.outcome === 'token' ? (
          <>
            <div role="group" aria-labelledby={ids.claims} className="flex flex-col gap-1.5">
              <span id={ids.claims} className="text-[13px] font-medium">
                Claims with values
              </span>
              {form.claims.map((row, i) => (
                <div key={i} className="flex items-center gap-2">
                  <Input
                    aria-label={`Claim ${i + 1} name`}
                    aria-invalid={errors.claims ? true : undefined}
                    value={row.name}
                    onChange={(e) => setClaim(i, { name: e.target.value })}
                    placeholder="https://example.com/plan"
                    {...codeInput}
                  />
                  <Input
                    aria-label={`Claim ${i + 1} value`}
                    aria-invalid={errors.claims ? true : undefined}
                    value={row.value}
                    onChange={(e) => setClaim(i, { value: e.target.value })}
                    placeholder="gold"
                    {...codeInput}
                  />
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove claim ${i + 1}`}
                    title="Remove"
                    onClick={() =>
                      update({
                        claims:
                          form.claims.length > 1
                            ? form.claims.filter((_, j) => j !== i)
                            : [{ name: '', value: '' }],
                      })
                    }
                  >
                    <X className="size-4" aria-hidden />
                  </Button>
                </div>
              ))}
              <FieldNote error={errors.claims}>
                A value that reads as JSON is compared as JSON (
                <code className="font-mono">42</code>, <code className="font-mono">true</code>,{' '}
                <code className="font-mono">["a"]</code>, <code className="font-mono">"42"</code>);
                anything else as text.
              </FieldNote>
              <div>
                <Button
                  size="sm"
                  variant="ghost"
                  className="-ml-2.5"
                  onClick={() => update({ claims: [...form.claims, { name: '', value: '' }] })}
                >
                  <Plus className="size-3.5" aria-hidden />
                  Add a claim
                </Button>
              </div>
            </div>
            <Field
              label="Claims that must be absent"
              hint="Names, separated by spaces or commas."
              error={errors.absent}
            >
              {(control) => (
                <Input
                  {...control}
                  value={form.absent}
                  onChange={(e) => update({ absent: e.target.value })}
                  {...codeInput}
                />
              )}
            </Field>
            <div className="flex flex-col gap-1.5">
              <label className="flex w-fit cursor-pointer items-center gap-2 text-[13px] font-medium">
                <input
                  type="checkbox"
                  checked={form.checkScope}
                  onChange={(e) => update({ checkScope: e.target.checked })}
                  className="size-4 accent-accent"
                />
                Check the scopes
              </label>
              {form.checkScope && (
                <Field
                  label="Scopes"
                  hint="The token’s exact scopes in any order, separated by spaces; empty for none."
                  error={errors.scope}
                >
                  {(control) => (
                    <Input
                      {...control}
                      value={form.scope}
                      onChange={(e) => update({ scope: e.target.value })}
                      placeholder="read:data write:data"
                      {...codeInput}
                    />
                  )}
                </Field>
              )}
            </div>
          </>
        ) : (
          <div className="grid gap-4 sm:grid-cols-[12rem_minmax(0,1fr)]">
            <Field label="Error" error={errors.error}>
              {(control) => (
                <Select
                  {...control}
                  value={form.error}
                  onChange={(e) =>
                    update({
                      error: hookOAuthErrorSchema.catch('invalid_scope').parse(e.target.value),
                    })
                  }
                >
                  {hookOAuthErrorSchema.options.map((code) => (
                    <option key={code} value={code}>
                      {code}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field
              label="Error description"
              hint="Optional; when given, it must match exactly."
              error={errors.errorDescription}
            >
              {(control) => (
                <Input
                  {...control}
                  value={form.errorDescription}
                  onChange={(e) => update({ errorDescription: e.target.value })}
                  autoComplete="off"
                />
              )}
            </Field>
          </div>
        )}
        {errors.expect && (
          <p id={`${ids.expect}-error`} className="text-[13px] text-danger-text">
            {errors.expect}
          </p>
        )}
      </fieldset>

      <DialogFooter>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" pending={create.isPending || replace.isPending}>
          Save test case
        </Button>
      </DialogFooter>
    </form>
  );
}

function FieldNote({ error, children }: { error?: string; children: ReactNode }) {
  return (
    <p className={cn('text-[13px]', error ? 'text-danger-text' : 'text-muted')}>
      {error ?? children}
    </p>
  );
}
