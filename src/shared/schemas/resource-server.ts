import { z } from 'zod';
import { auth0ResourceServerFields, storedFields } from './auth0-fields';

/** An OAuth scope token (RFC 6749 §3.3: NQCHAR without space, `"` or `\`), Auth0's 1–280 chars. */
export const scopeValueSchema = z
  .string()
  .min(1)
  .max(280)
  .regex(
    /^[\x21\x23-\x5B\x5D-\x7E]+$/,
    'must be a scope token without spaces, quotes or backslashes',
  );

export const resourceServerScopeSchema = z.strictObject({
  value: scopeValueSchema,
  description: z.string().max(500).optional(),
});
export type ResourceServerScope = z.infer<typeof resourceServerScopeSchema>;

/**
 * Signing algorithms Tokenhook offers. The asymmetric ones verify with the JWKS; HS256 verifies
 * with the API's `signing_secret`, which only the API holds (Auth0 parity).
 */
export const signingAlgSchema = z.enum(['RS256', 'PS256', 'ES256', 'HS256']);
export type SigningAlg = z.infer<typeof signingAlgSchema>;
/** The algorithms signed with a key from the JWKS. */
export type AsymmetricAlg = Exclude<SigningAlg, 'HS256'>;

/**
 * Auth0's access token profiles: `access_token` (Auth0's own), `rfc9068_profile` (RFC 9068:
 * header `typ: at+jwt`, `client_id` claim); the `_authz` variants add a `permissions` claim with
 * the token's scopes. https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles
 */
export const tokenDialectSchema = z.enum([
  'access_token',
  'access_token_authz',
  'rfc9068_profile',
  'rfc9068_profile_authz',
]);
export type TokenDialect = z.infer<typeof tokenDialectSchema>;

/** An HS256 secret set by hand: Auth0's minimum of 16 characters. */
export const signingSecretSchema = z.string().min(16).max(512);

export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^<>]*$/, 'must not contain < or >');

const scopesSchema = z
  .array(resourceServerScopeSchema)
  .refine(
    (scopes) => new Set(scopes.map((s) => s.value)).size === scopes.length,
    'scope values must be unique',
  );

/** Auth0 limits token_lifetime to 30 days. */
const tokenLifetimeSchema = z.number().int().min(1).max(2_592_000);

/**
 * A resource server (an API) in Auth0 v2 shape. The other Auth0 fields it was given
 * (`auth0ResourceServerFields`) come back as they were sent; `signing_secret` is write-only and
 * only in the answer to the request that set or generated it.
 */
export const resourceServerSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  identifier: z.string(),
  scopes: z.array(resourceServerScopeSchema),
  signing_alg: signingAlgSchema,
  token_lifetime: z.number().int(),
  token_lifetime_for_web: z.number().int(),
  allow_offline_access: z.boolean(),
  skip_consent_for_verifiable_first_party_clients: z.boolean(),
  token_dialect: tokenDialectSchema.optional(),
  is_system: z.boolean(),
  signing_secret: z.string().optional(),
});
export type ResourceServer = z.infer<typeof resourceServerSchema>;

const editableFields = {
  name: displayNameSchema,
  scopes: scopesSchema,
  signing_alg: signingAlgSchema,
  token_lifetime: tokenLifetimeSchema,
  token_lifetime_for_web: tokenLifetimeSchema,
  allow_offline_access: z.boolean(),
  skip_consent_for_verifiable_first_party_clients: z.boolean(),
  token_dialect: tokenDialectSchema,
  signing_secret: signingSecretSchema,
  ...storedFields(auth0ResourceServerFields),
};

/**
 * An API identifier is the `aud` of its tokens, so it is a JWT StringOrURI (RFC 7519 §2,
 * https://www.rfc-editor.org/rfc/rfc7519#section-2): any string, but one containing ':' must be a
 * URI. Auth0 recommends a URL and never changes it afterwards
 * (https://auth0.com/docs/get-started/auth0-overview/set-up-apis). Whitespace is refused: a URI
 * has none (RFC 3986 §2) and a string with spaces cannot be told apart from a list of them.
 */
export const apiIdentifierSchema = z
  .string()
  .trim()
  .min(1)
  .max(600)
  .refine(
    (v) => !/\s/.test(v),
    'An identifier cannot contain spaces: use a URI such as https://api.example.com',
  )
  .refine(
    (v) => !v.includes(':') || (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(v) && URL.canParse(v)),
    'An identifier with a colon must be an absolute URI, such as https://api.example.com',
  );

/** `identifier` is required and immutable; `name` defaults to it (Auth0 parity). */
export const resourceServerCreateSchema = z.strictObject({
  ...editableFields,
  identifier: apiIdentifierSchema,
  name: editableFields.name.optional(),
  scopes: scopesSchema.default([]),
  signing_alg: signingAlgSchema.default('RS256'),
  token_lifetime: tokenLifetimeSchema.default(86_400),
  token_lifetime_for_web: tokenLifetimeSchema.default(7_200),
  allow_offline_access: z.boolean().default(false),
  skip_consent_for_verifiable_first_party_clients: z.boolean().default(false),
  token_dialect: tokenDialectSchema.optional(),
  signing_secret: signingSecretSchema.optional(),
});
export type ResourceServerCreate = z.input<typeof resourceServerCreateSchema>;

/** PATCH body: any editable field; `identifier` is not one of them. */
export const resourceServerUpdateSchema = z.strictObject(editableFields).partial();
export type ResourceServerUpdate = z.input<typeof resourceServerUpdateSchema>;
