import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Cpu } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { clientCreateSchema } from '@/shared/schemas/client';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { Textarea } from '@/web/components/ui/textarea';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { useCreateClient } from '@/web/data/clients/mutations';

export function CreateApplicationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Create Application"
      description="A service, job or script that needs tokens for your APIs."
    >
      <CreateApplicationForm onClose={onClose} />
    </Dialog>
  );
}

function CreateApplicationForm({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const create = useCreateClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = clientCreateSchema.safeParse({ name, description, app_type: 'non_interactive' });
    setErrors(parsed.success ? {} : fieldErrors(parsed.error));
    if (!parsed.success) return;
    create.mutate(parsed.data, {
      onSuccess: (created) => {
        toast.success(`Application “${created.name}” created`, {
          description: 'Authorize it on an API to let it get tokens.',
        });
        onClose();
        void navigate(`/applications/${created.client_id}/apis`);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {create.isError && <FormAlert>{errorMessage(create.error)}</FormAlert>}
      <Field label="Name" hint="e.g. Billing service" error={errors.name}>
        {(control) => (
          <Input
            {...control}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
            autoComplete="off"
          />
        )}
      </Field>
      <Field
        label="Description"
        hint="Optional, at most 140 characters."
        error={errors.description}
      >
        {(control) => (
          <Textarea
            {...control}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={2}
          />
        )}
      </Field>
      <div>
        <p className="mb-1.5 text-[13px] font-medium">Application type</p>
        <div className="flex items-start gap-3 rounded-lg border border-accent/40 bg-accent-soft px-3.5 py-3">
          <Cpu className="mt-0.5 size-5 shrink-0 text-accent-text" aria-hidden />
          <div>
            <p className="font-medium">Machine to Machine</p>
            <p className="text-[13px] text-muted">
              Gets tokens with the client credentials grant: no user involved.
            </p>
          </div>
        </div>
      </div>
      <DialogFooter>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create
        </Button>
      </DialogFooter>
    </form>
  );
}
