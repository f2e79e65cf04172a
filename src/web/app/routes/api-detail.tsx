import { useQuery } from '@tanstack/react-query';
import { Outlet, useOutletContext, useParams } from 'react-router';
import { Server, ShieldCheck } from 'lucide-react';
import { ApiError } from '@/shared/api-error';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import { BackLink } from '@/web/components/back-link';
import { DetailSkeleton } from '@/web/components/detail-skeleton';
import { ErrorPanel } from '@/web/components/error-panel';
import { NotFoundPanel } from '@/web/components/not-found-panel';
import { Badge } from '@/web/components/ui/badge';
import { CopyButton } from '@/web/components/ui/copy-button';
import { Tabs } from '@/web/components/ui/tabs';
import { resourceServerQueries } from '@/web/data/resource-servers/queries';
import { useDocumentTitle } from '@/web/lib/use-document-title';

const tabs = [
  { to: '', label: 'Settings' },
  { to: 'scopes', label: 'Scopes' },
  { to: 'applications', label: 'Machine to Machine Applications' },
  { to: 'test', label: 'Test' },
];

/** The API for the tab routes below `/apis/:id`. */
export const useApiOutlet = () => useOutletContext<{ api: ResourceServer }>();

export function ApiDetailRoute() {
  const { id = '' } = useParams();
  const query = useQuery(resourceServerQueries.detail(id));
  useDocumentTitle(query.data?.name);

  if (query.isPending) return <DetailSkeleton label="Loading API" />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return (
        <>
          <BackLink to="/apis">APIs</BackLink>
          <h1 className="sr-only">API not found</h1>
          <NotFoundPanel title="API not found" backTo="/apis" backLabel="Back to APIs">
            It may have been deleted, or the link is wrong.
          </NotFoundPanel>
        </>
      );
    }
    return (
      <ErrorPanel
        title="Could not load the API"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }

  const api = query.data;
  return (
    <>
      <BackLink to="/apis">APIs</BackLink>
      <div className="mb-6 flex items-start gap-4">
        <span className="flex size-12 shrink-0 items-center justify-center rounded-xl bg-accent-soft text-accent-text">
          {api.is_system ? (
            <ShieldCheck className="size-6" aria-hidden />
          ) : (
            <Server className="size-6" aria-hidden />
          )}
        </span>
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">{api.name}</h1>
            {api.is_system && <Badge>System</Badge>}
            <Badge tone="accent">{api.signing_alg}</Badge>
          </div>
          <div className="mt-1 flex items-center gap-1 text-sm text-muted">
            <span className="sr-only">Identifier: </span>
            <span className="truncate font-mono text-[13px]">{api.identifier}</span>
            <CopyButton value={api.identifier} label="Copy API identifier" size="sm" />
          </div>
        </div>
      </div>
      <Tabs label="API sections" items={tabs}>
        <Outlet context={{ api }} />
      </Tabs>
    </>
  );
}
