import { useId, type ReactNode } from 'react';
import { Plus, X } from 'lucide-react';
import { hookOAuthErrorSchema } from '@/shared/schemas/hook-test';
import { Button } from '@/web/components/ui/button';
import { Field } from '@/web/components/ui/field';
import { Input } from '@/web/components/ui/input';
import { Segmented } from '@/web/components/ui/segmented';
import { Select } from '@/web/components/ui/select';
import { cn } from '@/web/lib/cn';
import type { TestCaseForm } from '../test-cases';
import type { TestCaseErrors, UpdateTestCaseForm } from '../use-test-case-form';

interface ExpectationProps {
  form: TestCaseForm;
  update: UpdateTestCaseForm;
  errors: TestCaseErrors;
}

/** Claim names, values and scopes: typed as code. */
const codeInput = {
  className: 'font-mono text-[13px]',
  autoComplete: 'off',
  spellCheck: false,
} as const;

/** What the run must come to: a token with these claims and scopes, or this OAuth error. */
export function TestCaseExpectations({ form, update, errors }: ExpectationProps) {
  const outcomeId = useId();
  const expectId = useId();
  return (
    <fieldset
      className="space-y-4"
      aria-describedby={errors.expect ? `${expectId}-error` : undefined}
    >
      <legend id={outcomeId} className="mb-1.5 text-[13px] font-medium">
        Expectations
      </legend>
      <Segmented
        labelledBy={outcomeId}
        value={form.outcome}
        onChange={(outcome) => update({ outcome })}
        options={[
          { value: 'token', label: 'A token' },
          { value: 'error', label: 'An OAuth error' },
        ]}
      />
      {form.outcome === 'token' ? (
        <>
          <ClaimRows form={form} update={update} errors={errors} />
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
          <ScopeExpectation form={form} update={update} errors={errors} />
        </>
      ) : (
        <ErrorExpectation form={form} update={update} errors={errors} />
      )}
      {errors.expect && (
        <p id={`${expectId}-error`} className="text-[13px] text-danger-text">
          {errors.expect}
        </p>
      )}
    </fieldset>
  );
}

/** "Claims with values": name and value rows, added and removed one at a time. */
function ClaimRows({ form, update, errors }: ExpectationProps) {
  const claimsId = useId();
  const setClaim = (index: number, patch: Partial<TestCaseForm['claims'][number]>) =>
    update({ claims: form.claims.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  const removeClaim = (index: number) =>
    update({
      claims:
        form.claims.length > 1
          ? form.claims.filter((_, j) => j !== index)
          : [{ name: '', value: '' }],
    });
  return (
    <div role="group" aria-labelledby={claimsId} className="flex flex-col gap-1.5">
      <span id={claimsId} className="text-[13px] font-medium">
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
            onClick={() => removeClaim(i)}
          >
            <X className="size-4" aria-hidden />
          </Button>
        </div>
      ))}
      <FieldNote error={errors.claims}>
        A value that reads as JSON is compared as JSON (<code className="font-mono">42</code>,{' '}
        <code className="font-mono">true</code>, <code className="font-mono">["a"]</code>,{' '}
        <code className="font-mono">"42"</code>); anything else as text.
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
  );
}

/** "Check the scopes" and, when checked, the token's exact scopes. */
function ScopeExpectation({ form, update, errors }: ExpectationProps) {
  return (
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
  );
}

/** The OAuth error code the run must end with and, optionally, its exact description. */
function ErrorExpectation({ form, update, errors }: ExpectationProps) {
  return (
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
  );
}

function FieldNote({ error, children }: { error?: string; children: ReactNode }) {
  return (
    <p className={cn('text-[13px]', error ? 'text-danger-text' : 'text-muted')}>
      {error ?? children}
    </p>
  );
}
