import type { ReactNode } from 'react';
import { SearchX } from 'lucide-react';
import type { ClientGrant } from '@/shared/schemas/client-grant';
import { Button } from '@/web/components/ui/button';
import { EmptyState } from '@/web/components/ui/empty-state';
import { Pagination } from '@/web/components/ui/pagination';
import { SearchInput } from '@/web/components/ui/search-input';
import { useListParams } from '@/web/lib/use-list-params';
import { GRANT_LIST_PAGE, grantListPage } from '../grant-list-page';
import { GrantRow, type GrantTarget } from './grant-row';

interface GrantListProps {
  /** One row per application (on an API) or per API (on an application). */
  targets: GrantTarget[];
  grants: ClientGrant[];
  /** What to say when a row's API has no scopes (e.g. a link to its Scopes tab). */
  noScopes: (target: GrantTarget) => ReactNode;
  /** What the rows are, for the search box and the pager: "applications" or "APIs". */
  noun: string;
}

/**
 * The "Authorized" switch and scope checklist per pair, as on Auth0's Machine to Machine tab. A
 * long list (a tenant with thousands of applications) gets a search box and pages.
 */
export function GrantList({ targets, grants, noScopes, noun }: GrantListProps) {
  const { search, page, setSearch, setPage } = useListParams();
  const byPair = new Map(grants.map((g) => [`${g.client_id}\n${g.audience}`, g]));
  const long = targets.length > GRANT_LIST_PAGE;
  const shown = grantListPage(targets, long ? search : '', page);
  return (
    <div className="space-y-4">
      {long && <SearchInput label={`Search ${noun}`} value={search} onChange={setSearch} />}
      {shown.total === 0 ? (
        <EmptyState
          icon={SearchX}
          title={`No ${noun} match “${search.trim()}”`}
          action={<Button onClick={() => setSearch('')}>Clear search</Button>}
        >
          Search looks at names and identifiers.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-xl border border-line bg-surface shadow-xs">
          <ul className="divide-y divide-line">
            {shown.rows.map((target) => (
              <li key={target.key}>
                <GrantRow
                  target={target}
                  grant={byPair.get(`${target.client_id}\n${target.audience}`)}
                  noScopes={noScopes(target)}
                />
              </li>
            ))}
          </ul>
          <Pagination
            page={shown.page}
            perPage={GRANT_LIST_PAGE}
            total={shown.total}
            onPageChange={setPage}
            label={`Pages of ${noun}`}
          />
        </div>
      )}
    </div>
  );
}
