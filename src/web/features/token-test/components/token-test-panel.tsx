import { useState, type ReactNode } from 'react';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { AppWindow, FlaskConical, Play, TriangleAlert, Webhook } from 'lucide-react';
import type { Client } from '@/shared/schemas/client';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import { ErrorPanel } from '@/web/components/error-panel';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { EmptyState } from '@/web/components/ui/empty-state';
import { Field } from '@/web/components/ui/field';
import { LinkButton } from '@/web/components/ui/link-button';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { Select } from '@/web/components/ui/select';
import { clientGrantQueries } from '@/web/data/client-grants/queries';
import { clientQueries } from '@/web/data/clients/queries';
import { hookQueries } from '@/web/data/hooks/queries';
import { resourceServerQueries } from '@/web/data/resource-servers/queries';
import { wellKnownQueries } from '@/web/data/well-known/queries';
import { useRunTokenTest, type TokenTestRun } from '../api';
import { hookEffect, type HookEffect } from '../hook-effect';
import { claimOrigins, diffScopes } from '../jwt';
import { DecodedToken } from './decoded-token';
import { RequestView } from './request-view';
import { ResponseView } from './response-view';
import { RunHistory } from './run-history';

interface TokenTestPanelProps {
  /** Preselected application; with `fixed: 'client'` it is the only one (the application's Test tab). */
  clientId?: string;
  /** Preselected API identifier; with `fixed: 'api'` it is the only one (the API's Test tab). */
  audience?: string;
  fixed?: 'client' | 'api';
}

const pairKey = (clientId: string, audience: string) => `${clientId}\n${audience}`;
const MAX_RUNS = 10;

/**
 * "Test your Hook" in one click: a real client-credentials exchange with the chosen
 * application's credentials, the request as curl/HAR, the response, and the token decoded and
 * verified in the browser.
 */
