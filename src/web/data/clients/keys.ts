import type { PageParams } from '@/web/lib/api';

export const clientKeys = {
  all: ['clients'] as const,
  lists: () => [...clientKeys.all, 'list'] as const,
  list: (params: PageParams) => [...clientKeys.lists(), params] as const,
  every: () => [...clientKeys.lists(), 'every'] as const,
  detail: (id: string) => [...clientKeys.all, 'detail', id] as const,
};
