import { useSearchParams } from 'react-router';
import { PageHeader } from '@/web/components/ui/page-header';
import { LogList } from '@/web/features/logs/components/log-list';
import { isLogType } from '@/web/features/logs/log-types';
import { useDocumentTitle } from '@/web/lib/use-document-title';

export function LogsRoute() {
  useDocumentTitle('Logs');
  // Type and page live in the address, so Back and reload keep them.
  const [params, setParams] = useSearchParams();
  const typeParam = params.get('type');
  const type = isLogType(typeParam) ? typeParam : undefined;
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const update = (next: { type?: string | null; page?: number }) =>
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        if (next.type !== undefined) {
          if (next.type) out.set('type', next.type);
          else out.delete('type');
          out.delete('page');
        }
        if (next.page !== undefined) {
          if (next.page > 0) out.set('page', String(next.page));
          else out.delete('page');
        }
        return out;
      },
      { replace: true },
    );
  return (
    <>
      <PageHeader
        title="Logs"
        description="Who changed what, and every token exchange, newest first. Secrets are never recorded."
      />
      <LogList type={type} page={page} onTypeChange={(t) => update({ type: t ?? null })} onPageChange={(p) => update({ page: p })} />
    </>
  );
}
