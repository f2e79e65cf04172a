/**
 * Signing in as a profile: management tokens by client credentials, cached until shortly before
 * they expire, and the one Management API client (`@/shared/api-client`) carrying them.
 */
import { createApiClient, toManagementError } from '@/shared/api-client';
import { ApiError } from '@/shared/api-error';
import { managementApiPath } from '@/shared/management-scopes';
import { oauthErrorSchema } from '@/shared/schemas/errors';
import { discoverySchema, tokenResponseSchema } from '@/shared/schemas/token';
import type { z } from 'zod';
import { resolveProfile, tokenCache, type ResolvedProfile } from './config';
import { CliError, networkFailure } from './errors';

/** Renew this long before `exp`, so a token never expires between the check and the request. */
const RENEW_MARGIN_MS = 60_000;

/** Runs a request; a socket failure becomes "Cannot reach URL: reason". */
export async function reach<T>(baseUrl: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    throw networkFailure(err, baseUrl) ?? err;
  }
}

export interface TokenRequest {
  client_id: string;
  client_secret: string;
  audience: string;
  scope?: string;
}

/** One client-credentials exchange at `POST /oauth/token` (JSON body, client_secret_post). */
export async function requestToken(
  baseUrl: string,
  params: TokenRequest,
): Promise<{ status: number; body: unknown }> {
  return reach(baseUrl, async () => {
    const res = await fetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', ...params }),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
  });
}

/** `error_description (error)` of an RFC 6749 §5.2 body, or the bare status. */
export function describeOAuthError(status: number, body: unknown): string {
  const parsed = oauthErrorSchema.safeParse(body);
  if (!parsed.success) return `HTTP ${status}`;
  return parsed.data.error_description
    ? `${parsed.data.error_description} (${parsed.data.error})`
    : parsed.data.error;
}

/**
 * The Management API's audience is `${issuer}/api/v2/`; the issuer comes from discovery because
 * the URL the CLI uses (localhost, a private name) need not be the public ISSUER_BASE_URL.
 */
async function managementAudience(baseUrl: string): Promise<string> {
  const res = await reach(baseUrl, () =>
    fetch(`${baseUrl}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
    }),
  );
  const discovery = discoverySchema.safeParse(await res.json().catch(() => undefined));
  if (!res.ok || !discovery.success) {
    throw new CliError(
      `${baseUrl} does not look like a Tokenhook server (GET /.well-known/openid-configuration answered ${res.status})`,
    );
  }
  return `${discovery.data.issuer.replace(/\/+$/, '')}${managementApiPath}`;
}

/** Gets a fresh management token and caches it; bad credentials end the command. */
export async function obtainManagementToken(profile: ResolvedProfile): Promise<string> {
  const audience = await managementAudience(profile.url);
  const res = await requestToken(profile.url, {
    client_id: profile.client_id,
    client_secret: profile.client_secret,
    audience,
  });
  if (res.status !== 200)
    throw new CliError(`Profile ${profile.name}: ${describeOAuthError(res.status, res.body)}`);
  const token = tokenResponseSchema.parse(res.body);
  tokenCache.set(profile, {
    access_token: token.access_token,
    expires_at: Date.now() + token.expires_in * 1000,
  });
  return token.access_token;
}

export type Session = ReturnType<typeof createSession>;

/** Resolves the profile (flag, environment, file) and opens a session on it. */
export function openSession(profileFlag: string | undefined) {
  return createSession(resolveProfile(profileFlag));
}

export function createSession(profile: ResolvedProfile) {
  let token: string | undefined;
  let fromCache = false;

  async function ensureToken() {
    if (token) return;
    const cached = tokenCache.get(profile);
    if (cached && cached.expires_at - RENEW_MARGIN_MS > Date.now()) {
      token = cached.access_token;
      fromCache = true;
    } else {
      token = await obtainManagementToken(profile);
    }
  }

  /** Runs a request with a token; a cached token the server refuses (keys rotated, server reset) is renewed once. */
  async function withToken<T>(request: () => Promise<T>): Promise<T> {
    await ensureToken();
    try {
      return await reach(profile.url, request);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401 && fromCache)) throw err;
      fromCache = false;
      token = await obtainManagementToken(profile);
      return reach(profile.url, request);
    }
  }

  const raw = createApiClient({ baseUrl: profile.url, getToken: () => token ?? null });
  type Opts = { signal?: AbortSignal };
  const api = {
    get: <T>(path: string, schema: z.ZodType<T>, o?: Opts) =>
      withToken(() => raw.get(path, schema, o)),
    post: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: Opts) =>
      withToken(() => raw.post(path, body, schema, o)),
    put: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: Opts) =>
      withToken(() => raw.put(path, body, schema, o)),
    patch: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: Opts) =>
      withToken(() => raw.patch(path, body, schema, o)),
    del: <T>(path: string, schema: z.ZodType<T>, body?: unknown, o?: Opts) =>
      withToken(() => raw.del(path, schema, body, o)),
  };

  /** A streaming GET under `/api/v2` (Server-Sent Events); the caller reads the body. */
  function stream(path: string, signal: AbortSignal): Promise<Response> {
    return withToken(async () => {
      const res = await fetch(`${profile.url}/api/v2${path}`, {
        signal,
        headers: { accept: 'text/event-stream', authorization: `Bearer ${token ?? ''}` },
      });
      if (!res.ok)
        throw new ApiError(
          res.status,
          toManagementError(res.status, await res.json().catch(() => undefined)),
        );
      return res;
    });
  }

  return { profile, api, stream };
}
