import { ApiSettings } from '@/web/features/apis/components/api-settings';
import { clientGrantKeys } from '@/web/features/client-grants/api';
import { useApiOutlet } from './api-detail';

export function ApiSettingsTab() {
  const { api } = useApiOutlet();
  return <ApiSettings key={api.id} api={api} grantKeysRoot={clientGrantKeys.all} />;
}
