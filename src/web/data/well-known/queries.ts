import { queryOptions } from '@tanstack/react-query';
import { discoverySchema } from '@/shared/schemas/token';
import { wellKnownKeys } from './keys';

/**
 * Reads one of the server's public `/.well-known/` documents (no session needed) and parses it.
 * These are not Management API routes, so they are read with fetch rather than the API client.
 */
export async function readWellKnown<T>(
  path: `/.well-known/${string}`,
  parse: (v: unknown) => T,
  signal?: AbortSignal,
): Promise<T> {
  const res = await fetch(path, { signal });
  if (!res.ok) throw new Error(`Could not read ${path} (${res.status})`);
  return parse(await res.json());
}

export const wellKnownQueries = {
  /** Where applications ask for tokens: the issuer's own metadata says (RFC 8414). */
  discovery: () =>
    queryOptions({
      queryKey: wellKnownKeys.discovery(),
      queryFn: ({ signal }) =>
        readWellKnown('/.well-known/openid-configuration', (v) => discoverySchema.parse(v), signal),
      staleTime: Infinity,
    }),
};
