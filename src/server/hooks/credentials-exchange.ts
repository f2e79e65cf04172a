/**
 * Auth0 credentials-exchange semantics: what a hook is given, and how its `cb(null, result)`
 * becomes token content.
 */
import { isCustomClaimName, whyDropped, type ClaimStyle } from '@/shared/claims';
import type { ActionsGeoIp, CredentialsExchangeArgs } from '@/shared/hook-contract';
import { scopeValueSchema } from '@/shared/schemas/resource-server';

/** Custom claims together may take at most 100 KB (Auth0's limit). */
export const MAX_CUSTOM_CLAIMS_BYTES = 100 * 1024;

export type ExchangeResult =
  | {
      ok: true;
      scopes: string[];
      claims: Record<string, unknown>;
      /** What the hook returned that the platform ignored, each with why. */
      dropped: { name: string; reason: string }[];
    }
  | { ok: false; message: string };

/** Scope values already found valid: a hook returns the same few on every token request. */
const validScopes = new Set<string>();
const MAX_VALID_SCOPES = 10_000;

function isScopeValue(s: string): boolean {
  if (validScopes.has(s)) return true;
  if (!scopeValueSchema.safeParse(s).success) return false;
  if (validScopes.size >= MAX_VALID_SCOPES) validScopes.clear();
  validScopes.add(s);
  return true;
}

/**
 * Applies `cb(null, result)`: `result.scope` replaces the granted scopes (absent: none, as in
 * Auth0: "removing it will reset all scopes"), properties that are custom claims under the code's
 * style (see shared/claims.ts) become claims, unless named under Auth0's hosts or `ownHosts` (the
 * issuer's); everything else is ignored. `cb(null)` gives a token with no scopes and nothing of
 * the runtime.
 */
export function applyExchangeResult(
  result: unknown,
  style: ClaimStyle = 'hooks',
  ownHosts: readonly string[] = [],
): ExchangeResult {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    return { ok: true, scopes: [], claims: {}, dropped: [] };
  }
  const record = result as Record<string, unknown>;
  let scopes: string[] = [];
  if (record.scope !== undefined && record.scope !== null) {
    if (!Array.isArray(record.scope) || !record.scope.every((s) => typeof s === 'string')) {
      return {
        ok: false,
        message: 'The hook returned an invalid scope: expected an array of strings',
      };
    }
    const invalid = record.scope.find((s) => !isScopeValue(s));
    if (invalid !== undefined) {
      return {
        ok: false,
        message: `The hook returned an invalid scope value: ${JSON.stringify(invalid).slice(0, 100)}`,
      };
    }
    scopes = [...new Set(record.scope)];
  }
  const claims: Record<string, unknown> = {};
  const dropped: { name: string; reason: string }[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || name === 'scope') continue;
    if (isCustomClaimName(name, style, ownHosts)) claims[name] = value;
    else dropped.push({ name, reason: whyDropped(name, style, ownHosts) });
  }
  if (Buffer.byteLength(JSON.stringify(claims)) > MAX_CUSTOM_CLAIMS_BYTES) {
    return { ok: false, message: 'The hook returned custom claims larger than 100 KB' };
  }
  return { ok: true, scopes, claims, dropped };
}

/**
 * The system Management API's tokens carry admin power, so a hook may add claims to them but
 * never widen their scopes: scopes outside the client's grant are dropped. Otherwise a client
 * allowed only to write hooks could mint itself every management scope.
 */
export function capToGrant(
  scopes: string[],
  granted: readonly string[],
): { scopes: string[]; dropped: string[] } {
  const allowed = new Set(granted);
  return {
    scopes: scopes.filter((s) => allowed.has(s)),
    dropped: scopes.filter((s) => !allowed.has(s)),
  };
}

/** The execution log's line saying which scopes capToGrant dropped. */
export function cappedScopesLine(dropped: string[]): { level: 'warn'; message: string } {
  return {
    level: 'warn',
    message: `Tokenhook: scopes outside the client's grant are never added to Management API tokens; dropped: ${dropped.join(' ')}`,
  };
}

/** The token request as a credentials-exchange hook sees it. */
export interface ExchangeHookInput {
  tenant: string;
  secrets: Record<string, string>;
  client: { clientId: string; name: string; metadata: Record<string, string> };
  /** The token's scopes so far. */
  scopes: string[];
  audience: string;
  ip: string;
  userAgent: string;
  hostname: string;
  /** Everything the client's grant allows. */
  granted: string[];
  requestedScopes: string[];
  /** The token request's parameters, without client credentials. */
  body: Record<string, string>;
  /** Actions' `event.request.geoip` (GEOIP_DB); `{}` when absent. */
  geoip?: ActionsGeoIp;
}

/** Parameters that authenticate the client: never shown to hook code. */
const CREDENTIAL_PARAMS = new Set(['client_secret', 'client_assertion']);

/**
 * Auth0's Hook arguments `(client, scope, audience, context)`, as shared/hook-contract.ts declares
 * them. `context` has Auth0's `ip`, `userAgent`, `webtask.secrets` and `body` (the token request's
 * parameters as the client sent them, client credentials removed), plus what Actions-style code
 * needs for its `event`: `request` (`event.request`, whose `body` is the same object and whose
 * `geoip` is the caller's location, `{}` without one), `requestedScopes` and `grant`.
 */
export function credentialsExchangeArgs(input: ExchangeHookInput): CredentialsExchangeArgs {
  const body: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.body))
    if (!CREDENTIAL_PARAMS.has(name)) body[name] = value;
  return [
    {
      id: input.client.clientId,
      name: input.client.name,
      tenant: input.tenant,
      metadata: input.client.metadata,
    },
    [...input.scopes],
    input.audience,
    {
      ip: input.ip,
      userAgent: input.userAgent,
      body,
      request: { hostname: input.hostname, method: 'POST', body, geoip: input.geoip ?? {} },
      requestedScopes: input.requestedScopes,
      grant: { scope: input.granted },
      webtask: { secrets: input.secrets },
    },
  ];
}
