import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import type { Tagged } from '@/shared/api-client';
import {
  hookDraftSchema,
  hookExecutionSchema,
  hookSchema,
  hookUnsetSecretsSchema,
  hookVersionSchema,
  type Hook,
  type HookDraft,
} from '@/shared/schemas/hook';
import { hookTestCaseSchema } from '@/shared/schemas/hook-test';
import { api, getAll, getPage } from '@/web/lib/api';
import { hookKeys } from './keys';

export const HOOKS_PATH = '/hooks';

export const hookPath = (id: string) => `${HOOKS_PATH}/${encodeURIComponent(id)}`;

/** How many versions the Versions panel lists (newest first); older ones are a page away. */
export const VERSIONS_PAGE = 20;

/** How many executions the Logs panel loads from the history; the live tail adds to them. */
export const LOG_HISTORY = 50;

/** A draft with the ETag it was read or saved with. */
export type TaggedDraft = HookDraft & { etag: string | null };
export const tagDraft = ({ data, etag }: Tagged<HookDraft>): TaggedDraft => ({ ...data, etag });

/** The hooks of an extensibility point that are enabled (the server keeps it to one). */
export const getEnabledHooks = (triggerId: string, signal?: AbortSignal) =>
  getAll(HOOKS_PATH, 'hooks', hookSchema, signal, { triggerId, enabled: 'true' });

/** One execution record of a hook (the token response names the one it made). */
export const getHookExecution = (hookId: string, executionId: string, signal?: AbortSignal) =>
  api.get(`${hookPath(hookId)}/logs/${encodeURIComponent(executionId)}`, hookExecutionSchema, {
    signal,
  });

export const hookQueries = {
  /** Every hook: the page groups them by extensibility point (admins have a handful). */
  list: () =>
    queryOptions({
      queryKey: hookKeys.list(),
      queryFn: ({ signal }) => getAll(HOOKS_PATH, 'hooks', hookSchema, signal),
    }),
  /** The point's enabled hook, or `null`: it runs on every exchange. */
  enabled: (triggerId: string) =>
    queryOptions({
      queryKey: hookKeys.enabled(triggerId),
      queryFn: async ({ signal }) => (await getEnabledHooks(triggerId, signal))[0] ?? null,
    }),
  /** The hook with its ETag: the editor saves with `If-Match` so it never overwrites a newer version. */
  detail: (id: string) =>
    queryOptions({
      queryKey: hookKeys.detail(id),
      queryFn: ({ signal }): Promise<Tagged<Hook>> =>
        api.send('GET', hookPath(id), hookSchema, { signal }),
    }),
  /** Secret names; values are write-only and read back as a placeholder. */
  secrets: (id: string) =>
    queryOptions({
      queryKey: hookKeys.secrets(id),
      queryFn: async ({ signal }) =>
        Object.keys(
          await api.get(`${hookPath(id)}/secrets`, z.record(z.string(), z.string()), { signal }),
        ),
    }),
  /** Secrets without a value (imported as the placeholder); refreshed with the secrets. */
  unsetSecrets: (id: string) =>
    queryOptions({
      queryKey: hookKeys.unsetSecrets(id),
      queryFn: async ({ signal }) =>
        (await api.get(`${hookPath(id)}/secrets/unset`, hookUnsetSecretsSchema, { signal })).names,
    }),
  /** The newest executions; `useHookLogStream` prepends live ones to the same cache entry. */
  logs: (id: string) =>
    queryOptions({
      queryKey: hookKeys.logs(id),
      queryFn: async ({ signal }) =>
        (
          await getPage(
            `${hookPath(id)}/logs`,
            'logs',
            hookExecutionSchema,
            { page: 0, per_page: LOG_HISTORY },
            signal,
          )
        ).logs,
    }),
  /**
   * The saved draft, or the live script when there is none (`has_draft: false`), with its own ETag:
   * saves, discards and deploys send it as `If-Match`, so none acts on a draft it did not see.
   */
  draft: (id: string) =>
    queryOptions({
      queryKey: hookKeys.draft(id),
      queryFn: async ({ signal }): Promise<TaggedDraft> =>
        tagDraft(await api.send('GET', `${hookPath(id)}/draft`, hookDraftSchema, { signal })),
    }),
  /** One page of versions, newest first; the newest is live. */
  versions: (id: string, page = 0) =>
    queryOptions({
      queryKey: hookKeys.versionPage(id, page),
      queryFn: ({ signal }) =>
        getPage(
          `${hookPath(id)}/versions`,
          'versions',
          hookVersionSchema,
          { page, per_page: VERSIONS_PAGE },
          signal,
        ),
    }),
  /** One version by number (immutable, so it never goes stale; `live` is read from the list). */
  version: (id: string, n: number) =>
    queryOptions({
      queryKey: hookKeys.version(id, n),
      queryFn: ({ signal }) =>
        api.get(`${hookPath(id)}/versions/${n}`, hookVersionSchema, { signal }),
      staleTime: Infinity,
    }),
  /** The saved test cases, in the order they were written (the order runs report them in). */
  tests: (id: string) =>
    queryOptions({
      queryKey: hookKeys.tests(id),
      queryFn: ({ signal }) =>
        api.get(`${hookPath(id)}/tests`, hookTestCaseSchema.array(), { signal }),
    }),
};
