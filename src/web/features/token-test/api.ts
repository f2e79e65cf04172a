import { useMutation } from '@tanstack/react-query';
import type { Client } from '@/shared/schemas/client';
import type { HookExecution } from '@/shared/schemas/hook';
import { getClient } from '@/web/data/clients/queries';
import { getClientGrants } from '@/web/data/client-grants/queries';
import { getEnabledHooks, getHookExecution } from '@/web/data/hooks/queries';
import { readWellKnown } from '@/web/data/well-known/queries';
import {
  decodeJwt,
  jwksSchema,
  verifyJwt,
  verifyJwtWithKey,
  type DecodedJwt,
  type Jwks,
  type Verification,
  type VerificationKey,
} from './jwt';
import { jwksUrlProblem } from './keys';
import { requestInit, type TokenRequest } from './request';

/** One exchange the panel ran, with everything needed to show it again from the history. */
export interface TokenTestRun {
  id: string;
  at: Date;
  client: Pick<Client, 'client_id' | 'name'>;
  api: { name: string; identifier: string };
  request: TokenRequest;
  status: number;
  statusText: string;
  durationMs: number;
  retryAfter: string | null;
  body: unknown;
  /** The enabled credentials-exchange hook when the exchange ran. */
  hook: { id: string; name: string } | null;
  /** The grant's scopes (null: no grant), to tell what the hook changed. */
  grantScope: string[] | null;
  token: DecodedJwt | null;
  accessToken: string | null;
  verification: Verification | null;
  /**
   * The hook's execution record of this very exchange (the token response names it): what the
   * hook received and returned, what the token got, what the platform dropped and why.
   */
  execution: { record: HookExecution } | { error: string } | null;
}

export interface RunTokenTestInput {
  client: Pick<Client, 'client_id' | 'name'>;
  api: { name: string; identifier: string };
  tokenEndpoint: string;
}

/**
 * Runs a real exchange with the application's credentials, as a service would, then decodes the
 * token and verifies it against the JWKS. Errors are shown inline (`silentError`) and nothing is
 * written to the query cache.
 */
export function useRunTokenTest() {
  return useMutation({
    meta: { silentError: true },
    mutationFn: async ({
      client,
      api: target,
      tokenEndpoint,
    }: RunTokenTestInput): Promise<TokenTestRun> => {
      const [full, hooks, grants] = await Promise.all([
        getClient(client.client_id),
        getEnabledHooks('credentials-exchange'),
        getClientGrants({ client_id: client.client_id, audience: target.identifier }),
      ]);
      const request: TokenRequest = {
        url: tokenEndpoint,
        authMethod: full.token_endpoint_auth_method,
        clientId: full.client_id,
        clientSecret: full.client_secret ?? '',
        audience: target.identifier,
      };
      const { headers, body } = requestInit(request);
      const started = performance.now();
      // Same origin: the issuer URL may be a public name the browser cannot reach from here.
      const res = await fetch('/oauth/token', {
        method: 'POST',
        headers,
        body,
        credentials: 'omit',
      });
      const text = await res.text();
      const durationMs = Math.round(performance.now() - started);
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: shown as text.
      }
      const accessToken =
        res.ok &&
        typeof parsed === 'object' &&
        parsed !== null &&
        typeof (parsed as { access_token?: unknown }).access_token === 'string'
          ? (parsed as { access_token: string }).access_token
          : null;
      const hook = hooks[0];
      const executionId = res.headers.get('tokenhook-hook-execution');
      const [verification, execution] = await Promise.all([
        accessToken ? verifyAgainstServer(accessToken) : null,
        hook && executionId ? readExecution(hook.id, executionId) : null,
      ]);
      const grant = grants.find(
        (g) => g.client_id === client.client_id && g.audience === target.identifier,
      );
      return {
        id: crypto.randomUUID?.() ?? String(Date.now()),
        at: new Date(),
        client: { client_id: full.client_id, name: full.name },
        api: target,
        request,
        status: res.status,
        statusText: res.statusText,
        durationMs,
        retryAfter: res.headers.get('retry-after'),
        body: parsed,
        hook: hook ? { id: hook.id, name: hook.name } : null,
        grantScope: grant ? grant.scope : null,
        token: accessToken ? decodeJwt(accessToken) : null,
        accessToken,
        verification,
        execution,
      };
    },
  });
}

async function verifyAgainstServer(token: string): Promise<Verification> {
  const jwks: Jwks | Error = await readWellKnown('/.well-known/jwks.json', (v) =>
    jwksSchema.parse(v),
  ).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  return jwks instanceof Error
    ? { status: 'failed', reason: `The JWKS could not be read: ${jwks.message}` }
    : verifyJwt(token, jwks);
}

/** The execution record the token response named (`Tokenhook-Hook-Execution`). */
async function readExecution(hookId: string, id: string): Promise<TokenTestRun['execution']> {
  try {
    const record = await getHookExecution(hookId, id);
    return { record };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Where the standalone decoder takes its key from. */
export type KeySource =
  | { kind: 'server' }
  | { kind: 'url'; url: string }
  | { kind: 'key'; key: VerificationKey; description: string };

/** Reads a JWKS from a URL of this origin (the CSP allows no other), saying what is wrong with it. */
async function fetchJwks(input: string): Promise<Jwks> {
  const checked = jwksUrlProblem(input, window.location.origin);
  if ('problem' in checked) throw new Error(checked.problem);
  const res = await fetch(checked.url, {
    credentials: 'omit',
    headers: { accept: 'application/json' },
  });
  if (!res.ok)
    throw new Error(`${checked.url} answered ${res.status} ${res.statusText}: no JWKS there.`);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new Error(`${checked.url} did not answer with JSON: no JWKS there.`);
  }
  const jwks = jwksSchema.safeParse(body);
  if (!jwks.success)
    throw new Error(
      `${checked.url} is JSON but not a JWKS (it needs "keys": an array of keys, each with a "kty").`,
    );
  return jwks.data;
}

/** Verifies a pasted token (the standalone decoder) against this server's JWKS, a JWKS URL or a pasted key. */
export function useVerifyToken() {
  return useMutation({
    meta: { silentError: true },
    mutationFn: async ({
      token,
      source,
    }: {
      token: string;
      source: KeySource;
    }): Promise<Verification> => {
      if (source.kind === 'key') return verifyJwtWithKey(token, source.key);
      const jwks =
        source.kind === 'url'
          ? await fetchJwks(source.url)
          : await readWellKnown('/.well-known/jwks.json', (v) => jwksSchema.parse(v));
      return verifyJwt(token, jwks);
    },
  });
}
