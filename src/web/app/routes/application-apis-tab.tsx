import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorPanel } from '@/web/components/error-panel';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { resourceServerQueries } from '@/web/data/resource-servers/queries';
import { clientGrantQueries } from '@/web/data/client-grants/queries';
import { GrantList } from '@/web/features/client-grants/components/grant-list';
import { useApplicationOutlet } from './application-detail';

/** Every API, with this application's authorization on each: the grants seen from the application. */
export function ApplicationApisTab() {
  const { client } = useApplicationOutlet();
  const apis = useQuery(resourceServerQueries.every());
  const grants = useQuery(clientGrantQueries.list({ client_id: client.client_id }));

  return (
    <div className="space-y-4">
      <p className="text-sm text-muted">
        Authorize <span className="font-medium text-fg">{client.name}</span> on the APIs it calls,
        and choose the scopes its tokens carry.
      </p>
      {apis.isPending || grants.isPending ? (
        <LoadingRows label="Loading APIs" />
      ) : apis.isError || grants.isError ? (
        <ErrorPanel
          title="Could not load the APIs"
          error={apis.error ?? grants.error}
          onRetry={() => void Promise.all([apis.refetch(), grants.refetch()])}
        />
      ) : (
        <GrantList
          noun="APIs"
          grants={grants.data}
          // Custom APIs first, the system Management API last.
          targets={[...apis.data]
            .sort((a, b) => Number(a.is_system) - Number(b.is_system))
            .map((api) => ({
              key: api.id,
              title: api.name,
              subtitle: api.identifier,
              href: `/apis/${api.id}`,
              badge: api.is_system ? 'System' : undefined,
              client_id: client.client_id,
              audience: api.identifier,
              scopes: api.scopes,
            }))}
          noScopes={(target) => (
            <>
              {target.title} has no scopes yet, so tokens carry none.{' '}
              <Link
                to={`${target.href}/scopes`}
                className="font-medium text-accent-text hover:underline"
              >
                Add scopes
              </Link>
            </>
          )}
        />
      )}
    </div>
  );
}
