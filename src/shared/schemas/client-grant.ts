import { z } from 'zod';
import { uniqueStrings } from './paging';
import { scopeValueSchema } from './resource-server';

/** Authorizes one client on one API (audience) for a subset of its scopes; unique per pair. */
export const clientGrantSchema = z.object({
  id: z.string(),
  client_id: z.string(),
  audience: z.string(),
  scope: z.array(z.string()),
});
export type ClientGrant = z.infer<typeof clientGrantSchema>;

export const clientGrantCreateSchema = z.strictObject({
  client_id: z.string().min(1),
  audience: z.string().min(1),
  scope: uniqueStrings(scopeValueSchema),
});
export type ClientGrantCreate = z.input<typeof clientGrantCreateSchema>;

/** Only the scopes change; client and audience are fixed for a grant's life. */
export const clientGrantUpdateSchema = z.strictObject({ scope: uniqueStrings(scopeValueSchema) });
export type ClientGrantUpdate = z.input<typeof clientGrantUpdateSchema>;

/** `GET /client-grants` filters, besides paging. `from` + `take` select checkpoint paging. */
export const clientGrantListQuerySchema = z.object({
  client_id: z.string().optional(),
  audience: z.string().optional(),
  from: z.string().optional(),
  take: z.coerce.number().int().min(1).max(100).optional(),
});

/** Checkpoint page: `next` is passed back as `from` to read on; absent on the last page. */
export const clientGrantCheckpointSchema = z.object({
  client_grants: z.array(clientGrantSchema),
  next: z.string().optional(),
});
