import { useState, type FormEvent } from 'react';
import { ApiError } from '@/shared/api-error';
import type { HookTestCase } from '@/shared/schemas/hook-test';
import { useCreateHookTest, useReplaceHookTest } from '@/web/data/hooks/test-mutations';
import { apiFieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { toast } from '@/web/lib/toast';
import {
  emptyTestCaseForm,
  testCaseFieldErrors,
  testCaseFromForm,
  testCaseToForm,
  type TestCaseField,
  type TestCaseForm,
} from './test-cases';

export type TestCaseErrors = Partial<Record<TestCaseField, string>>;

/** Applies a change to the form's values. */
export type UpdateTestCaseForm = (patch: Partial<TestCaseForm>) => void;

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

/**
 * The test case form's values, their errors (from the shared rules on submit, or from a 400 that
 * names fields) and the save: a new case, or `testCase` replaced in place.
 */
export function useTestCaseForm({
  hookId,
  testCase,
  sample,
  onSaved,
}: {
  hookId: string;
  testCase?: HookTestCase;
  sample: Record<string, unknown>;
  onSaved: () => void;
}) {
  const create = useCreateHookTest(hookId);
  const replace = useReplaceHookTest(hookId);
  const [form, setForm] = useState<TestCaseForm>(() =>
    testCase ? testCaseToForm(testCase, sample) : emptyTestCaseForm(sample),
  );
  const [errors, setErrors] = useState<TestCaseErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const update: UpdateTestCaseForm = (patch) => {
    setForm((current) => ({ ...current, ...patch }));
    // An edited field's error goes; so does "expect something" once the expectations change.
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as (keyof TestCaseForm)[])
        for (const field of affects[key]) delete next[field];
      return next;
    });
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
      onSaved();
    };
    if (testCase)
      replace.mutate({ old: testCase, input: result.value }, { onSuccess: done, onError });
    else create.mutate(result.value, { onSuccess: done, onError });
  };

  return {
    form,
    update,
    errors,
    serverError,
    submit,
    pending: create.isPending || replace.isPending,
  };
}
