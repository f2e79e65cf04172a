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

/** Validates a JSON body with a shared schema: 400 `invalid_body` naming the field. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  // Hono has parsed the JSON by now (a malformed body is its 400, rendered by app.onError).
  return validator('json', (body, c): z.output<T> => {
    if (!isJson(c.req.header('content-type'))) {
      throw badRequest("Payload validation error: 'Content-Type must be application/json'.");
    }
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
      throw badRequest(describeIssues(result.error, 'Query validation error'), 'invalid_query_string');
    }
    return result.data;
  });
}
