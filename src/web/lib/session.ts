import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { toManagementError } from '@/shared/api-client';
import { ApiError } from '@/shared/api-error';
import {
  CSRF_HEADER,
  CSRF_VALUE,
  sessionSchema,
  type PasswordChange,
  type Session,
  type SignIn,
} from '@/shared/schemas/session';

/**
 * The console session lives in an httpOnly cookie the page cannot read; `/api/session` says who
 * is signed in. `null` means signed out.
 */
async function sessionRequest(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  body?: SignIn | PasswordChange,
  signal?: AbortSignal,
  path = '/api/session',
) {
  const headers: Record<string, string> = { accept: 'application/json', [CSRF_HEADER]: CSRF_VALUE };
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    signal,
    credentials: 'same-origin',
    body: body ? JSON.stringify(body) : undefined,
  });
  const json: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, toManagementError(res.status, json));
  return json;
}

export const sessionKeys = {
  current: () => ['session'] as const,
};

export const sessionQueries = {
  current: () =>
    queryOptions({
      queryKey: sessionKeys.current(),
      queryFn: async ({ signal }): Promise<Session | null> => {
        try {
          return sessionSchema.parse(await sessionRequest('GET', undefined, signal));
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) return null;
          throw error;
        }
      },
      staleTime: 60_000,
    }),
};

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: SignIn) =>
      sessionSchema.parse(await sessionRequest('POST', credentials)),
    meta: { silentError: true },
    onSuccess: (session) => {
      qc.clear();
      qc.setQueryData(sessionKeys.current(), session);
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => sessionRequest('DELETE'),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(sessionKeys.current(), null);
    },
  });
}

/**
 * Changes the signed-in admin's password. The server ends every session of the account (other
 * browsers are signed out) and opens a new one in this browser, which it returns.
 */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (change: PasswordChange) =>
      sessionSchema.parse(await sessionRequest('PUT', change, undefined, '/api/session/password')),
    meta: { silentError: true },
    onSuccess: (session) => qc.setQueryData(sessionKeys.current(), session),
  });
}
