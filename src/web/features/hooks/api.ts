import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import {
  hookCreateSchema,
  hookDraftSchema,
  hookDraftUpdateSchema,
  hookExecutionSchema,
  hookSchema,
  hookSecretNamesSchema,
  hookSecretsSchema,
  hookTryRequestSchema,
  hookTryResponseSchema,
  hookUnsetSecretsSchema,
  hookUpdateSchema,
  hookVersionSchema,
  type Hook,
  type HookCreate,
  type HookDraft,
  type HookExecution,
  type HookTryRequest,
  type HookUpdate,
} from '@/shared/schemas/hook';
import {
  hookTestCaseCreateSchema,
  hookTestCaseSchema,
  hookTestRunRequestSchema,
  hookTestRunSchema,
  type HookTestCase,
  type HookTestCaseCreate,
  type HookTestRunRequest,
} from '@/shared/schemas/hook-test';
import { api, getAll, getPage, requestTagged, type Tagged } from '@/web/lib/api';
import { applyEnabled } from './enable';

const PATH = '/hooks';

const hookPath = (id: string) => `${PATH}/${encodeURIComponent(id)}`;

/** `?force=true` overrides failing test cases; the server records it in the tenant log. */
const forced = (force: boolean | undefined) => (force ? '?force=true' : '');

export const hookKeys = {
  all: ['hooks'] as const,
  list: () => [...hookKeys.all, 'list'] as const,
  detail: (id: string) => [...hookKeys.all, 'detail', id] as const,
  secrets: (id: string) => [...hookKeys.all, 'secrets', id] as const,
  logs: (id: string) => [...hookKeys.all, 'logs', id] as const,
  draft: (id: string) => [...hookKeys.all, 'draft', id] as const,
  versions: (id: string) => [...hookKeys.all, 'versions', id] as const,
  version: (id: string, n: number) => [...hookKeys.versions(id), n] as const,
  tests: (id: string) => [...hookKeys.all, 'tests', id] as const,
};

/** How many versions the Versions panel lists (newest first); older ones are a page away. */
export const VERSIONS_PAGE = 20;

/** How many executions the Logs panel loads from the history; the live tail adds to them. */
export const LOG_HISTORY = 50;

export const hookQueries = {
  /** Every hook: the page groups them by extensibility point (admins have a handful). */
  list: () =>
    queryOptions({
      queryKey: hookKeys.list(),
      queryFn: ({ signal }) => getAll(PATH, 'hooks', hookSchema, signal),
    }),
  /** The hook with its ETag: the editor saves with `If-Match` so it never overwrites a newer version. */
  detail: (id: string) =>
    queryOptions({
      queryKey: hookKeys.detail(id),
      queryFn: ({ signal }): Promise<Tagged<Hook>> =>
        requestTagged('GET', hookPath(id), hookSchema, { signal }),
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
      queryKey: [...hookKeys.secrets(id), 'unset'] as const,
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
        tagDraft(await requestTagged('GET', `${hookPath(id)}/draft`, hookDraftSchema, { signal })),
    }),
  /** One page of versions, newest first; the newest is live. */
  versions: (id: string, page = 0) =>
    queryOptions({
      queryKey: [...hookKeys.versions(id), 'page', page] as const,
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

/** A draft with the ETag it was read or saved with. */
export type TaggedDraft = HookDraft & { etag: string | null };
const tagDraft = ({ data, etag }: Tagged<HookDraft>): TaggedDraft => ({ ...data, etag });

export function useCreateHook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: HookCreate) => api.post(PATH, hookCreateSchema.parse(input), hookSchema),
    meta: { silentError: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: hookKeys.list() }),
  });
}

/**
 * Enables or disables a hook. Enabling one disables the point's other enabled hook on the server,
 * in the same transaction: the list shows both at once (optimistically) and rolls back if refused
 * (failing test cases refuse it with 409 unless `force`).
 */
