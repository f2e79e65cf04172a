import { TokenTestPanel } from '@/web/features/token-test/components/token-test-panel';
import { useApiOutlet } from './api-detail';

export function ApiTestTab() {
  const { api } = useApiOutlet();
  return <TokenTestPanel key={api.id} audience={api.identifier} fixed="api" />;
}
