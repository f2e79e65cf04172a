import { matches } from '@/web/lib/format';
import type { GrantTarget } from './components/grant-row';

/** Rows a grant list shows at once; shorter lists show everything, with no search box or pager. */
export const GRANT_LIST_PAGE = 100;

/**
 * The rows of a grant list (an API's applications, or an application's APIs) that match `search`
 * (name or identifier), one page of them. A page past the end shows the last one, so a search
 * that narrows the list never leaves an empty page behind.
 */
export function grantListPage(
  targets: GrantTarget[],
  search: string,
  page: number,
  perPage = GRANT_LIST_PAGE,
) {
  const matching = targets.filter((t) => matches(search, t.title, t.subtitle));
  const last = Math.max(0, Math.ceil(matching.length / perPage) - 1);
  const shown = Math.min(page, last);
  return {
    rows: matching.slice(shown * perPage, (shown + 1) * perPage),
    total: matching.length,
    page: shown,
  };
}
