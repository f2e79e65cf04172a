/**
 * Auth0 credentials-exchange semantics: how a hook's `cb(null, result)` becomes token content.
 * Sources: reference/auth0-semantics.md §1.2 (auth0-ext-compilers, Auth0 docs).
 */
import { isCustomClaimName, whyDropped } from '@/shared/claims';
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

/**
 * Applies `cb(null, result)`: `result.scope` replaces the granted scopes (absent: none, as in
 * Auth0: "removing it will reset all scopes"), URL-named properties become claims, everything
 * else is ignored. `cb(null)` gives a token with no scopes and nothing of the runtime.
 */
export function applyExchangeResult(result: unknown): ExchangeResult {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    return { ok: true, scopes: [], claims: {}, dropped: [] };
  }
  const record = result as Record<string, unknown>;
  let scopes: string[] = [];
  if (record.scope !== undefined && record.scope !== null) {
    if (!Array.isArray(record.scope) || !record.scope.every((s) => typeof s === 'string')) {
      return { ok: false, message: 'The hook returned an invalid scope: expected an array of strings' };
    }
    const invalid = record.scope.find((s) => !scopeValueSchema.safeParse(s).success);
    if (invalid !== undefined) {
      return { ok: false, message: `The hook returned an invalid scope value: ${JSON.stringify(invalid).slice(0, 100)}` };
    }
    scopes = [...new Set(record.scope)];
  }
  const claims: Record<string, unknown> = {};
  const dropped: { name: string; reason: string }[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || name === 'scope') continue;
    if (isCustomClaimName(name)) claims[name] = value;
    else dropped.push({ name, reason: whyDropped(name) });
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
export function capToGrant(scopes: string[], granted: readonly string[]): { scopes: string[]; dropped: string[] } {
  const allowed = new Set(granted);
  return { scopes: scopes.filter((s) => allowed.has(s)), dropped: scopes.filter((s) => !allowed.has(s)) };
}

/** The execution log's line saying which scopes capToGrant dropped. */
export function cappedScopesLine(dropped: string[]): { level: 'warn'; message: string } {
  return {
    level: 'warn',
    message: `Tokenhook: scopes outside the client's grant are never added to Management API tokens; dropped: ${dropped.join(' ')}`,
  };
}
