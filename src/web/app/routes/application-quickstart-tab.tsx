import { useQuery } from '@tanstack/react-query';
import { ErrorPanel } from '@/web/components/error-panel';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { resourceServerQueries } from '@/web/data/resource-servers/queries';
import { wellKnownQueries } from '@/web/data/well-known/queries';
import { ApplicationQuickstart } from '@/web/features/applications/components/application-quickstart';
import { clientGrantQueries } from '@/web/data/client-grants/queries';
import { useApplicationOutlet } from './application-detail';

export function ApplicationQuickstartTab() {
  const { client } = useApplicationOutlet();
  const apis = useQuery(resourceServerQueries.every());
  const grants = useQuery(clientGrantQueries.list({ client_id: client.client_id }));
  const discovery = useQuery(wellKnownQueries.discovery());

  if (apis.isPending || grants.isPending || discovery.isPending)
    return <LoadingRows rows={3} label="Loading quickstart" />;
  if (apis.isError || grants.isError || discovery.isError) {
    return (
      <ErrorPanel
        title="Could not load the quickstart"
        error={apis.error ?? grants.error ?? discovery.error}
        onRetry={() => void Promise.all([apis.refetch(), grants.refetch(), discovery.refetch()])}
      />
    );
  }
  const authorized = grants.data.flatMap((g) => {
    const api = apis.data.find((a) => a.identifier === g.audience);
    return api
      ? [{ name: api.name, identifier: api.identifier, scope: g.scope, system: api.is_system }]
      : [];
  });
  authorized.sort((a, b) => Number(a.system) - Number(b.system) || a.name.localeCompare(b.name));
  return (
    <ApplicationQuickstart
      key={client.client_id}
      client={client}
      tokenEndpoint={discovery.data.token_endpoint}
      jwksUri={discovery.data.jwks_uri}
      apis={authorized}
    />
  );
}
