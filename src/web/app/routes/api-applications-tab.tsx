import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { AppWindow } from 'lucide-react';
import { ErrorPanel } from '@/web/components/error-panel';
import { EmptyState } from '@/web/components/ui/empty-state';
import { LinkButton } from '@/web/components/ui/link-button';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { clientQueries } from '@/web/data/clients/queries';
import { clientGrantQueries } from '@/web/data/client-grants/queries';
import { GrantList } from '@/web/features/client-grants/components/grant-list';
import { useApiOutlet } from './api-detail';

/** Every machine-to-machine application, authorized on this API or not (Auth0's M2M tab). */
export function ApiApplicationsTab() {
  const { api } = useApiOutlet();
  const clients = useQuery(clientQueries.every());
  const grants = useQuery(clientGrantQueries.list({ audience: api.identifier }));

  return (
    <div className="space-y-4">
      <p className="text-sm text-muted">
        Authorize applications to get tokens for{' '}
        <span className="font-medium text-fg">{api.name}</span>, and choose the scopes their tokens
        carry.
      </p>
      {clients.isPending || grants.isPending ? (
        <LoadingRows label="Loading applications" />
      ) : clients.isError || grants.isError ? (
        <ErrorPanel
          title="Could not load the applications"
          error={clients.error ?? grants.error}
          onRetry={() => void Promise.all([clients.refetch(), grants.refetch()])}
        />
      ) : (
        (() => {
          const m2m = clients.data.filter((c) => c.app_type === 'non_interactive');
          if (m2m.length === 0) {
            return (
              <EmptyState
                icon={AppWindow}
                title="No machine-to-machine applications yet"
                action={
                  <LinkButton to="/applications" variant="primary">
                    Go to Applications
                  </LinkButton>
                }
              >
                Create an application first; then authorize it here.
              </EmptyState>
            );
          }
          return (
            <GrantList
              noun="applications"
              grants={grants.data}
              targets={m2m.map((c) => ({
                key: c.client_id,
                title: c.name,
                subtitle: c.client_id,
                href: `/applications/${c.client_id}`,
                client_id: c.client_id,
                audience: api.identifier,
                scopes: api.scopes,
              }))}
              noScopes={() => (
                <>
                  This API has no scopes yet, so tokens carry none.{' '}
                  {!api.is_system && (
                    <Link
                      to={`/apis/${api.id}/scopes`}
                      className="font-medium text-accent-text hover:underline"
                    >
                      Add scopes
                    </Link>
                  )}
                </>
              )}
            />
          );
        })()
      )}
    </div>
  );
}
