import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
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
import { useCreateHook } from '../api';

interface CreateHookDialogProps {
  open: boolean;
  onClose: () => void;
  /** The point to preselect (a section's own "Create" button). */
  triggerId?: HookTrigger;
}

/** Auth0's "New Hook" pop-up: an extensibility point and a name; the hook starts disabled. */
export function CreateHookDialog({ open, onClose, triggerId }: CreateHookDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title="New Hook" description="It starts with its extensibility point's sample code, disabled.">
      <CreateHookForm onClose={onClose} initialTrigger={triggerId ?? 'credentials-exchange'} />
    </Dialog>
  );
}

function nameError(name: string): string | undefined {
  if (!name.trim()) return 'Required';
  const parsed = hookNameSchema.safeParse(name);
  return parsed.success ? undefined : fieldErrors(parsed.error)._form;
}

function CreateHookForm({ onClose, initialTrigger }: { onClose: () => void; initialTrigger: HookTrigger }) {
  const create = useCreateHook();
  const [trigger, setTrigger] = useState<HookTrigger>(initialTrigger);
  const [name, setName] = useState('');
  // Checked as you type once something was typed; on submit for an untouched field.
  const [touched, setTouched] = useState(false);
  const error = touched ? nameError(name) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (nameError(name)) return;
    const point = hookPoint(trigger);
    create.mutate(
      { name, triggerId: trigger, script: point.starterCode },
      {
        onSuccess: (hook) => {
          toast.success(`Hook “${hook.name}” created`, { description: `Under ${point.displayName}, disabled.` });
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
          <Select {...control} value={trigger} onChange={(e) => setTrigger(hookTriggerSchema.parse(e.target.value))}>
            {hookPoints.map((p) => (
              <option key={p.triggerId} value={p.triggerId}>
                {p.displayName}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Name" hint="Letters, digits, spaces and '-'; not starting or ending with '-' or a space." error={error}>
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
