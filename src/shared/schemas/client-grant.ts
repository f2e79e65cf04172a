import { z } from 'zod';
import { auth0ClientGrantFields, storedFields } from './auth0-fields';
import { uniqueStrings } from './paging';
import { scopeValueSchema } from './resource-server';

/**
 * Who the grant lets ask for tokens: Auth0's `client` (the client credentials grant) or `user`
 * (user flows, which Tokenhook does not have).
 */
export const subjectTypeSchema = z
  .enum(['client', 'user'])
  .refine(
    (v) => v === 'client',
    'subject_type user is not supported: Tokenhook issues tokens to clients only',
  );

/**
 * Authorizes one client on one API (audience) for a subset of its scopes; unique per pair. The
 * other Auth0 fields it was given (`auth0ClientGrantFields`) come back as they were sent.
 */
export const clientGrantSchema = z.looseObject({
  id: z.string(),
  client_id: z.string(),
  audience: z.string(),
  scope: z.array(z.string()),
  subject_type: z.literal('client').optional(),
  allow_all_scopes: z.boolean().optional(),
});
export type ClientGrant = z.infer<typeof clientGrantSchema>;

/**
 * `allow_all_scopes: true` grants every scope the API defines, now and later, and then `scope` may
 * be left out (Auth0 parity).
 */
export const clientGrantCreateSchema = z
  .strictObject({
    client_id: z.string().min(1),
    audience: z.string().min(1),
    scope: uniqueStrings(scopeValueSchema).optional(),
    subject_type: subjectTypeSchema.optional(),
    allow_all_scopes: z.boolean().optional(),
    ...storedFields(auth0ClientGrantFields),
  })
  .superRefine((grant, ctx) => {
    if (grant.scope === undefined && grant.allow_all_scopes !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'Invalid input: expected array, received undefined',
      });
    }
  });
export type ClientGrantCreate = z.input<typeof clientGrantCreateSchema>;

/** Client, audience and subject type are fixed for a grant's life. */
export const clientGrantUpdateSchema = z.strictObject({
  scope: uniqueStrings(scopeValueSchema).optional(),
  allow_all_scopes: z.boolean().optional(),
  ...storedFields(auth0ClientGrantFields),
});
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
