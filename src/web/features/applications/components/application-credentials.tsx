import { useState } from 'react';
import { Eye, EyeOff, RefreshCw } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { tokenEndpointAuthMethodSchema, type Client } from '@/shared/schemas/client';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { CopyButton } from '@/web/components/ui/copy-button';
import { Field } from '@/web/components/ui/field';
import { Input } from '@/web/components/ui/input';
import { Select } from '@/web/components/ui/select';
import { useRotateClientSecret, useUpdateClient } from '@/web/data/clients/mutations';

const authMethodLabels = {
  client_secret_post: 'Client secret in the request body (client_secret_post)',
  client_secret_basic: 'HTTP Basic authorization header (client_secret_basic)',
} as const;

/** Client ID and secret (masked, revealable, copyable), the auth method, and secret rotation. */
export function ApplicationCredentials({ client }: { client: Client }) {
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const rotate = useRotateClientSecret(client.client_id);
  const update = useUpdateClient(client.client_id);
  const secret = client.client_secret ?? '';

  return (
    <div className="space-y-6">
      <Card
        title="Application credentials"
        description="Your service sends these to the token endpoint. Keep the secret out of source control."
      >
        <div className="max-w-2xl space-y-5">
          <Field label="Client ID">
            {(control) => (
              <div className="flex gap-2">
                <Input {...control} value={client.client_id} readOnly className="font-mono" />
                <CopyButton value={client.client_id} label="Copy client ID" />
              </div>
            )}
          </Field>
          <Field
            label="Client secret"
            hint="Anyone with the secret can get tokens as this application."
          >
            {(control) => (
              <div className="flex gap-2">
                <Input
                  {...control}
                  type={revealed ? 'text' : 'password'}
                  value={secret}
                  readOnly
                  autoComplete="off"
                  spellCheck={false}
                  className="font-mono"
                />
                <button
                  type="button"
                  aria-label={revealed ? 'Hide client secret' : 'Show client secret'}
                  title={revealed ? 'Hide client secret' : 'Show client secret'}
                  onClick={() => setRevealed((v) => !v)}
                  className="inline-flex size-9 shrink-0 cursor-pointer items-center justify-center rounded-lg border border-line-strong bg-surface text-muted shadow-xs hover:bg-subtle hover:text-fg"
                >
                  {revealed ? (
                    <EyeOff className="size-4" aria-hidden />
                  ) : (
                    <Eye className="size-4" aria-hidden />
                  )}
                </button>
                <CopyButton value={secret} label="Copy client secret" />
              </div>
            )}
          </Field>
          <Field
            label="Authentication method"
            hint="How the application sends its secret. Tokenhook accepts both either way; this is what the Quickstart shows."
          >
            {(control) => (
              <Select
                {...control}
                value={client.token_endpoint_auth_method}
                disabled={update.isPending}
                onChange={(e) =>
                  update.mutate(
                    {
                      token_endpoint_auth_method: tokenEndpointAuthMethodSchema.parse(
                        e.target.value,
                      ),
                    },
                    {
                      onSuccess: () => toast.success('Authentication method saved'),
                      onError: () => toast.error('Could not save the authentication method'),
                    },
                  )
                }
              >
                {tokenEndpointAuthMethodSchema.options.map((m) => (
                  <option key={m} value={m}>
                    {authMethodLabels[m]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      </Card>
      <Card
        title="Rotate secret"
        description="Issue a new client secret. The current one stops working immediately."
      >
        <div className="flex flex-wrap items-center justify-between gap-4">
          <p className="text-[13px] text-muted">
            Update every service that uses this application right after rotating.
          </p>
          <Button onClick={() => setConfirming(true)}>
            <RefreshCw className="size-4" aria-hidden />
            Rotate secret
          </Button>
        </div>
      </Card>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Rotate the client secret?"
        confirmLabel="Rotate secret"
        danger
        pending={rotate.isPending}
        onConfirm={() =>
          rotate.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              setRevealed(true);
              toast.success('Client secret rotated', {
                description: 'Copy the new secret into your services.',
              });
            },
          })
        }
      >
        <p>
          <span className="font-medium text-fg">{client.name}</span> gets a new secret and the
          current one stops working at once. Services still using it will fail to get tokens until
          you update them.
        </p>
      </ConfirmDialog>
    </div>
  );
}
