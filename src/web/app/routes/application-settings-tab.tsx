import { ApplicationSettings } from '@/web/features/applications/components/application-settings';
import { clientGrantKeys } from '@/web/features/client-grants/api';
import { useApplicationOutlet } from './application-detail';

export function ApplicationSettingsTab() {
  const { client } = useApplicationOutlet();
  return (
    <ApplicationSettings
      key={client.client_id}
      client={client}
      grantKeysRoot={clientGrantKeys.all}
    />
  );
}
