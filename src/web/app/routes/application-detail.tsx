import { useQuery } from '@tanstack/react-query';
import { Outlet, useOutletContext, useParams } from 'react-router';
import { AppWindow } from 'lucide-react';
import { ApiError } from '@/shared/api-error';
import type { Client } from '@/shared/schemas/client';
import { BackLink } from '@/web/components/back-link';
import { DetailSkeleton } from '@/web/components/detail-skeleton';
import { ErrorPanel } from '@/web/components/error-panel';
import { NotFoundPanel } from '@/web/components/not-found-panel';
import { Badge } from '@/web/components/ui/badge';
import { Tabs } from '@/web/components/ui/tabs';
import { clientQueries } from '@/web/data/clients/queries';
import { appTypeLabel } from '@/web/features/applications/app-type';
import { useDocumentTitle } from '@/web/lib/use-document-title';

const tabs = [
  { to: '', label: 'Settings' },
  { to: 'credentials', label: 'Credentials' },
  { to: 'apis', label: 'APIs' },
  { to: 'quickstart', label: 'Quickstart' },
  { to: 'test', label: 'Test' },
];

/** The application for the tab routes below `/applications/:id`. */
export const useApplicationOutlet = () => useOutletContext<{ client: Client }>();

export function ApplicationDetailRoute() {
  const { id = '' } = useParams();
  const query = useQuery(clientQueries.detail(id));
  useDocumentTitle(query.data?.name);

  if (query.isPending) return <DetailSkeleton label="Loading application" />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return (
        <>
          <BackLink to="/applications">Applications</BackLink>
          <h1 className="sr-only">Application not found</h1>
          <NotFoundPanel
            title="Application not found"
            backTo="/applications"
            backLabel="Back to Applications"
          >
            It may have been deleted, or the link is wrong.
          </NotFoundPanel>
        </>
      );
    }
    return (
      <ErrorPanel
        title="Could not load the application"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }

  const client = query.data;
  return (
    <>
      <BackLink to="/applications">Applications</BackLink>
      <div className="mb-6 flex items-start gap-4">
        <span className="flex size-12 shrink-0 items-center justify-center rounded-xl bg-accent-soft text-accent-text">
          <AppWindow className="size-6" aria-hidden />
        </span>
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">{client.name}</h1>
            <Badge>{appTypeLabel(client.app_type)}</Badge>
          </div>
          <p className="mt-1 flex items-center gap-2 text-[13px] text-muted">
            <span>Client ID</span>
            <span className="truncate font-mono">{client.client_id}</span>
          </p>
        </div>
      </div>
      <Tabs label="Application sections" items={tabs}>
        <Outlet context={{ client }} />
      </Tabs>
    </>
  );
}
