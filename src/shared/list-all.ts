import type { z } from 'zod';
import type { ApiClient } from './api-client';
import { pagedSchema } from './schemas/paging';

/** Items per request when reading a whole list: the Management API's largest page. */
const LIST_ALL_PAGE = 100;
/** Pages requested at once after the first (which gives the total). */
const LIST_ALL_CONCURRENCY = 4;

/**
 * Every item of a paged Management API list (`include_totals=true`), in the list's order: the
 * first page gives the total, the others are read a few at a time. `filter` adds query
 * parameters (e.g. `{ audience }`). Used by the console, the CLI and the importer alike.
 */
export async function listAll<K extends string, T extends z.ZodType>(
  api: Pick<ApiClient, 'get'>,
  path: string,
  collection: K,
  item: T,
  opts: { filter?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<z.infer<T>[]> {
  const schema = pagedSchema(collection, item);
  const read = async (page: number) => {
    const query = new URLSearchParams({
      ...opts.filter,
      page: String(page),
      per_page: String(LIST_ALL_PAGE),
      include_totals: 'true',
    });
    return (await api.get(`${path}?${query}`, schema, { signal: opts.signal })) as {
      total: number;
    } & Record<K, z.infer<T>[]>;
  };
  const first = await read(0);
  const pages: z.infer<T>[][] = [first[collection]];
  const count = Math.ceil(first.total / LIST_ALL_PAGE);
  let next = 1;
  const worker = async () => {
    while (next < count) {
      const page = next++;
      pages[page] = (await read(page))[collection];
    }
  };
  await Promise.all(Array.from({ length: LIST_ALL_CONCURRENCY }, worker));
  return pages.flat();
}
