import type { z } from 'zod';
import { ApiError } from './api-error';
import { managementError, managementErrorSchema, type ManagementError } from './schemas/errors';

/** Normalises whatever a failed response carried into the management error shape. */
export function toManagementError(status: number, json: unknown): ManagementError {
  const parsed = managementErrorSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return managementError(status, 'unexpected_response', `Request failed with status ${status}`);
}

export interface ApiClientOptions {
  /** Origin of the Tokenhook server, e.g. `http://localhost:3000`; `''` for same-origin. */
  baseUrl: string;
  /** Bearer token for `/api/v2`; `null` when the caller relies on a session cookie. */
  getToken: () => string | null;
  /** Extra headers on every request (the console's CSRF header). */
  headers?: Record<string, string>;
  onUnauthorized?: () => void;
}

type RequestOptions = { signal?: AbortSignal };

/** The one Management API client, shared by the console and the CLI (fetch only). */
export function createApiClient(opts: ApiClientOptions) {
  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const token = opts.getToken();
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${opts.baseUrl}/api/v2${path}`, {
      method,
      signal,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401) opts.onUnauthorized?.();
    const json: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
    if (!res.ok) throw new ApiError(res.status, toManagementError(res.status, json));
    return schema.parse(json);
  }
  return {
    get: <T>(path: string, schema: z.ZodType<T>, o?: RequestOptions) =>
      call('GET', path, schema, undefined, o?.signal),
    post: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: RequestOptions) =>
      call('POST', path, schema, body, o?.signal),
    put: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: RequestOptions) =>
      call('PUT', path, schema, body, o?.signal),
    patch: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: RequestOptions) =>
      call('PATCH', path, schema, body, o?.signal),
    del: <T>(path: string, schema: z.ZodType<T>, body?: unknown, o?: RequestOptions) =>
      call('DELETE', path, schema, body, o?.signal),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;
