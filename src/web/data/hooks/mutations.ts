import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  hookCreateSchema,
  hookDraftSchema,
  hookDraftUpdateSchema,
  hookSchema,
  hookUpdateSchema,
  hookVersionSchema,
  type Hook,
  type HookCreate,
  type HookUpdate,
} from '@/shared/schemas/hook';
import { api, ifMatch } from '@/web/lib/api';
import { applyEnabled } from './enable';
import { hookKeys } from './keys';
import { HOOKS_PATH, hookPath, hookQueries, tagDraft } from './queries';

/** `?force=true` overrides failing test cases; the server records it in the tenant log. */
const forced = (force: boolean | undefined) => (force ? '?force=true' : '');

export function useCreateHook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: HookCreate) =>
      api.post(HOOKS_PATH, hookCreateSchema.parse(input), hookSchema),
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
      api.send('PATCH', `${hookPath(hook.id)}${forced(force)}`, hookSchema, {
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
      ifMatch: etag,
      force,
    }: {
      patch: HookUpdate;
      ifMatch: string | null;
      force?: boolean;
    }) =>
      api.send('PATCH', `${hookPath(id)}${forced(force)}`, hookSchema, {
        body: hookUpdateSchema.parse(patch),
        headers: ifMatch(etag),
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
    mutationFn: async ({ script, ifMatch: etag }: { script: string; ifMatch: string | null }) =>
      tagDraft(
        await api.send('PUT', `${hookPath(id)}/draft`, hookDraftSchema, {
          body: hookDraftUpdateSchema.parse({ script }),
          headers: ifMatch(etag),
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
    mutationFn: ({ ifMatch: etag }: { ifMatch?: string | null } = {}) =>
      api.send('DELETE', `${hookPath(id)}/draft`, z.undefined(), { headers: ifMatch(etag) }),
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
 * `version`, copying it into a new one. Either changes the live hook, its ETag, its draft state
 * and its versions: refresh them all. Failing test cases refuse it with 409 unless `force`.
 */
export function useDeployHook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({
      version,
      force,
      ifMatch: etag,
    }: { version?: number; force?: boolean; ifMatch?: string | null } = {}): Promise<void> => {
      if (version === undefined)
        await api.send('POST', `${hookPath(id)}/deploy${forced(force)}`, hookSchema, {
          headers: ifMatch(etag),
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
