import { useSearchParams } from 'react-router';

/**
 * The filter (search text by default, under `key`) and page of a list, kept in the address so
 * Back and reload keep them. Changing the filter goes back to the first page.
 */
export function useListParams(key = 'q') {
  const [params, setParams] = useSearchParams();
  const search = params.get(key) ?? '';
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const update = (next: { q?: string; page?: number }) =>
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        if (next.q !== undefined) {
          if (next.q) out.set(key, next.q);
          else out.delete(key);
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
  return {
    search,
    page,
    setSearch: (q: string) => update({ q }),
    setPage: (p: number) => update({ page: p }),
  };
}
