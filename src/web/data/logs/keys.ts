import type { LogType } from '@/shared/schemas/log';
import type { PageParams } from '@/web/lib/api';

export interface LogFilter {
  type?: LogType;
}

export const logKeys = {
  all: ['logs'] as const,
  list: (params: PageParams, filter: LogFilter) =>
    [...logKeys.all, 'list', params, filter] as const,
};
