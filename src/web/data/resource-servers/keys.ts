import type { PageParams } from '@/web/lib/api';

export const resourceServerKeys = {
  all: ['resource-servers'] as const,
  lists: () => [...resourceServerKeys.all, 'list'] as const,
  list: (params: PageParams) => [...resourceServerKeys.lists(), params] as const,
  every: () => [...resourceServerKeys.lists(), 'every'] as const,
  detail: (id: string) => [...resourceServerKeys.all, 'detail', id] as const,
};
