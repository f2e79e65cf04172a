import { ApplicationSettings } from '@/web/features/applications/components/application-settings';
import { useApplicationOutlet } from './application-detail';

export function ApplicationSettingsTab() {
  const { client } = useApplicationOutlet();
  return <ApplicationSettings key={client.client_id} client={client} />;
}
