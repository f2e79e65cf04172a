import { useSearchParams } from 'react-router';

/** Search text and page of a list, kept in the address so Back and reload keep them. */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const update = (next: { q?: string; page?: number }) =>
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        if (next.q !== undefined) {
          if (next.q) out.set('q', next.q);
          else out.delete('q');
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
