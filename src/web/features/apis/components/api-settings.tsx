import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { toast } from '@/web/lib/toast';
import {
  resourceServerUpdateSchema,
  signingAlgSchema,
  type ResourceServer,
  type SigningAlg,
} from '@/shared/schemas/resource-server';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { DeleteZone } from '@/web/components/ui/delete-zone';
import { CopyButton } from '@/web/components/ui/copy-button';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { Notice } from '@/web/components/ui/notice';
import { Select } from '@/web/components/ui/select';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';
import { humanSeconds } from '@/web/lib/format';
import { errorMessage } from '@/web/lib/query-client';
import {
  useDeleteResourceServer,
  useUpdateResourceServer,
} from '@/web/data/resource-servers/mutations';

interface ApiSettingsProps {
  api: ResourceServer;
}

/** Name, token lifetime and signing algorithm; delete. The system API is shown read-only. */
export function ApiSettings({ api }: ApiSettingsProps) {
  const readOnly = api.is_system;
  const update = useUpdateResourceServer(api.id, { silentError: true });
  const [name, setName] = useState(api.name);
  const [lifetime, setLifetime] = useState(String(api.token_lifetime));
  const [signingAlg, setSigningAlg] = useState<SigningAlg>(api.signing_alg);
  const [errors, setErrors] = useState<FieldErrors>({});

  const lifetimeNumber = Number(lifetime);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = resourceServerUpdateSchema.safeParse({
      name,
      token_lifetime: lifetime.trim() === '' ? undefined : lifetimeNumber,
      signing_alg: signingAlg,
    });
    const found = parsed.success ? {} : fieldErrors(parsed.error);
    if (lifetime.trim() === '') found.token_lifetime = 'Required';
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    update.mutate(parsed.data, { onSuccess: () => toast.success('Settings saved') });
  };

  return (
    <div className="space-y-6">
      {readOnly && (
        <Notice>
          This is the system Management API: Tokenhook defines it and it cannot be changed or
          deleted. You can still authorize applications on it from the Machine to Machine
          Applications tab.
        </Notice>
      )}
      <Card
        title="General settings"
        description="How this API appears and how its tokens are issued."
      >
        <form onSubmit={submit} noValidate className="max-w-xl space-y-5">
          {update.isError && <FormAlert>{errorMessage(update.error)}</FormAlert>}
          <fieldset disabled={readOnly} className="space-y-5">
            <Field label="Name" error={errors.name}>
              {(control) => (
                <Input {...control} value={name} onChange={(e) => setName(e.target.value)} />
              )}
            </Field>
            <Field
              label="Identifier"
              hint="The audience of this API's tokens. It cannot be changed."
            >
              {(control) => (
                <div className="flex gap-2">
                  <Input {...control} value={api.identifier} readOnly className="font-mono" />
                  <CopyButton value={api.identifier} label="Copy identifier" />
                </div>
              )}
            </Field>
            <Field
              label="Token lifetime (seconds)"
              hint={
                Number.isInteger(lifetimeNumber) && lifetimeNumber > 0
                  ? `Tokens expire after ${humanSeconds(lifetimeNumber)}. At most 30 days (2592000).`
                  : 'At most 30 days (2592000).'
              }
              error={errors.token_lifetime}
            >
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={2592000}
                  value={lifetime}
                  onChange={(e) => setLifetime(e.target.value)}
                  className="max-w-48 tabular-nums"
                />
              )}
            </Field>
            <Field
              label="Signing algorithm"
              hint="Changing it applies to tokens issued from now on."
              error={errors.signing_alg}
            >
              {(control) => (
                <Select
                  {...control}
                  value={signingAlg}
                  onChange={(e) => setSigningAlg(e.target.value as SigningAlg)}
                  className="max-w-48"
                >
                  {/* HS256 needs its secret handed to the API's owner: set through the Management API. */}
                  {signingAlgSchema.options
                    .filter((alg) => alg !== 'HS256' || api.signing_alg === 'HS256')
                    .map((alg) => (
                      <option key={alg} value={alg}>
                        {alg}
                      </option>
                    ))}
                </Select>
              )}
            </Field>
          </fieldset>
          {!readOnly && (
            <div className="flex justify-end border-t border-line pt-5">
              <Button type="submit" variant="primary" pending={update.isPending}>
                Save
              </Button>
            </div>
          )}
        </form>
      </Card>
      {!readOnly && <DangerZone api={api} />}
    </div>
  );
}

function DangerZone({ api }: ApiSettingsProps) {
  const navigate = useNavigate();
  const remove = useDeleteResourceServer(api.id);
  return (
    <DeleteZone
      what="API"
      name={api.name}
      summary="Applications lose their authorization on it and can no longer get tokens for it."
      pending={remove.isPending}
      onDelete={() =>
        remove.mutate(undefined, {
          onSuccess: () => {
            toast.success(`API “${api.name}” deleted`);
            void navigate('/apis');
          },
        })
      }
    >
      <p>
        <span className="font-medium text-fg">{api.name}</span> and every grant on it will be
        deleted. Tokens already issued stay valid until they expire. This cannot be undone.
      </p>
    </DeleteZone>
  );
}
