import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '@/shared/api-error';
import { managementError } from '@/shared/schemas/errors';
import type { AppDeps } from './app-deps';
import type { AppEnv } from './app-env';
import { bearerAuthenticator, requireAuth } from './auth/mgmt-guard';
import { OAuthError, invalidRequest, serverError, temporarilyUnavailable } from './oauth/errors';
import { createTokenEndpoint, MAX_TOKEN_REQUEST_BYTES } from './oauth/token-endpoint';
import { managementOpenApi } from './openapi';
import { clientGrantRoutes } from './routes/client-grants';
import { clientRoutes } from './routes/clients';
import { hookRoutes } from './routes/hooks';
import { keyRoutes } from './routes/keys';
import { logRoutes } from './routes/logs';
import { auditChanges } from './audit';
import { oauthTokenRoutes } from './routes/oauth-token';
import { resourceServerRoutes } from './routes/resource-servers';
import { sessionRoutes } from './routes/session';
import { wellKnownRoutes } from './routes/well-known';
import { storeUnavailable } from './errors';

/**
 * Scripts only from this origin (Vite's bundles and Monaco's workers), styles may be inline
 * (Monaco injects its own), nothing from elsewhere, and the console is never framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The smallest Management API body worth compressing, in bytes. */
export const API_COMPRESSION_THRESHOLD = 1024;

/** API prefixes: never answered by the SPA fallback. */
const apiPrefixes = ['/api/', '/oauth/', '/.well-known/', '/healthz', '/readyz'];

