import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Plus, SearchX, Server, ShieldCheck } from 'lucide-react';
import type { ResourceServer } from '@/shared/schemas/resource-server';
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
import { resourceServerQueries } from '@/web/data/resource-servers/queries';

const PER_PAGE = 20;

/**
 * APIs with name and identifier. Pages come from the server; the Management API has no search
 * parameter for resource servers, so a search reads every API once and filters here.
 */
export function ApiList({ onCreate }: { onCreate: () => void }) {
  const { search, page, setSearch, setPage } = useListParams();
  const searching = search.trim() !== '';
  const paged = useQuery({
    ...resourceServerQueries.list({ page, per_page: PER_PAGE }),
    enabled: !searching,
    placeholderData: keepPreviousData,
  });
  const every = useQuery({ ...resourceServerQueries.every(), enabled: searching });
  const query = searching ? every : paged;

  const rows: ResourceServer[] | undefined = searching
    ? every.data?.filter((a) => matches(search, a.name, a.identifier))
    : paged.data?.resource_servers;

  return (
    <div className="space-y-4">
      <SearchInput label="Search APIs" value={search} onChange={setSearch} />
      {query.isPending ? (
        <LoadingRows label="Loading APIs" />
      ) : query.isError ? (
        <ErrorPanel
          title="Could not load the APIs"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : rows && rows.length === 0 ? (
        searching ? (
          <EmptyState
            icon={SearchX}
            title={`No APIs match “${search.trim()}”`}
            action={<Button onClick={() => setSearch('')}>Clear search</Button>}
          >
            Search looks at names and identifiers.
          </EmptyState>
        ) : (
          <EmptyState
            icon={Server}
            title="No APIs yet"
            action={
              <Button variant="primary" onClick={onCreate}>
                <Plus className="size-4" aria-hidden />
                Create API
              </Button>
            }
          >
            An API is what your services protect. Applications get tokens for it with the scopes you
            grant.
          </EmptyState>
        )
      ) : (
        <Table
          label="APIs"
          stale={!searching && paged.isPlaceholderData}
          footer={
            !searching &&
            paged.data && (
              <Pagination
                label="APIs pages"
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
              <th className={t.th}>Identifier</th>
              <th className={t.th}>Signing</th>
              <th className={t.th}>Scopes</th>
            </tr>
          </thead>
          <tbody>
            {rows?.map((rs) => (
              <tr key={rs.id} className={t.row}>
                <td className={t.td}>
                  <div className="flex items-center gap-3">
                    <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent-text">
                      {rs.is_system ? (
                        <ShieldCheck className="size-4" aria-hidden />
                      ) : (
                        <Server className="size-4" aria-hidden />
                      )}
                    </span>
                    <Link
                      to={`/apis/${rs.id}`}
                      className="font-medium text-fg hover:text-accent-text hover:underline"
                    >
                      {rs.name}
                    </Link>
                    {rs.is_system && <Badge>System</Badge>}
                  </div>
                </td>
                <td className={`${t.td} max-w-xs truncate font-mono text-[13px] text-muted`}>
                  {rs.identifier}
                </td>
                <td className={`${t.td} text-muted`}>{rs.signing_alg}</td>
                <td className={`${t.td} text-muted tabular-nums`}>{rs.scopes.length}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
