import { TokenTestPanel } from '@/web/features/token-test/components/token-test-panel';
import { useApplicationOutlet } from './application-detail';

export function ApplicationTestTab() {
  const { client } = useApplicationOutlet();
  return <TokenTestPanel key={client.client_id} clientId={client.client_id} fixed="client" />;
}
