import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { toast } from '@/web/lib/toast';
import {
  resourceServerCreateSchema,
  signingAlgSchema,
  type SigningAlg,
} from '@/shared/schemas/resource-server';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { Select } from '@/web/components/ui/select';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { useCreateResourceServer } from '@/web/data/resource-servers/mutations';

export function CreateApiDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Create API"
      description="Define an API that applications can get tokens for."
    >
      <CreateApiForm onClose={onClose} />
    </Dialog>
  );
}

function CreateApiForm({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const create = useCreateResourceServer();
  const [name, setName] = useState('');
  const [identifier, setIdentifier] = useState('');
  const [signingAlg, setSigningAlg] = useState<SigningAlg>('RS256');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = resourceServerCreateSchema.safeParse({
      name,
      identifier,
      signing_alg: signingAlg,
    });
    const found = parsed.success ? {} : fieldErrors(parsed.error);
    // The API allows a missing name (it defaults to the identifier); the console asks for one.
    if (!name.trim()) found.name = 'Required';
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    create.mutate(parsed.data, {
      onSuccess: (created) => {
        toast.success(`API “${created.name}” created`);
        onClose();
        void navigate(`/apis/${created.id}`);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {create.isError && <FormAlert>{errorMessage(create.error)}</FormAlert>}
      <Field label="Name" hint="A friendly name, e.g. Orders API." error={errors.name}>
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
        label="Identifier"
        hint="A unique URI, e.g. https://orders.example.com. Tokens carry it as their audience; it cannot be changed later."
        error={errors.identifier}
      >
        {(control) => (
          <Input
            {...control}
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
            placeholder="https://orders.example.com"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        )}
      </Field>
      <Field
        label="Signing algorithm"
        hint="How tokens for this API are signed; resource servers verify them with the JWKS."
        error={errors.signing_alg}
      >
        {(control) => (
          <Select
            {...control}
            value={signingAlg}
            onChange={(e) => setSigningAlg(e.target.value as SigningAlg)}
          >
            {/* HS256 needs its secret handed to the API's owner: set through the Management API. */}
            {signingAlgSchema.options
              .filter((alg) => alg !== 'HS256')
              .map((alg) => (
                <option key={alg} value={alg}>
                  {alg}
                </option>
              ))}
          </Select>
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
