import { z } from 'zod';
import { auth0ClientFields, storedFields } from './auth0-fields';
import { displayNameSchema } from './resource-server';

/** Auth0 application types; Tokenhook issues tokens to machine-to-machine (`non_interactive`) apps. */
export const appTypeSchema = z.enum(['non_interactive', 'regular_web', 'spa', 'native']);

/**
 * Auth0's two secret-based methods. The token endpoint accepts both whatever the client's setting
 * says (README.md, "Token endpoint"); the field is stored and returned as Auth0 does.
 */
export const tokenEndpointAuthMethodSchema = z.enum(['client_secret_post', 'client_secret_basic']);

/** Auth0's limits: at most 10 keys, string values of at most 255 characters. */
export const clientMetadataSchema = z
  .record(z.string().min(1).max(255), z.string().max(255))
  .refine((metadata) => Object.keys(metadata).length <= 10, 'must have at most 10 keys');

/** A client secret set by hand must be as hard to guess as a generated one is long. */
export const clientSecretSchema = z
  .string()
  .min(32, 'must be at least 32 characters')
  .max(255)
  .regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces');

/**
 * Auth0's per-application client-credentials quota: tokens issued per UTC hour and per UTC day.
 * With `enforce`, a request past either limit is refused with 429; without it the limits are only
 * reported in the `Auth0-Client-Quota-Limit` header.
 * https://auth0.com/docs/fine-grained-m2m-token-quotas-early-access
 */
export const tokenQuotaSchema = z.strictObject({
  client_credentials: z.strictObject({
    enforce: z.boolean().optional(),
    per_day: z.number().int().min(1).max(2_147_483_647).optional(),
    per_hour: z.number().int().min(1).max(2_147_483_647).optional(),
  }),
});
export type TokenQuota = z.infer<typeof tokenQuotaSchema>;

/**
 * An application (client) in Auth0 v2 shape; `client_secret` only for `read:client_keys`. The
 * other Auth0 fields it was given (`auth0ClientFields`) come back as they were sent.
 */
export const clientSchema = z.looseObject({
  client_id: z.string(),
  tenant: z.string(),
  name: z.string(),
  description: z.string(),
  app_type: appTypeSchema,
  is_first_party: z.boolean(),
  grant_types: z.array(z.string()),
  token_endpoint_auth_method: tokenEndpointAuthMethodSchema,
  client_metadata: z.record(z.string(), z.string()),
  token_quota: tokenQuotaSchema.optional(),
  client_secret: z.string().optional(),
});
export type Client = z.infer<typeof clientSchema>;

const editableFields = {
  name: displayNameSchema,
  description: z.string().max(140),
  app_type: appTypeSchema,
  is_first_party: z.boolean(),
  grant_types: z
    .array(z.string().min(1).max(100))
    .refine((v) => new Set(v).size === v.length, 'must not contain duplicates'),
  token_endpoint_auth_method: tokenEndpointAuthMethodSchema,
  client_metadata: clientMetadataSchema,
  token_quota: tokenQuotaSchema.nullable(),
  ...storedFields(auth0ClientFields),
};

export const clientCreateSchema = z.strictObject({
  ...editableFields,
  description: editableFields.description.default(''),
  app_type: appTypeSchema.default('non_interactive'),
  is_first_party: z.boolean().default(true),
  grant_types: editableFields.grant_types.default(['client_credentials']),
  token_endpoint_auth_method: tokenEndpointAuthMethodSchema.default('client_secret_post'),
  client_metadata: clientMetadataSchema.default({}),
  token_quota: tokenQuotaSchema.optional(),
});
export type ClientCreate = z.input<typeof clientCreateSchema>;

/** PATCH body; setting `client_secret` needs `update:client_keys`. */
export const clientUpdateSchema = z
  .strictObject({ ...editableFields, client_secret: clientSecretSchema })
  .partial();
export type ClientUpdate = z.input<typeof clientUpdateSchema>;
