import { useState, type FormEvent } from 'react';
import { toast } from '@/web/lib/toast';
import { hookPoint, hookPoints } from '@/shared/hook-points';
import { hookNameSchema, hookTriggerSchema, type HookTrigger } from '@/shared/schemas/hook';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { Select } from '@/web/components/ui/select';
import { fieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { cn } from '@/web/lib/cn';
import { useCreateHook } from '@/web/data/hooks/mutations';
import { actionsStarter, styleLabels, type HookStyle } from '../style';

const styleHints: Record<HookStyle, string> = {
  hook: 'function (client, scope, audience, context, cb). May add any scope.',
  actions: 'onExecuteCredentialsExchange(event, api). Scopes stay within the grant.',
};

interface CreateHookDialogProps {
  open: boolean;
  onClose: () => void;
  /** The point to preselect (a section's own "Create" button). */
  triggerId?: HookTrigger;
}

/** Auth0's "New Hook" pop-up: an extensibility point and a name; the hook starts disabled. */
export function CreateHookDialog({ open, onClose, triggerId }: CreateHookDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New Hook"
      description="It starts disabled, with starter code for its extensibility point."
    >
      <CreateHookForm onClose={onClose} initialTrigger={triggerId ?? 'credentials-exchange'} />
    </Dialog>
  );
}

function nameError(name: string): string | undefined {
  if (!name.trim()) return 'Required';
  const parsed = hookNameSchema.safeParse(name);
  return parsed.success ? undefined : fieldErrors(parsed.error)._form;
}

function CreateHookForm({
  onClose,
  initialTrigger,
}: {
  onClose: () => void;
  initialTrigger: HookTrigger;
}) {
  const create = useCreateHook();
  const [trigger, setTrigger] = useState<HookTrigger>(initialTrigger);
  const [name, setName] = useState('');
  const [style, setStyle] = useState<HookStyle>('hook');
  const styled = trigger === 'credentials-exchange';
  // Checked as you type once something was typed; on submit for an untouched field.
  const [touched, setTouched] = useState(false);
  const error = touched ? nameError(name) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (nameError(name)) return;
    const point = hookPoint(trigger);
    create.mutate(
      {
        name,
        triggerId: trigger,
        script: styled && style === 'actions' ? actionsStarter : point.starterCode,
      },
      {
        onSuccess: (hook) => {
          toast.success(`Hook “${hook.name}” created`, {
            description: `Under ${point.displayName}, disabled.`,
          });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {create.isError && <FormAlert>{errorMessage(create.error)}</FormAlert>}
      <Field label="Hook" hint={hookPoint(trigger).description}>
        {(control) => (
          <Select
            {...control}
            value={trigger}
            onChange={(e) => setTrigger(hookTriggerSchema.parse(e.target.value))}
          >
            {hookPoints.map((p) => (
              <option key={p.triggerId} value={p.triggerId}>
                {p.displayName}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {styled && (
        <fieldset>
          <legend className="mb-1.5 text-[13px] font-medium">Code style</legend>
          <div className="grid grid-cols-2 gap-2">
            {(['hook', 'actions'] as const).map((value) => (
              <div
                key={value}
                onClick={() => setStyle(value)}
                className={cn(
                  'flex cursor-pointer flex-col gap-1 rounded-lg border px-3 py-2.5 transition-colors has-focus-visible:outline-2 has-focus-visible:outline-ring',
                  style === value
                    ? 'border-accent bg-accent-soft/60'
                    : 'border-line hover:border-line-strong',
                )}
              >
                <label className="flex cursor-pointer items-center gap-2 text-[13px] font-medium">
                  <input
                    aria-describedby={`hook-style-${value}-hint`}
                    type="radio"
                    name="hook-style"
                    value={value}
                    checked={style === value}
                    onChange={() => setStyle(value)}
                    className="size-3.5 accent-accent"
                  />
                  {styleLabels[value]}
                </label>
                <span
                  id={`hook-style-${value}-hint`}
                  className="font-mono text-[11px] leading-snug break-words text-muted"
                >
                  {/* A long signature may break before its parameters, never inside a name. */}
                  {styleHints[value].replace('(', '\u200b(')}
                </span>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      <Field
        label="Name"
        hint="Letters, digits, spaces and '-'; not starting or ending with '-' or a space."
        error={error}
      >
        {(control) => (
          <Input
            {...control}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setTouched(true);
            }}
            placeholder="client-credentials-exchange-hook"
            autoFocus
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <DialogFooter>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create
        </Button>
      </DialogFooter>
    </form>
  );
}
