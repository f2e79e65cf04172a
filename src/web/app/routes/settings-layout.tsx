import { Outlet } from 'react-router';
import { PageHeader } from '@/web/components/ui/page-header';
import { Tabs } from '@/web/components/ui/tabs';

const sections = [
  { to: 'keys', label: 'Signing keys' },
  { to: 'import', label: 'Import' },
  { to: 'password', label: 'Password' },
];

/** Settings: the page title, then one tab per section, each with its own address under /settings. */
export function SettingsLayout() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="The tenant's signing keys, imports from Auth0 exports, and your password."
      />
      <Tabs label="Settings" items={sections}>
        <Outlet />
      </Tabs>
    </>
  );
}
