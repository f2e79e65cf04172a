import { Outlet, useSearchParams } from 'react-router';
import { BackLink } from '@/web/components/back-link';
import { PageHeader } from '@/web/components/ui/page-header';
import { Tabs } from '@/web/components/ui/tabs';
import { TokenDecoder } from '@/web/features/token-test/components/token-decoder';
import { TokenTestPanel } from '@/web/features/token-test/components/token-test-panel';
import { useDocumentTitle } from '@/web/lib/use-document-title';

const tabs = [
  { to: '', label: 'Run an exchange' },
  { to: 'decode', label: 'Decode a token' },
];

/** `/hooks/test`: the Test panel for any pair, and the standalone decoder. */
export function TokenTestRoute() {
  useDocumentTitle('Test');
  return (
    <>
      <BackLink to="/hooks">Hooks</BackLink>
      <PageHeader
        title="Test"
        description="Get a token as a service would, see what the enabled hook did to it, and check its signature."
      />
      <Tabs label="Test sections" items={tabs}>
        <Outlet />
      </Tabs>
    </>
  );
}

/** `?client_id=&audience=` preselect the pair (links from elsewhere in the console). */
export function TokenTestRunTab() {
  const [params] = useSearchParams();
  return (
    <TokenTestPanel
      clientId={params.get('client_id') ?? undefined}
      audience={params.get('audience') ?? undefined}
    />
  );
}

export function TokenTestDecodeTab() {
  return <TokenDecoder />;
}
