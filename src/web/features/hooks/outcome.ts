import { hookOAuthError } from '@/shared/hook-errors';
import type { HookOutcome } from '@/shared/schemas/hook';

/** How a run ended, in the token endpoint's words (RFC 6749 §5.2), as `/oauth/token` would answer. */
export interface OAuthOutcome {
  ok: boolean;
  /** `Success`, or the OAuth error code the token endpoint would return. */
  label: string;
  status: 200 | 400 | 500;
}

/** The token endpoint's answer to a run, from the one shared table (`hookOAuthError`). */
export function oauthOutcome(run: { outcome: HookOutcome; error_name?: string }): OAuthOutcome {
  if (run.outcome === 'success') return { ok: true, label: 'Success', status: 200 };
  const { error, status } = hookOAuthError(run);
  return { ok: false, label: error, status };
}

/** Why a failed run failed, in a few words, for outcomes other than the hook's own `cb(err)`. */
export const outcomeReason: Record<HookOutcome, string> = {
  success: 'Success',
  error: 'Refused by the hook',
  timeout: 'Timed out',
  memory: 'Out of memory',
  syntax: 'Syntax error',
  runtime: 'Runtime error',
};

/** "12 ms", "1.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