export function useSetHookEnabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ hook, enabled, force }: { hook: Hook; enabled: boolean; force?: boolean }) =>
      requestTagged('PATCH', `${hookPath(hook.id)}${forced(force)}`, hookSchema, {
        body: hookUpdateSchema.parse({ enabled }),
      }),
    meta: { silentError: true },
    onMutate: async ({ hook, enabled }) => {
      const { queryKey } = hookQueries.list();
      await qc.cancelQueries({ queryKey });
      const previous = qc.getQueryData(queryKey);
      qc.setQueryData(queryKey, (hooks) => hooks && applyEnabled(hooks, hook, enabled));
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) qc.setQueryData(hookQueries.list().queryKey, context.previous);
    },
    onSuccess: (saved) => qc.setQueryData(hookKeys.detail(saved.data.id), saved),
    // Other hooks of the point changed too (and their ETags): refresh everything about hooks.
    onSettled: () => qc.invalidateQueries({ queryKey: hookKeys.all }),
  });
}

/**
 * Saves script, name or time limit; `ifMatch` refuses the save (412) if the hook changed since.
 * New code on an enabled hook goes live only through the gate: 400 `hook_compile_error` or 409
 * `test_cases_failed` (unless `force`) refuse it and nothing changes.
 */
export function useUpdateHook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      patch,
      ifMatch,
      force,
    }: {
      patch: HookUpdate;
      ifMatch: string | null;
      force?: boolean;
    }) =>
      requestTagged('PATCH', `${hookPath(id)}${forced(force)}`, hookSchema, {
        body: hookUpdateSchema.parse(patch),
        ifMatch,
      }),
    meta: { silentError: true },
    onSuccess: (saved) => {
      qc.setQueryData(hookKeys.detail(id), saved);
      return Promise.all([
        qc.invalidateQueries({ queryKey: hookKeys.list() }),
        qc.invalidateQueries({ queryKey: hookKeys.versions(id) }),
        qc.invalidateQueries({ queryKey: hookKeys.draft(id) }),
      ]);
    },
  });
}

/** Saves the editor's draft (`ifMatch`: the draft it replaces): the live hook, and so `/oauth/token`, are untouched. */
export function useSaveHookDraft(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ script, ifMatch }: { script: string; ifMatch: string | null }) =>
      tagDraft(
        await requestTagged('PUT', `${hookPath(id)}/draft`, hookDraftSchema, {
          body: hookDraftUpdateSchema.parse({ script }),
          ifMatch,
        }),
      ),
    meta: { silentError: true },
    onSuccess: (draft) => {
      qc.setQueryData(hookKeys.draft(id), draft);
      return qc.invalidateQueries({ queryKey: hookKeys.list() });
    },
  });
}

/** Drops the saved draft (`ifMatch`: only the draft it saw). */
export function useDiscardHookDraft(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ifMatch }: { ifMatch?: string | null } = {}) =>
      requestTagged('DELETE', `${hookPath(id)}/draft`, z.undefined(), { ifMatch: ifMatch ?? null }),
    meta: { silentError: true },
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: hookKeys.draft(id) }),
        qc.invalidateQueries({ queryKey: hookKeys.list() }),
      ]),
  });
}

/**
 * Makes the saved draft live as a new version (`ifMatch`: the draft it means), or rolls back to
 * `version`, copying it into a new one. Either changes the live hook, its ETag, its draft state and its versions: refresh them all.
 * Failing test cases refuse it with 409 unless `force`.
 */
export function useDeployHook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({
      version,
      force,
      ifMatch,
    }: { version?: number; force?: boolean; ifMatch?: string | null } = {}): Promise<void> => {
      if (version === undefined)
        await requestTagged('POST', `${hookPath(id)}/deploy${forced(force)}`, hookSchema, {
          ifMatch: ifMatch ?? null,
        });
      else
        await api.post(
          `${hookPath(id)}/versions/${version}/deploy${forced(force)}`,
          undefined,
          hookVersionSchema,
        );
    },
    meta: { silentError: true },
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: hookKeys.detail(id) }),
        qc.invalidateQueries({ queryKey: hookKeys.draft(id) }),
        qc.invalidateQueries({ queryKey: hookKeys.versions(id) }),
        qc.invalidateQueries({ queryKey: hookKeys.list() }),
      ]),
  });
}

