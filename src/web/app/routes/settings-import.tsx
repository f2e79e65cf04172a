import { PageHeader } from '@/web/components/ui/page-header';
import { TenantImport } from '@/web/features/import/components/tenant-import';
import { useDocumentTitle } from '@/web/lib/use-document-title';

export function ImportRoute() {
  useDocumentTitle('Import');
  return (
    <>
      <PageHeader
        level={2}
        title="Import"
        description={
          <>
            Apply an Auth0 Deploy CLI export (
            <span className="font-mono text-[13px]">a0deploy export</span> or{' '}
            <span className="font-mono text-[13px]">tokenhook export</span>): see what changes, then
            apply it. The same as <span className="font-mono text-[13px]">tokenhook import</span>.
          </>
        }
      />
      <TenantImport />
    </>
  );
}
