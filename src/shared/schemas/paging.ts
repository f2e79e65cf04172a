import { z } from 'zod';

/**
 * Offset paging of every Management API list (Auth0 v2): `page` from 0, `per_page` ≤ 100
 * (default 50), `include_totals`. Unknown query parameters are ignored, never a 400.
 */
export const listQuerySchema = z.object({
  page: z.coerce.number().int().min(0).default(0),
  per_page: z.coerce.number().int().min(1).max(100).default(50),
  include_totals: z.stringbool().default(false),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** `include_totals=true` body: `{start, limit, total, <collection>: [...]}`. */
export function pagedSchema<K extends string, T extends z.ZodType>(collection: K, item: T) {
  return z.object({
    start: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
    [collection]: z.array(item),
  } as { start: z.ZodNumber; limit: z.ZodNumber; total: z.ZodNumber } & Record<K, z.ZodArray<T>>);
}

/** Array of unique strings, as Auth0 requires for scope lists. */
export function uniqueStrings<T extends z.ZodType<string>>(item: T) {
  return z
    .array(item)
    .refine((values) => new Set(values).size === values.length, 'must not contain duplicates');
}