export function useDeleteHook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(hookPath(id), z.undefined()),
    onSuccess: (_none, id) => {
      qc.removeQueries({ queryKey: hookKeys.detail(id) });
      return qc.invalidateQueries({ queryKey: hookKeys.list() });
    },
  });
}

/** Adds (`mode: 'add'`, 409 if it exists) or replaces (`'update'`) one secret. */
export function useSetHookSecret(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      name,
      value,
      mode,
    }: {
      name: string;
      value: string;
      mode: 'add' | 'update';
    }) => {
      const body = hookSecretsSchema.parse({ [name]: value });
      return mode === 'add'
        ? api.post(`${hookPath(id)}/secrets`, body, z.unknown())
        : api.patch(`${hookPath(id)}/secrets`, body, z.unknown());
    },
    meta: { silentError: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: hookKeys.secrets(id) }),
  });
}

export function useDeleteHookSecret(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api.del(`${hookPath(id)}/secrets`, z.undefined(), hookSecretNamesSchema.parse([name])),
    onSuccess: () => qc.invalidateQueries({ queryKey: hookKeys.secrets(id) }),
  });
}

/** The Runner: runs a draft against a payload or a real application and API. Nothing is saved. */
export function useTryHook(id: string) {
  return useMutation({
    mutationFn: (input: HookTryRequest) =>
      api.post(`${hookPath(id)}/try`, hookTryRequestSchema.parse(input), hookTryResponseSchema),
    meta: { silentError: true },
  });
}

export function useCreateHookTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: HookTestCaseCreate) =>
      api.post(`${hookPath(id)}/tests`, hookTestCaseCreateSchema.parse(input), hookTestCaseSchema),
    meta: { silentError: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: hookKeys.tests(id) }),
  });
}

/** Edits a test case in place (same id, same position in the list). */
export function useReplaceHookTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ old, input }: { old: HookTestCase; input: HookTestCaseCreate }) =>
      api.put(
        `${hookPath(id)}/tests/${encodeURIComponent(old.id)}`,
        hookTestCaseCreateSchema.parse(input),
        hookTestCaseSchema,
      ),
    meta: { silentError: true },
    onSettled: () => qc.invalidateQueries({ queryKey: hookKeys.tests(id) }),
  });
}

export function useDeleteHookTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (test: HookTestCase) =>
      api.del(`${hookPath(id)}/tests/${encodeURIComponent(test.id)}`, z.undefined()),
    meta: { silentError: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: hookKeys.tests(id) }),
  });
}

/** Runs every saved test case against the draft, the live code or a version. Nothing is cached: the tab keeps the run. */
export function useRunHookTests(id: string) {
  return useMutation({
    mutationFn: (req: HookTestRunRequest) =>
      api.post(`${hookPath(id)}/test`, hookTestRunRequestSchema.parse(req), hookTestRunSchema),
    meta: { silentError: true },
  });
}

export type LogStreamStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * Tails `/hooks/{id}/logs/stream` (Server-Sent Events; the session cookie authenticates it) into
 * the logs query, newest first. After a reconnect the history is read again, for what was missed.
 */
export function useHookLogStream(id: string): LogStreamStatus {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LogStreamStatus>('connecting');
  useEffect(() => {
    const source = new EventSource(`/api/v2${hookPath(id)}/logs/stream`);
    let dropped = false;
    setStatus('connecting');
    source.addEventListener('ready', () => {
      setStatus('live');
      if (dropped) void qc.invalidateQueries({ queryKey: hookKeys.logs(id) });
      dropped = false;
    });
    source.addEventListener('execution', (event: MessageEvent<string>) => {
      const parsed = hookExecutionSchema.safeParse(JSON.parse(event.data));
      if (!parsed.success) return;
      // Until the history is loaded the cache stays empty: a live run alone in it would pass for
      // the history, which would then never be fetched. The history will include this run.
      qc.setQueryData(hookQueries.logs(id).queryKey, (current: HookExecution[] | undefined) =>
        current === undefined || current.some((e) => e.id === parsed.data.id)
          ? current
          : [parsed.data, ...current],
      );
    });
    source.addEventListener('error', () => {
      dropped = true;
      setStatus('reconnecting'); // EventSource reconnects by itself
    });
    return () => source.close();
  }, [id, qc]);
  return status;
}
