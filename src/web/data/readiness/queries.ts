import { queryOptions } from '@tanstack/react-query';
import { readinessKeys } from './keys';

export interface Readiness {
  status: string;
  message?: string;
}

export const readinessQueries = {
  /**
   * `/readyz`: whether the server's store answers. While it does not, tokens are still issued but
   * nothing can be changed, and the console says so above every page. A 503 carries the same body.
   */
  current: () =>
    queryOptions({
      queryKey: readinessKeys.current(),
      queryFn: async ({ signal }): Promise<Readiness> =>
        (await fetch('/readyz', { signal })).json() as Promise<Readiness>,
      refetchInterval: 15_000,
      staleTime: 5_000,
    }),
};
