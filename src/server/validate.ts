import { validator } from 'hono/validator';
import type { z } from 'zod';
import { badRequest } from './errors';

const isJson = (contentType: string | undefined) =>
  /^application\/([\w.-]+\+)?json$/i.test((contentType ?? '').split(';')[0]!.trim());

/** Auth0's wording: `Payload validation error: '<what>' on property <path>.` */
export function describeIssues(error: z.ZodError, prefix = 'Payload validation error'): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `${prefix}: 'Additional properties not allowed: ${issue.keys.join(', ')}'.`;
      }
      const where = issue.path.length > 0 ? ` on property ${issue.path.join('.')}` : '';
      return `${prefix}: '${issue.message}'${where}.`;
    })
    .join(' ');
}

/** Deepest nesting of arrays and objects a JSON body may have (Auth0's bodies need a handful). */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests arrays and objects deeper than `limit`; iterative, so any depth is safe. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Validates a JSON body with a shared schema: 400 `invalid_body` naming the field. A body nested
 * deeper than MAX_JSON_DEPTH is refused before the handler runs. The accepted body is kept for the
 * audit log; `secretValues` says every value in it is a secret.
 */
export function jsonBody<T extends z.ZodType>(schema: T, { secretValues = false } = {}) {
  // Hono has parsed the JSON by now (a malformed body is its 400, rendered by app.onError).
  return validator('json', (body, c): z.output<T> => {
    if (!isJson(c.req.header('content-type'))) {
      throw badRequest("Payload validation error: 'Content-Type must be application/json'.");
    }
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      throw badRequest(
        `Payload validation error: 'The body nests deeper than ${MAX_JSON_DEPTH} levels'.`,
      );
    }
    c.set('auditBody', { body, secretValues });
    const result = schema.safeParse(body);
    if (!result.success) throw badRequest(describeIssues(result.error));
    return result.data;
  });
}

/** Validates query parameters: 400 `invalid_query_string`. Unknown parameters pass untouched. */
export function queryParams<T extends z.ZodType>(schema: T) {
  return validator('query', (value): z.output<T> => {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw badRequest(
        describeIssues(result.error, 'Query validation error'),
        'invalid_query_string',
      );
    }
    return result.data;
  });
}
