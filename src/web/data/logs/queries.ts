import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { logEventSchema } from '@/shared/schemas/log';
import { getPage, type PageParams } from '@/web/lib/api';
import { logKeys, type LogFilter } from './keys';

export const LOGS_PER_PAGE = 20;

export const logQueries = {
  /** One page, newest first (the server's order). */
  list: (params: PageParams, filter: LogFilter) =>
    queryOptions({
      queryKey: logKeys.list(params, filter),
      queryFn: ({ signal }) =>
        getPage(
          '/logs',
          'logs',
          logEventSchema,
          params,
          signal,
          filter.type ? { type: filter.type } : {},
        ),
      placeholderData: keepPreviousData,
      staleTime: 0,
    }),
};
