export const hookKeys = {
  all: ['hooks'] as const,
  list: () => [...hookKeys.all, 'list'] as const,
  /** The enabled hook of an extensibility point (at most one). */
  enabled: (triggerId: string) => [...hookKeys.all, 'enabled', triggerId] as const,
  detail: (id: string) => [...hookKeys.all, 'detail', id] as const,
  secrets: (id: string) => [...hookKeys.all, 'secrets', id] as const,
  unsetSecrets: (id: string) => [...hookKeys.secrets(id), 'unset'] as const,
  logs: (id: string) => [...hookKeys.all, 'logs', id] as const,
  draft: (id: string) => [...hookKeys.all, 'draft', id] as const,
  versions: (id: string) => [...hookKeys.all, 'versions', id] as const,
  versionPage: (id: string, page: number) => [...hookKeys.versions(id), 'page', page] as const,
  version: (id: string, n: number) => [...hookKeys.versions(id), n] as const,
  tests: (id: string) => [...hookKeys.all, 'tests', id] as const,
};