/** The whole HTTP surface. No listening here: main.ts listens, tests call `app.request()`. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const logError = deps.logError ?? ((err) => console.error(err));
  const tokenEndpoint = createTokenEndpoint({
    ...deps,
    logs: deps.repos.logs,
    quotas: deps.repos.tokenQuotas,
    logError,
    failuresPerMinute: deps.config.rateLimits.tokenFailuresPerMinute,
  });

  app.onError((err, c) => {
    if (!(err instanceof OAuthError) && !(err instanceof ApiError) && deps.health.failed(err)) {
      // No stack per request while the store is down: one line starts and ends the outage.
      if (c.req.path.startsWith('/oauth/'))
        err = temporarilyUnavailable(deps.health.retryAfterSeconds());
      else err = storeUnavailable(deps.health.unavailableSince);
    }
    if (err instanceof OAuthError) {
      if (err.wwwAuthenticate) c.header('WWW-Authenticate', err.wwwAuthenticate);
      if (err.retryAfter) c.header('Retry-After', String(err.retryAfter));
      return c.json(err.toBody(), err.status as 400);
    }
    if (c.req.path.startsWith('/oauth/')) {
      if (err instanceof HTTPException && err.status < 500)
        return c.json(invalidRequest(err.message).toBody(), 400);
      logError(err);
      return c.json(serverError('The server could not issue a token').toBody(), 500);
    }
    if (err instanceof ApiError) {
      if (err.status === 401) c.header('WWW-Authenticate', 'Bearer realm="tokenhook"');
      if (err.body.errorCode === 'store_unavailable') {
        deps.health.count('management');
        c.header('Retry-After', String(deps.health.retryAfterSeconds()));
      }
      return c.json(err.body, err.status as 400);
    }
    if (err instanceof HTTPException && err.status === 413) {
      return c.json(managementError(413, 'payload_too_large', err.message), 413);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own 400s come from reading the body (e.g. malformed JSON).
      return c.json(
        managementError(400, 'invalid_body', `Payload validation error: '${err.message}'.`),
        400,
      );
    }
    logError(err);
    return c.json(managementError(500, 'internal_error', 'Internal error'), 500);
  });

  // OWASP ASVS V3.4: no inline scripts, no framing, no MIME sniffing, no referrer leaks.
  app.use(async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  });

  // Liveness: the process serves. Readiness says whether the store answers; a node whose store is
  // unreachable still issues tokens from cached state ("degraded", 200) until that state is older
  // than STORE_OUTAGE_MAX_STALENESS ("unavailable", 503).
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const ready = deps.health.status();
    return c.json(ready, ready.status === 'unavailable' ? 503 : 200);
  });

  app.use(
    '/oauth/*',
    bodyLimit({
      maxSize: MAX_TOKEN_REQUEST_BYTES,
      onError: () => {
        throw new OAuthError(413, 'invalid_request', 'Request body too large');
      },
    }),
  );
  app.route('/oauth/token', oauthTokenRoutes(tokenEndpoint));
  app.route('/.well-known', wellKnownRoutes(deps));

  const openapi = managementOpenApi(deps.config.issuerBaseUrl);
  app.get('/api/v2/openapi.json', (c) => c.json(openapi));

  // Management responses above 1 KB (lists, hook versions, logs) go gzip- or deflate-compressed
  // when the client accepts it. The Content-Type filter leaves event streams (text/event-stream)
  // alone, so the live hook log is never buffered by a compressor.
  app.use('/api/*', compress({ threshold: API_COMPRESSION_THRESHOLD }));
  app.use('/api/*', async (c, next) => {
    await next();
    // `c.json()` sets no Content-Length, and the compressor applies its threshold only to a
    // known length: give JSON bodies (already whole strings in memory) theirs.
    if (
      !c.res.body ||
      c.res.headers.has('Content-Length') ||
      !c.res.headers.get('Content-Type')?.startsWith('application/json')
    )
      return;
    const body = await c.res.arrayBuffer();
    c.res = new Response(body, c.res);
    c.res.headers.set('Content-Length', String(body.byteLength));
  });

  // Server-Timing (W3C): how long the Management API took to produce the response, from the
  // request reaching the app to the body being ready (authentication included). The console's
  // network panel and bench/scale-bench.mjs read it; it says nothing a client cannot time itself.
  app.use('/api/v2/*', async (c, next) => {
    const started = performance.now();
    await next();
    c.header('Server-Timing', `app;dur=${(performance.now() - started).toFixed(2)}`);
  });

  // While the store is known to be unreachable, every request that needs it answers at once.
  app.use('/api/*', async (_c, next) => {
    if (!deps.health.available) throw storeUnavailable(deps.health.unavailableSince);
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new HTTPException(413, { message: 'Request body too large' });
      },
    }),
  );
  app.route('/api/session', sessionRoutes(deps));

  const management = new Hono<AppEnv>();
  management.use(
    requireAuth([
      deps.consoleAuth.authenticator(),
      bearerAuthenticator(deps.keys, deps.tokens.issuer, deps.managementAudience, (clientId, iat) =>
        deps.directory.stillGranted(clientId, deps.managementAudience, iat),
      ),
    ]),
  );
  management.use(
    auditChanges(deps.repos.logs, async (resource, id) => {
      if (resource === 'hooks') return (await deps.repos.hooks.get(id))?.name;
      if (resource === 'clients') return (await deps.repos.clients.get(id, false))?.name;
      if (resource === 'resource-servers')
        return (await deps.repos.resourceServers.getByIdOrIdentifier(id))?.name;
      return undefined;
    }),
  );
  management.route('/resource-servers', resourceServerRoutes(deps));
  management.route('/clients', clientRoutes(deps));
  management.route('/client-grants', clientGrantRoutes(deps));
  management.route('/hooks', hookRoutes(deps));
  management.route('/keys', keyRoutes(deps));
  management.route('/logs', logRoutes(deps));
  app.route('/api/v2', management);

  app.notFound((c) => {
    if (c.req.path.startsWith('/oauth/'))
      return c.json({ error: 'invalid_request', error_description: 'Not found' }, 404);
    return c.json(managementError(404, 'not_found', 'Not Found'), 404);
  });

  if (deps.webRoot && fs.existsSync(path.join(deps.webRoot, 'index.html'))) {
    mountConsole(app, deps.webRoot);
  }
  return Object.assign(app, { tokenEndpoint });
}

/**
 * Serves the built SPA; any other GET outside the APIs gets index.html (client-side routes).
 * The build writes brotli (.br) and gzip (.gz) copies next to each compressible asset
 * (vite.config.ts); the copy the client accepts is sent as is, with Content-Encoding.
 */
function mountConsole(app: Hono<AppEnv>, webRoot: string) {
  const indexHtml = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  // Vite puts content hashes in asset names: they never change. The HTML must be revalidated.
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.res.status !== 200) return;
    if (c.req.path.startsWith('/assets/')) {
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      // A cache must not hand a brotli body to a client that asked for identity, and the reverse.
      if (!/\bAccept-Encoding\b/i.test(c.res.headers.get('Vary') ?? ''))
        c.header('Vary', 'Accept-Encoding', { append: true });
    } else if (c.res.headers.get('content-type')?.startsWith('text/html'))
      c.header('Cache-Control', 'no-cache');
  });
  app.use('*', serveStatic({ root: webRoot, precompressed: true }));
  app.get('*', (c) => {
    if (apiPrefixes.some((p) => c.req.path.startsWith(p))) return c.notFound();
    return c.html(indexHtml);
  });
}
