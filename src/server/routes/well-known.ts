import { Hono, type Context } from 'hono';
import type { Discovery } from '@/shared/schemas/token';
import type { AppDeps } from '../app';

/** JWKS and authorization server metadata (RFC 7517, RFC 8414). */
export function wellKnownRoutes({ keys, config }: AppDeps) {
  const base = config.issuerBaseUrl;
  const metadata: Discovery = {
    issuer: `${base}/`,
    token_endpoint: `${base}/oauth/token`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
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
