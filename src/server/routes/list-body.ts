import type { ListQuery } from '@/shared/schemas/paging';
import type { Page } from '../db/repos/paging';

/**
 * Auth0 list bodies: a bare array, or with `include_totals=true`
 * `{start, limit, total, <collection>: [...]}`.
 */
export function listBody<T>(collection: string, query: ListQuery, page: Page<T>) {
  if (!query.include_totals) return page.items;
  return {
    start: query.page * query.per_page,
    limit: query.per_page,
    total: page.total,
    [collection]: page.items,
  };
}
