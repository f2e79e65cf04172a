import type { HookExecution } from '@/shared/schemas/hook';

/** A property the hook passed to `cb` that did not make it into the token. */
export interface DroppedClaim {
  name: string;
  /** Absent when the record left the result out (too large). */
  value?: unknown;
  reason: string;
}

/** What the enabled hook did on one exchange, from that exchange's execution record. */
export interface HookEffect {
  /** The custom claims the hook put in the token. */
  claims: string[];
  /** The scopes the hook's result gives the token. */
  scope: string[];
  /** What the hook returned that the platform ignored, each with the server's reason. */
  dropped: DroppedClaim[];
  /** Other things worth knowing (no scope returned). */
  notes: string[];
}

/**
 * Reads the server's own account of the exchange (`trace` of the execution record the token
 * response named): nothing is run again and no platform rule is recomputed here.
 */
export function hookEffect(execution: HookExecution): HookEffect | null {
  const trace = execution.trace;
  if (execution.outcome !== 'success' || !trace?.token) return null;
  const returned = trace.returned;
  const record =
    returned !== null && typeof returned === 'object' && !Array.isArray(returned)
      ? (returned as Record<string, unknown>)
      : undefined;
  const dropped = (trace.dropped ?? []).map((d) => ({
    ...d,
    ...(record && d.name in record && { value: record[d.name] }),
  }));
  const notes: string[] = [];
  if (record) {
    if (record.scope == null)
      notes.push(
        'The hook returned no scope, so the token has none: leaving scope out resets every scope.',
      );
  } else if (!trace.returned_omitted) {
    notes.push(
      'The hook called cb without a result object, so the token has no scopes and no custom claims.',
    );
  }
  return { claims: Object.keys(trace.token.claims), scope: trace.token.scope, dropped, notes };
}
