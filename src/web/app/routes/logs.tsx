import { PageHeader } from '@/web/components/ui/page-header';
import { LogList } from '@/web/features/logs/components/log-list';
import { isLogType } from '@/web/features/logs/log-types';
import { useDocumentTitle } from '@/web/lib/use-document-title';
import { useListParams } from '@/web/lib/use-list-params';

export function LogsRoute() {
  useDocumentTitle('Logs');
  const { search: typeParam, page, setSearch: setType, setPage } = useListParams('type');
  const type = isLogType(typeParam) ? typeParam : undefined;
  return (
    <>
      <PageHeader
        title="Logs"
        description="Who changed what, and every token exchange, newest first. Secrets are never recorded."
      />
      <LogList
        type={type}
        page={page}
        onTypeChange={(t) => setType(t ?? '')}
        onPageChange={setPage}
      />
    </>
  );
}
