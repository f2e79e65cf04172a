import { useState } from 'react';
import { KeyRound } from 'lucide-react';
import type { Client } from '@/shared/schemas/client';
import { RevealSecretButton } from '@/web/components/reveal-secret-button';
import { Card } from '@/web/components/ui/card';
import { CodeBlock } from '@/web/components/ui/code-block';
import { EmptyState } from '@/web/components/ui/empty-state';
import { Field } from '@/web/components/ui/field';
import { LinkButton } from '@/web/components/ui/link-button';
import { Select } from '@/web/components/ui/select';
import { tokenRequestCurl } from '../curl';

const MASKED_SECRET = '••••••••';

export interface QuickstartApi {
  name: string;
  identifier: string;
  scope: string[];
}

interface ApplicationQuickstartProps {
  client: Client;
  tokenEndpoint: string;
  jwksUri: string;
  /** The APIs this application is authorized on, with the granted scopes. */
  apis: QuickstartApi[];
}

export function ApplicationQuickstart({
  client,
  tokenEndpoint,
  jwksUri,
  apis,
}: ApplicationQuickstartProps) {
  const [chosen, setChosen] = useState(apis[0]?.identifier ?? '');
  // Masked like the Credentials tab until asked; the copy button always copies the real command.
  const [reveal, setReveal] = useState(false);
  const api = apis.find((a) => a.identifier === chosen) ?? apis[0];

  if (!api) {
    return (
      <EmptyState
        icon={KeyRound}
        title="Not authorized on any API yet"
        action={
          <LinkButton to={`/applications/${client.client_id}/apis`} variant="primary">
            Authorize on an API
          </LinkButton>
        }
      >
        An application gets tokens only for the APIs it is authorized on. Authorize it first, then
        come back for the snippet.
      </EmptyState>
    );
  }

  const exampleResponse = JSON.stringify(
    {
      access_token: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIs…',
      token_type: 'Bearer',
      expires_in: 86400,
      scope: api.scope.join(' '),
    },
    null,
    2,
  );

  return (
    <div className="space-y-6">
      <Card
        title="Get a token"
        description="Run this from your service to get an access token, then send it as Authorization: Bearer to your API."
      >
        <div className="space-y-5">
          <Field
            label="API"
            className="max-w-md"
            hint={
              api.scope.length
                ? `Granted scopes: ${api.scope.join(', ')}`
                : 'No scopes granted yet: the token will carry none.'
            }
          >
            {(control) => (
              <Select
                {...control}
                value={api.identifier}
                onChange={(e) => setChosen(e.target.value)}
              >
                {apis.map((a) => (
                  <option key={a.identifier} value={a.identifier}>
                    {a.name} ({a.identifier})
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <div className="flex justify-end">
            <RevealSecretButton reveal={reveal} onToggle={() => setReveal((r) => !r)} />
          </div>
          <CodeBlock
            label="Request a token with curl"
            copyLabel="Copy curl command"
            code={tokenRequestCurl(
              reveal ? client : { ...client, client_secret: client.client_secret && MASKED_SECRET },
              tokenEndpoint,
              api.identifier,
            )}
            copyValue={tokenRequestCurl(client, tokenEndpoint, api.identifier)}
          />
          <CodeBlock
            label="Example response"
            copyLabel="Copy example response"
            code={exampleResponse}
          />
          <p className="text-[13px] text-muted">
            The snippet contains the client secret. Resource servers verify tokens with the keys at{' '}
            <a
              href={jwksUri}
              target="_blank"
              rel="noreferrer"
              className="font-mono text-accent-text hover:underline"
            >
              {jwksUri}
            </a>
            .
          </p>
        </div>
      </Card>
    </div>
  );
}
