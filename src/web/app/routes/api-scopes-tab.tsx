import { ApiScopes } from '@/web/features/apis/components/api-scopes';
import { useApiOutlet } from './api-detail';

export function ApiScopesTab() {
  const { api } = useApiOutlet();
  return <ApiScopes key={api.id} api={api} />;
}