export function TokenTestPanel({ clientId, audience, fixed }: TokenTestPanelProps) {
  const [clients, apis, grants, discovery, hook] = useQueries({
    queries: [
      // Read afresh on every visit: the panel is where a change made elsewhere gets tried.
      { ...clientQueries.every(), staleTime: 0 },
      { ...resourceServerQueries.every(), staleTime: 0 },
      { ...clientGrantQueries.every(), staleTime: 0 },
      wellKnownQueries.discovery(),
      { ...hookQueries.enabled('credentials-exchange'), staleTime: 0 },
    ],
  });
  const [pickedClient, setPickedClient] = useState<string | null>(clientId ?? null);
  const [pickedAudience, setPickedAudience] = useState<string | null>(audience ?? null);
  const [runs, setRuns] = useState<TokenTestRun[]>([]);
  const [selectedRun, setSelectedRun] = useState<string | null>(null);
  const run = useRunTokenTest();

  const queries = [clients, apis, grants, discovery, hook];
  if (queries.some((q) => q.isPending))
    return <LoadingRows rows={3} label="Loading the test panel" />;
  const failed = queries.find((q) => q.isError);
  if (failed) {
    return (
      <ErrorPanel
        title="Could not load the test panel"
        error={failed.error}
        onRetry={() => queries.filter((q) => q.isError).forEach((q) => void q.refetch())}
      />
    );
  }
  if (!clients.data || !apis.data || !grants.data || !discovery.data) return null;

  const authorized = new Set(grants.data.map((g) => pairKey(g.client_id, g.audience)));
  const allApis = apis.data;
  const allClients = clients.data;

  if (allClients.length === 0) {
    return (
      <EmptyState
        icon={AppWindow}
        title="No applications to test with"
        action={
          <LinkButton to="/applications" variant="primary">
            Go to Applications
          </LinkButton>
        }
      >
        Create a machine-to-machine application and authorize it on an API, then run the exchange
        here.
      </EmptyState>
    );
  }

  const firstAuthorizedApi = (c: string) =>
    allApis.find((a) => authorized.has(pairKey(c, a.identifier)));
  const firstAuthorizedClient = (a: string) =>
    allClients.find((c) => authorized.has(pairKey(c.client_id, a)));
  const client: Client | undefined =
    allClients.find((c) => c.client_id === pickedClient) ??
    (pickedAudience
      ? firstAuthorizedClient(pickedAudience)
      : allClients.find((c) => firstAuthorizedApi(c.client_id))) ??
    allClients[0];
  const api: ResourceServer | undefined =
    allApis.find((a) => a.identifier === pickedAudience) ??
    (client ? firstAuthorizedApi(client.client_id) : undefined) ??
    allApis[0];
  if (!client || !api) return null;

  const isAuthorized = authorized.has(pairKey(client.client_id, api.identifier));
  const hasGrantType = client.grant_types.includes('client_credentials');
  const sortedApis = partition(allApis, (a) =>
    authorized.has(pairKey(client.client_id, a.identifier)),
  );
  const sortedClients = partition(allClients, (c) =>
    authorized.has(pairKey(c.client_id, api.identifier)),
  );
  const shown = runs.find((r) => r.id === selectedRun) ?? runs[0];

  const start = () =>
    run.mutate(
      {
        client,
        api: { name: api.name, identifier: api.identifier },
        tokenEndpoint: discovery.data?.token_endpoint ?? '/oauth/token',
      },
      {
        onSuccess: (result) => {
          setRuns((previous) => [result, ...previous].slice(0, MAX_RUNS));
          setSelectedRun(result.id);
        },
      },
    );

  return (
    <div className="space-y-6">
      <Card
        title="Test the Client Credentials exchange"
        description="Runs a real POST /oauth/token with the application's credentials, exactly as a service would, and decodes the token it gets."
      >
        <div className="flex flex-wrap items-end gap-4">
          {fixed !== 'client' && (
            <Field label="Application" className="min-w-64 flex-1">
              {(control) => (
                <Select
                  {...control}
                  value={client.client_id}
                  onChange={(e) => {
                    setPickedClient(e.target.value);
                    if (
                      fixed !== 'api' &&
                      !authorized.has(pairKey(e.target.value, api.identifier))
                    ) {
                      setPickedAudience(
                        firstAuthorizedApi(e.target.value)?.identifier ?? api.identifier,
                      );
                    }
                  }}
                >
                  <Options
                    groups={sortedClients}
                    value={(c) => c.client_id}
                    label={(c) => c.name}
                    authorizedLabel="Authorized for this API"
                    unauthorizedLabel="Not authorized for this API"
                  />
                </Select>
              )}
            </Field>
          )}
          {fixed !== 'api' && (
            <Field label="API" className="min-w-64 flex-1">
              {(control) => (
                <Select
                  {...control}
                  value={api.identifier}
                  onChange={(e) => setPickedAudience(e.target.value)}
                >
                  <Options
                    groups={sortedApis}
                    value={(a) => a.identifier}
                    label={(a) => `${a.name} (${a.identifier})`}
                    authorizedLabel="Authorized for this application"
                    unauthorizedLabel="Not authorized for this application"
                  />
                </Select>
              )}
            </Field>
          )}
          <Button variant="primary" onClick={start} pending={run.isPending}>
            {!run.isPending && <Play className="size-4" aria-hidden />}
            Run test
          </Button>
        </div>

        <div className="mt-4 space-y-2 text-[13px]">
          {!isAuthorized && (
            <Warning>
              <strong className="font-semibold">{client.name}</strong> is not authorized for{' '}
              <strong className="font-semibold">{api.name}</strong>, so Tokenhook will answer{' '}
              <span className="font-mono">403 access_denied</span>.{' '}
              <Link
                to={`/apis/${encodeURIComponent(api.id)}/applications`}
                className="font-medium underline underline-offset-2"
              >
                Authorize it on the API
              </Link>
              .
            </Warning>
          )}
          {!hasGrantType && (
            <Warning>
              {client.name} does not allow the Client Credentials grant, so Tokenhook will answer{' '}
              <span className="font-mono">unauthorized_client</span>. Turn it on in the
              application's settings.
            </Warning>
          )}
          <p className="flex items-center gap-2 text-muted">
            <Webhook className="size-4 shrink-0" aria-hidden />
            {hook.data ? (
              <span>
                The enabled Client Credentials Exchange hook{' '}
                <Link
                  to={`/hooks/${encodeURIComponent(hook.data.id)}`}
                  className="font-medium text-fg underline-offset-2 hover:underline"
                >
                  {hook.data.name}
                </Link>{' '}
                {hook.data.version !== undefined && (
                  <span className="font-mono">v{hook.data.version}</span>
                )}{' '}
                runs on this exchange; the claims and scopes it adds or changes are marked.
                {hook.data.draft?.differs_from_live && (
                  <span className="ml-1 font-medium text-warning-text">
                    It has a saved draft that is not live: this exchange runs the live code, not the
                    draft.
                  </span>
                )}
              </span>
            ) : (
              <span>
                No Client Credentials Exchange hook is enabled: the token carries Tokenhook's claims
                only.
              </span>
            )}
          </p>
        </div>
      </Card>

      {run.isError && (
        <ErrorPanel title="Could not run the test" error={run.error} onRetry={start} />
      )}

      <RunHistory runs={runs} selectedId={shown?.id ?? null} onSelect={setSelectedRun} />

      {shown ? (
        <RunResult key={shown.id} run={shown} />
      ) : (
        !run.isError && (
          <div className="flex items-center gap-3 rounded-xl border border-dashed border-line-strong px-5 py-6 text-sm text-muted">
            <FlaskConical className="size-5 shrink-0 text-accent-text" aria-hidden />
            Pick an application and an API, then run the test: the request, the response and the
            decoded token show here.
          </div>
        )
      )}
    </div>
  );
}

