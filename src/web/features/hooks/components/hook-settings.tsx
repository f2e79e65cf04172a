import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { toast } from '@/web/lib/toast';
import { hookPoint } from '@/shared/hook-points';
import { DEFAULT_HOOK_TIMEOUT_MS, hookUpdateSchema, type Hook } from '@/shared/schemas/hook';
import { Button } from '@/web/components/ui/button';
import { DeleteZone } from '@/web/components/ui/delete-zone';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import type { Tagged } from '@/shared/api-client';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { useDeleteHook, useUpdateHook } from '@/web/data/hooks/mutations';

/** Rename, time limit (seconds, 0.1–20), delete. The form is built once the hook has loaded. */
export function HookSettings({ tagged }: { tagged: Tagged<Hook> }) {
  const hook = tagged.data;
  const update = useUpdateHook(hook.id);
  const [name, setName] = useState(hook.name);
  const [seconds, setSeconds] = useState(String(hook.timeout_ms / 1000));
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const timeout = Number(seconds);
    const found: FieldErrors = {};
    if (seconds.trim() === '' || !Number.isFinite(timeout) || timeout < 0.1 || timeout > 20)
      found.timeout_ms = 'Between 0.1 and 20 seconds';
    const parsed = hookUpdateSchema.safeParse({ name, timeout_ms: Math.round(timeout * 1000) });
    const nameIssue = parsed.success ? undefined : fieldErrors(parsed.error).name;
    if (!name.trim()) found.name = 'Required';
    else if (nameIssue) found.name = nameIssue;
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    // If-Match: a rename over someone else's newer change is refused rather than lost.
    update.mutate(
      { patch: parsed.data, ifMatch: tagged.etag },
      { onSuccess: () => toast.success('Settings saved') },
    );
  };

  return (
    <div className="space-y-6">
      <form onSubmit={submit} noValidate className="space-y-4">
        {update.isError && <FormAlert>{errorMessage(update.error)}</FormAlert>}
        <Field label="Name" error={errors.name} hint="Letters, digits, spaces and '-'.">
          {(control) => (
            <Input
              {...control}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="Time limit (seconds)"
          error={errors.timeout_ms}
          hint={`How long a run may take before it fails with server_error: 0.1 to 20 seconds (default ${DEFAULT_HOOK_TIMEOUT_MS / 1000}).`}
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="decimal"
              min={0.1}
              max={20}
              step={0.1}
              value={seconds}
              onChange={(e) => setSeconds(e.target.value)}
              className="max-w-32 tabular-nums"
            />
          )}
        </Field>
        <Field label="Extensibility point" hint="It cannot be changed.">
          {(control) => (
            <Input {...control} value={hookPoint(hook.triggerId).displayName} readOnly />
          )}
        </Field>
        <div className="flex justify-end border-t border-line pt-4">
          <Button type="submit" variant="primary" pending={update.isPending}>
            Save settings
          </Button>
        </div>
      </form>
      <DeleteHook hook={hook} />
    </div>
  );
}

function DeleteHook({ hook }: { hook: Hook }) {
  const navigate = useNavigate();
  const remove = useDeleteHook();
  return (
    <DeleteZone
      what="hook"
      name={hook.name}
      summary="Its code, secrets and logs go with it."
      pending={remove.isPending}
      onDelete={() =>
        remove.mutate(hook.id, {
          onSuccess: () => {
            toast.success(`Hook “${hook.name}” deleted`);
            void navigate('/hooks', { replace: true });
          },
        })
      }
    >
      <p>
        <span className="font-medium text-fg">{hook.name}</span> will be deleted with its secrets
        and logs.
        {hook.enabled && ' It is enabled: tokens are issued without it from now on.'} This cannot be
        undone.
      </p>
    </DeleteZone>
  );
}
