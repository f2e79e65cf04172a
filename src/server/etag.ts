import { createHash } from 'node:crypto';
import { apiError } from './errors';

/** A strong validator of a resource's representation (RFC 9110 §8.8.3). */
export function etagOf(value: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22)}"`;
}

/**
 * `If-Match` (RFC 9110 §13.1.1): a write based on a stale read is refused with 412 instead of
 * silently undoing someone else's change. No header: the write goes ahead (Auth0 clients send none).
 */
export function ifMatch(header: string | undefined, what: string) {
  return (current: unknown) => {
    if (header === undefined || header.trim() === '*') return;
    const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (!tags.includes(etagOf(current))) {
      throw apiError(
        412,
        'precondition_failed',
        `The ${what} was changed since you read it; reload it and try again`,
      );
    }
  };
}
