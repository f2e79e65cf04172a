import { Hono, type Context } from 'hono';
import type { Discovery } from '@/shared/schemas/token';
import type { AppDeps } from '../app-deps';

/**
 * JWKS and authorization server metadata (RFC 7517, RFC 8414), also served as OpenID Provider
 * metadata. The server has only a token endpoint for the client credentials grant: no
 * authorization endpoint, so no response type (RFC 8414 §2 requires the member, so it is empty),
 * and no ID tokens. OpenID Connect Discovery 1.0 §3 still requires `subject_types_supported` and
 * `id_token_signing_alg_values_supported` (which must include RS256). No revocation or
 * introspection endpoint exists, so none is advertised.
 */
export function wellKnownRoutes({ keys, config }: AppDeps) {
  const base = config.issuerBaseUrl;
  const metadata: Discovery = {
    issuer: `${base}/`,
    token_endpoint: `${base}/oauth/token`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    response_types_supported: [],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
  const serveMetadata = (c: Context) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(metadata);
  };
  return new Hono()
    .get('/jwks.json', (c) => {
      // Short cache: a rotation's new key must reach verifiers before tokens signed with it do.
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(keys.jwks());
    })
    .get('/openid-configuration', serveMetadata)
    .get('/oauth-authorization-server', serveMetadata);
}
