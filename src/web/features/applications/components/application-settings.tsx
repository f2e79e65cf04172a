import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { toast } from '@/web/lib/toast';
import { clientMetadataSchema, clientUpdateSchema, type Client } from '@/shared/schemas/client';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { DeleteZone } from '@/web/components/ui/delete-zone';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { Textarea } from '@/web/components/ui/textarea';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { useDeleteClient, useUpdateClient } from '@/web/data/clients/mutations';
import { MetadataEditor, metadataRows, type MetadataRow } from './metadata-editor';
import { TokenQuotaSettings } from './token-quota-settings';

interface ApplicationSettingsProps {
  client: Client;
}

/** Checks each metadata row, then the whole object against the shared schema. */
function validateMetadata(rows: MetadataRow[]): {
  metadata: Record<string, string>;
  errors: FieldErrors;
} {
  const errors: FieldErrors = {};
  const metadata: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) errors[`${row.id}.key`] = 'Required';
    else if (key.length > 255) errors[`${row.id}.key`] = 'Must be at most 255 characters';
    else if (key in metadata) errors[`${row.id}.key`] = 'Keys must be unique';
    if (row.value.length > 255) errors[`${row.id}.value`] = 'Must be at most 255 characters';
    if (key) metadata[key] = row.value;
  }
  const parsed = clientMetadataSchema.safeParse(metadata);
  if (!parsed.success)
    errors._metadata = fieldErrors(parsed.error)._form ?? 'Metadata is not valid';
  return { metadata, errors };
}

/** Name, description and client metadata; the token quota; delete. */
export function ApplicationSettings({ client }: ApplicationSettingsProps) {
  const update = useUpdateClient(client.client_id);
  const [name, setName] = useState(client.name);
  const [description, setDescription] = useState(client.description);
  const [rows, setRows] = useState<MetadataRow[]>(() => metadataRows(client.client_metadata));
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const meta = validateMetadata(rows);
    const parsed = clientUpdateSchema.safeParse({
      name,
      description,
      client_metadata: meta.metadata,
    });
    const found = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...meta.errors };
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    update.mutate(parsed.data, {
      onSuccess: (saved) => {
        setRows(metadataRows(saved.client_metadata));
        toast.success('Settings saved');
      },
    });
  };

  return (
    <div className="space-y-6">
      <Card title="Basic information">
        <form onSubmit={submit} noValidate className="max-w-2xl space-y-5">
          {update.isError && <FormAlert>{errorMessage(update.error)}</FormAlert>}
          <Field label="Name" error={errors.name}>
            {(control) => (
              <Input {...control} value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <Field
            label="Description"
            hint={`${description.length}/140 characters`}
            error={errors.description}
          >
            {(control) => (
              <Textarea
                {...control}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
                rows={3}
              />
            )}
          </Field>
          <div className="border-t border-line pt-5">
            <MetadataEditor rows={rows} onChange={setRows} errors={errors} />
            {errors._metadata && (
              <p className="mt-2 text-[13px] text-danger-text">{errors._metadata}</p>
            )}
          </div>
          <div className="flex justify-end border-t border-line pt-5">
            <Button type="submit" variant="primary" pending={update.isPending}>
              Save
            </Button>
          </div>
        </form>
      </Card>
      <TokenQuotaSettings client={client} />
      <DangerZone client={client} />
    </div>
  );
}

function DangerZone({ client }: ApplicationSettingsProps) {
  const navigate = useNavigate();
  const remove = useDeleteClient(client.client_id);
  return (
    <DeleteZone
      what="application"
      name={client.name}
      summary="Its credentials stop working at once."
      pending={remove.isPending}
      onDelete={() =>
        remove.mutate(undefined, {
          onSuccess: () => {
            toast.success(`Application “${client.name}” deleted`);
            void navigate('/applications');
          },
        })
      }
    >
      <p>
        <span className="font-medium text-fg">{client.name}</span> and its authorizations will be
        deleted. Tokens already issued stay valid until they expire. This cannot be undone.
      </p>
    </DeleteZone>
  );
}