function RunResult({ run }: { run: TokenTestRun }) {
  const payload = run.token?.payload ?? null;
  const origins =
    payload && run.hook
      ? claimOrigins(payload, run.grantScope)
      : payload
        ? claimOrigins(payload, null)
        : undefined;
  const scopeDiff = payload && run.hook ? diffScopes(payload.scope, run.grantScope) : undefined;
  const changed = origins ? Object.values(origins).filter((o) => o !== 'platform').length : 0;
  const effect =
    run.execution && 'record' in run.execution ? hookEffect(run.execution.record) : null;
  return (
    <div className="space-y-6">
      <div className="grid gap-6 xl:grid-cols-2">
        <Card
          title="Request"
          description={`${run.client.name} → ${run.api.name}`}
          className="min-w-0"
        >
          <RequestView request={run.request} />
        </Card>
        <Card
          title="Response"
          description={`POST /oauth/token at ${run.at.toLocaleTimeString()}`}
          className="min-w-0"
        >
          <ResponseView run={run} />
        </Card>
      </div>
      {run.token && run.accessToken && (
        <Card
          title="Decoded token"
          description="Decoded in this browser; the signature is checked against the server's JWKS with WebCrypto."
        >
          <DecodedToken
            token={run.accessToken}
            decoded={run.token}
            verification={run.verification}
            origins={origins}
            scopeDiff={scopeDiff}
            claimsNote={
              <div className="space-y-2">
                <p className="text-[13px] text-muted">
                  {run.hook
                    ? changed > 0
                      ? `Highlighted: what the hook “${run.hook.name}” added or changed, compared with the same exchange without the hook (Tokenhook's own claims and the grant's scopes: ${run.grantScope?.join(' ') || 'none'}).`
                      : `The hook “${run.hook.name}” ran and left the token as Tokenhook issued it.`
                    : 'No hook ran: every claim is Tokenhook’s own.'}
                </p>
                {run.hook && <HookComparison execution={run.execution} effect={effect} />}
              </div>
            }
          />
        </Card>
      )}
    </div>
  );
}

