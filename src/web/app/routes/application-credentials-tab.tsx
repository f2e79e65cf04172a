import { ApplicationCredentials } from '@/web/features/applications/components/application-credentials';
import { useApplicationOutlet } from './application-detail';

export function ApplicationCredentialsTab() {
  const { client } = useApplicationOutlet();
  return <ApplicationCredentials key={client.client_id} client={client} />;
}
