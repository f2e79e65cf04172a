import type { HookExecution } from '@/shared/schemas/hook';

/** Left-aligned columns separated by two spaces, headers in capitals. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Header and payload of a JWT, without verifying it (the server signed it a moment ago). */
export function decodeJwt(token: string): { header: unknown; payload: unknown } | undefined {
  const [header, payload] = token.split('.');
  if (header === undefined || payload === undefined) return undefined;
  try {
    const part = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return { header: part(header), payload: part(payload) };
  } catch {
    return undefined;
  }
}

/**
 * Control characters (C0 but tab, DEL, C1) and bidirectional overrides written as `\u001b`-style
 * escapes, so text a hook or a caller chose cannot move the cursor, rewrite earlier lines, change
 * the terminal's title or reorder what is shown.
 */
export function escapeControl(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function duration(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)}ms` : `${Math.round(ms)}ms`;
}

/**
 * One execution: `time  hook vN  outcome  duration  client|runner|gate  audience`, then its console lines
 * indented. A refusal or failure carries its message after the outcome.
 */
export function formatExecution(e: HookExecution, hookName: string): string {
  const outcome =
    e.outcome === 'success'
      ? e.outcome
      : `${e.outcome}${e.error_name ? ` ${e.error_name}` : ''}${e.message ? `: ${e.message}` : ''}`;
  const cells = [e.started_at, `${hookName} v${e.hook_version}`, outcome, duration(e.duration_ms)];
  cells.push(e.source === 'exchange' ? `client=${e.client_id ?? '-'}` : e.source);
  if (e.audience) cells.push(`audience=${e.audience}`);
  const lines = [escapeControl(cells.join('  '))];
  for (const log of e.logs) {
    const prefix = log.level === 'log' ? '' : `[${log.level}] `;
    for (const text of log.message.split('\n')) lines.push(`    ${prefix}${escapeControl(text)}`);
  }
  return lines.join('\n');
}
