import { isOwnedClaimHost, OWNED_CLAIM_HOSTS, RESERVED_CLAIMS } from '@/shared/claims';
import type { HookTryResponse } from '@/shared/schemas/hook';
import { PLATFORM_CLAIMS } from './jwt';

/** A property the hook passed to `cb` that did not make it into the token. */
export interface DroppedClaim {
  name: string;
  value: unknown;
  reason: string;
}

/** What the enabled hook did, from a Runner call on the same application and API. */
export interface HookEffect {
  /** The custom claims the hook put in the token. */
  claims: string[];
  /** The scopes the hook's result gives the token. */
  scope: string[];
  /** What the hook returned that the platform ignored, each with why. */
  dropped: DroppedClaim[];
  /** Other things worth knowing (no scope returned, the two runs differ). */
  notes: string[];
}

/** Why the platform ignored a property of the hook's result, in words. */
export function whyDropped(name: string): string {
  if ((PLATFORM_CLAIMS as readonly string[]).includes(name)) return `Reserved: Tokenhook sets ${name} itself; a hook cannot change it.`;
  if (RESERVED_CLAIMS.has(name)) return 'Reserved: this claim is on the restricted list no hook may set.';
  if (name.startsWith('sip_')) return 'Reserved: names starting with sip_ are kept for the platform.';
  let url: URL;
  try {
    url = new URL(name);
  } catch {
    return `Not namespaced: a custom claim must be named by a URL, e.g. https://example.com/${name}.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `Not namespaced: the name must be an http:// or https:// URL, not ${url.protocol}.`;
  }
  const host = url.hostname.toLowerCase();
  if (isOwnedClaimHost(host)) {
    return `Reserved namespace: names on ${OWNED_CLAIM_HOSTS.join(', ')} belong to the platform.`;
  }
  return 'Ignored by the platform.';
}

/**
 * Compares what the hook passed to `cb` (`result`) with what the token would carry
 * (`token_preview`): every property but `scope` that is not a claim was dropped. `tokenClaims`
 * (the issued token's payload) tells whether the exchange and the Runner saw the same hook output.
 */
export function hookEffect(run: HookTryResponse, tokenClaims?: Record<string, unknown>): HookEffect | null {
  if (run.outcome !== 'success' || !run.token_preview) return null;
  const kept = run.token_preview.claims;
  const result = run.result;
  const dropped: DroppedClaim[] = [];
  const notes: string[] = [];
  if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
    for (const [name, value] of Object.entries(result as Record<string, unknown>)) {
      if (name !== 'scope' && value !== undefined && !(name in kept)) dropped.push({ name, value, reason: whyDropped(name) });
    }
    if (!('scope' in result) || (result as { scope?: unknown }).scope == null) {
      notes.push('The hook returned no scope, so the token has none: leaving scope out resets every scope.');
    }
  } else {
    notes.push('The hook called cb without a result object, so the token has no scopes and no custom claims.');
  }
  if (tokenClaims) {
    const platform = PLATFORM_CLAIMS as readonly string[];
    const inToken = Object.keys(tokenClaims).filter((n) => !platform.includes(n));
    const differ = inToken.filter((n) => !(n in kept)).concat(Object.keys(kept).filter((n) => !(n in tokenClaims)));
    if (differ.length > 0) {
      notes.push(`The hook gave different claims on the two runs (${differ.join(', ')}): it depends on something besides its input.`);
    }
    const tokenScope = typeof tokenClaims.scope === 'string' ? tokenClaims.scope.split(' ').filter(Boolean) : [];
    const previewScope = run.token_preview.scope;
    if (tokenScope.length !== previewScope.length || tokenScope.some((s) => !previewScope.includes(s))) {
      notes.push(`The hook gave different scopes on the two runs (token: ${tokenScope.join(' ') || 'none'}; Runner: ${previewScope.join(' ') || 'none'}).`);
    }
  }
  return { claims: Object.keys(kept), scope: run.token_preview.scope, dropped, notes };
}
