import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  hookTryRequestSchema,
  hookTryResponseSchema,
  type HookTryRequest,
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
import { api } from '@/web/lib/api';
import { hookKeys } from './keys';
import { hookPath } from './queries';

const testPath = (id: string, test: HookTestCase) =>
  `${hookPath(id)}/tests/${encodeURIComponent(test.id)}`;

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
      api.put(testPath(id, old), hookTestCaseCreateSchema.parse(input), hookTestCaseSchema),
    meta: { silentError: true },
    onSettled: () => qc.invalidateQueries({ queryKey: hookKeys.tests(id) }),
  });
}

export function useDeleteHookTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (test: HookTestCase) => api.del(testPath(id, test), z.undefined()),
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