/** The exchange's own execution record: what the hook returned that never reached the token, and why. */
function HookComparison({
  execution,
  effect,
}: {
  execution: TokenTestRun['execution'];
  effect: HookEffect | null;
}) {
  if (!execution) return null;
  if ('error' in execution) {
    return (
      <p className="text-[13px] text-muted">
        The hook's record of this exchange could not be read: {execution.error}
      </p>
    );
  }
  const { record } = execution;
  const heading = (
    <p className="text-[13px] text-muted">
      The hook's record of this exchange: version {record.hook_version},{' '}
      {formatMs(record.duration_ms)}
      {record.trace
        ? `, given the scopes ${record.trace.received_scope.join(' ') || '(none)'}`
        : ''}
      .
    </p>
  );
  if (!effect) return heading;
  if (effect.dropped.length === 0 && effect.notes.length === 0) {
    return (
      <>
        {heading}
        <p className="text-[13px] text-muted">
          Everything the hook returned is in the token: the platform dropped nothing.
        </p>
      </>
    );
  }
  if (effect.dropped.length === 0 && effect.notes.length === 0) {
    return (
      <p className="text-[13px] text-muted">
        Everything the hook returned is in the token: the platform dropped nothing.
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {heading}
      {effect.dropped.length > 0 && (
        <Warning>
          <p className="font-semibold">
            Dropped by the platform: the hook returned{' '}
            {effect.dropped.length === 1 ? 'a property' : `${effect.dropped.length} properties`}{' '}
            that {effect.dropped.length === 1 ? 'is' : 'are'} not in the token
          </p>
          <ul aria-label="Claims dropped by the platform" className="mt-1.5 space-y-1">
            {effect.dropped.map((d) => (
              <li key={d.name}>
                <span className="font-mono font-medium break-all">{d.name}</span>
                {'value' in d && (
                  <span className="font-mono break-all opacity-80">
                    {' '}
                    = {truncate(JSON.stringify(d.value) ?? String(d.value), 80)}
                  </span>
                )}
                <span>: {d.reason}</span>
              </li>
            ))}
          </ul>
        </Warning>
      )}
      {effect.notes.map((note) => (
        <Warning key={note}>{note}</Warning>
      ))}
    </div>
  );
}

const formatMs = (ms: number) =>
  ms < 1000 ? `${Math.round(ms * 10) / 10} ms` : `${(ms / 1000).toFixed(1)} s`;

const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function partition<T>(
  items: T[],
  test: (item: T) => boolean,
): { authorized: T[]; unauthorized: T[] } {
  return { authorized: items.filter(test), unauthorized: items.filter((i) => !test(i)) };
}

function Options<T>({
  groups,
  value,
  label,
  authorizedLabel,
  unauthorizedLabel,
}: {
  groups: { authorized: T[]; unauthorized: T[] };
  value: (item: T) => string;
  label: (item: T) => string;
  authorizedLabel: string;
  unauthorizedLabel: string;
}) {
  return (
    <>
      {groups.authorized.length > 0 && (
        <optgroup label={authorizedLabel}>
          {groups.authorized.map((item) => (
            <option key={value(item)} value={value(item)}>
              {label(item)}
            </option>
          ))}
        </optgroup>
      )}
      {groups.unauthorized.length > 0 && (
        <optgroup label={unauthorizedLabel}>
          {groups.unauthorized.map((item) => (
            <option key={value(item)} value={value(item)}>
              {label(item)} · not authorized
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}

function Warning({ children }: { children: ReactNode }) {
  return (
    <div
      role="note"
      className="flex items-start gap-2 rounded-lg border border-warning-text/25 bg-warning-soft px-3 py-2.5 text-warning-text"
    >
      <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div>{children}</div>
    </div>
  );
}
