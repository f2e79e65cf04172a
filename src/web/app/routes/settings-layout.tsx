import { Outlet } from 'react-router';
import { Tabs } from '@/web/components/ui/tabs';

const sections = [
  { to: 'keys', label: 'Signing keys' },
  { to: 'import', label: 'Import' },
];

/** Settings: one tab per section, each with its own address under /settings. */
export function SettingsLayout() {
  return (
    <Tabs label="Settings" items={sections}>
      <Outlet />
    </Tabs>
  );
}
