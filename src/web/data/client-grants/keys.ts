/** Grants seen from an API (`audience`) or from an application (`client_id`). */
export type GrantFilter = { audience: string } | { client_id: string };

export const clientGrantKeys = {
  all: ['client-grants'] as const,
  list: (filter: GrantFilter) => [...clientGrantKeys.all, 'list', filter] as const,
  every: () => [...clientGrantKeys.all, 'every'] as const,
};
