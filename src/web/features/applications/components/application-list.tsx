import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { AppWindow, Plus, SearchX } from 'lucide-react';
import type { Client } from '@/shared/schemas/client';
import { ErrorPanel } from '@/web/components/error-panel';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { EmptyState } from '@/web/components/ui/empty-state';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { Pagination } from '@/web/components/ui/pagination';
import { SearchInput } from '@/web/components/ui/search-input';
import { Table } from '@/web/components/ui/table';
import { tableStyles as t } from '@/web/components/ui/table-styles';
import { matches } from '@/web/lib/format';
import { useListParams } from '@/web/lib/use-list-params';
import { clientQueries } from '@/web/data/clients/queries';
import { appTypeLabel } from '../app-type';

const PER_PAGE = 20;

/** Applications with their client ID; server pages, and a search over every application. */
export function ApplicationList({ onCreate }: { onCreate: () => void }) {
  const { search, page, setSearch, setPage } = useListParams();
  const searching = search.trim() !== '';
  const paged = useQuery({
    ...clientQueries.list({ page, per_page: PER_PAGE }),
    enabled: !searching,
    placeholderData: keepPreviousData,
  });
  const every = useQuery({ ...clientQueries.every(), enabled: searching });
  const query = searching ? every : paged;
  const rows: Client[] | undefined = searching
    ? every.data?.filter((c) => matches(search, c.name, c.client_id, c.description))
    : paged.data?.clients;

  const createButton = (
    <Button variant="primary" onClick={onCreate}>
      <Plus className="size-4" aria-hidden />
      Create Application
    </Button>
  );

  if (!searching && paged.data?.total === 0) {
    return (
      <EmptyState icon={AppWindow} title="No applications yet" action={createButton}>
        An application is a service or script that asks Tokenhook for tokens with its client ID and
        secret.
      </EmptyState>
    );
  }

  return (
    <div className="space-y-4">
      <SearchInput label="Search applications" value={search} onChange={setSearch} />
      {query.isPending ? (
        <LoadingRows label="Loading applications" />
      ) : query.isError ? (
        <ErrorPanel
          title="Could not load the applications"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : rows && rows.length === 0 ? (
        <EmptyState
          icon={SearchX}
          title={`No applications match “${search.trim()}”`}
          action={<Button onClick={() => setSearch('')}>Clear search</Button>}
        >
          Search looks at names, descriptions and client IDs.
        </EmptyState>
      ) : (
        <Table
          label="Applications"
          stale={!searching && paged.isPlaceholderData}
          footer={
            !searching &&
            paged.data && (
              <Pagination
                label="Applications pages"
                page={page}
                perPage={PER_PAGE}
                total={paged.data.total}
                onPageChange={setPage}
              />
            )
          }
        >
          <thead className={t.head}>
            <tr>
              <th className={t.th}>Name</th>
              <th className={t.th}>Client ID</th>
              <th className={t.th}>Type</th>
            </tr>
          </thead>
          <tbody>
            {rows?.map((client) => (
              <tr key={client.client_id} className={t.row}>
                <td className={t.td}>
                  <div className="flex items-center gap-3">
                    <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent-text">
                      <AppWindow className="size-4" aria-hidden />
                    </span>
                    <div className="min-w-0">
                      <Link
                        to={`/applications/${client.client_id}`}
                        className="font-medium text-fg hover:text-accent-text hover:underline"
                      >
                        {client.name}
                      </Link>
                      {client.description && (
                        <p className="max-w-md truncate text-[13px] text-muted">
                          {client.description}
                        </p>
                      )}
                    </div>
                  </div>
                </td>
                <td className={`${t.td} font-mono text-[13px] text-muted`}>{client.client_id}</td>
                <td className={t.td}>
                  <Badge>{appTypeLabel(client.app_type)}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
