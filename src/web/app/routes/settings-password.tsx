import { ChangePasswordForm } from '@/web/features/account/components/change-password-form';
import { useDocumentTitle } from '@/web/lib/use-document-title';

export function SettingsPasswordRoute() {
  useDocumentTitle('Password');
  return <ChangePasswordForm />;
}
