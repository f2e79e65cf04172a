import { z } from 'zod';

/** Successful client-credentials response (RFC 6749 §5.1). */
export const tokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  scope: z.string(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** The claims Tokenhook always puts in an access token; hooks may add namespaced ones. */
export const accessTokenClaimsSchema = z.looseObject({
  iss: z.string(),
  sub: z.string(),
  aud: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
  /** Auth0's dialect names the client in `azp`; RFC 9068 in `client_id`. */
  azp: z.string().optional(),
  client_id: z.string().optional(),
  scope: z.string(),
  gty: z.literal('client-credentials'),
  jti: z.string(),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

/** Authorization server metadata (RFC 8414), also served as `openid-configuration`. */
export const discoverySchema = z.object({
  issuer: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  grant_types_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()),
  subject_types_supported: z.array(z.string()),
  id_token_signing_alg_values_supported: z.array(z.string()),
});
export type Discovery = z.infer<typeof discoverySchema>;
