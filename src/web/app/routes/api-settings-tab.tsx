import { ApiSettings } from '@/web/features/apis/components/api-settings';
import { useApiOutlet } from './api-detail';

export function ApiSettingsTab() {
  const { api } = useApiOutlet();
  return <ApiSettings key={api.id} api={api} />;
}
