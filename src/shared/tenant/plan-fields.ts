/**
 * How the import plan compares an export's resource with the server's: the fields it drops, the
 * body checked against Tokenhook's schema, and the field-level changes.
 */
import type { z } from 'zod';
import { TenantError } from './errors';
import { isRecord, type Rec } from './parse';
import type { Change, Kind } from './plan';

/** Fields the Deploy CLI strips as read-only, or ids: dropped without a warning. */
export const silentlyDropped: Record<Kind, string[]> = {
  client: [
    'client_id',
    'client_secret',
    'tenant',
    'global',
    'is_global',
    'signing_keys',
    'callback_url_template',
    'custom_login_page_preview',
    'config_route',
    'owners',
  ],
  api: ['id', 'is_system', 'client_id'],
  grant: ['id', 'is_system'],
  hook: ['id', 'secrets'],
};

/**
 * Checks a body against the Tokenhook schema; fields the schema rejects (unknown to Tokenhook or
 * with a value it does not accept) are dropped with one warning per resource. A rejected
 * required field fails the import.
 */
export function conform<S extends z.ZodType>(
  schema: S,
  body: Rec,
  origin: string,
  warnings: string[],
  required: string[],
): z.output<S> {
  const current: Rec = { ...body };
  const unsupported: string[] = [];
  const invalid: string[] = [];
  for (let round = 0; round < 100; round++) {
    const result = schema.safeParse(current);
    if (result.success) {
      const parts = [];
      if (unsupported.length)
        parts.push(`fields Tokenhook does not support: ${unsupported.join(', ')}`);
      if (invalid.length) parts.push(`values Tokenhook does not accept: ${invalid.join('; ')}`);
      if (parts.length) warnings.push(`${origin}: dropped ${parts.join('; dropped ')}`);
      return result.data;
    }
    let progressed = false;
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          if (key in current) {
            delete current[key];
            unsupported.push(key);
            progressed = true;
          }
        }
        continue;
      }
      const key = issue.path[0];
      if (key === undefined) throw new TenantError(`${origin}: ${issue.message}`);
      const field = String(key);
      if (required.includes(field) || !(field in current)) {
        throw new TenantError(
          `${origin}: ${[field, ...issue.path.slice(1).map(String)].join('.')}: ${issue.message}`,
        );
      }
      invalid.push(`${field} (${issue.message})`);
      delete current[field];
      progressed = true;
    }
    if (!progressed)
      throw new TenantError(`${origin}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  }
  throw new TenantError(`${origin}: cannot be made valid`);
}

export function withoutKeys(record: Rec, keys: string[]): Rec {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}

/** Stable JSON: object keys sorted, so key order never counts as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Fields whose order does not matter. */
function comparable(field: string, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (field === 'scopes') {
    return [...value]
      .map((s: unknown) => (isRecord(s) ? { value: s.value, description: s.description ?? '' } : s))
      .sort((a, b) => canonical(a).localeCompare(canonical(b)));
  }
  if (field === 'scope' || field === 'grant_types') return [...value].map(String).sort();
  return value;
}

/** The fields of `local` that differ from `remote`'s; `hidden` ones show no values. */
export function diff(local: Rec, remote: Rec, hidden: string[] = []): Change[] {
  const changes: Change[] = [];
  for (const [field, to] of Object.entries(local)) {
    if (to === undefined) continue;
    if (canonical(comparable(field, to)) === canonical(comparable(field, remote[field]))) continue;
    changes.push(
      hidden.includes(field)
        ? { field, from: '(hidden)', to: '(new value)' }
        : { field, from: remote[field], to },
    );
  }
  return changes;
}
