import type { IncomingMessage, ServerResponse } from 'node:http';
import { OAuthError } from './oauth/errors';
import { MAX_TOKEN_REQUEST_BYTES, type TokenEndpoint } from './oauth/token-endpoint';

/**
 * Serves `POST /oauth/token` straight from node:http, skipping the Fetch API Request/Response
 * objects Hono's adapter builds for every request (a third of the endpoint's CPU in profiles).
 * The endpoint itself is the same function the Hono route calls, so tests cover both.
 * Returns false when the request is not for the token endpoint.
 */
export function serveTokenFastPath(
  endpoint: TokenEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.method !== 'POST' || req.url !== '/oauth/token') return false;
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_TOKEN_REQUEST_BYTES) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('end', () => {
    if (tooLarge) {
      const error = new OAuthError(413, 'invalid_request', 'Request body too large');
      res
        .writeHead(413, { 'content-type': 'application/json' })
        .end(JSON.stringify(error.toBody()));
      return;
    }
    void endpoint({
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks).toString('utf8'),
      authorization: req.headers.authorization,
      ip: req.socket.remoteAddress ?? '',
      userAgent: req.headers['user-agent'] ?? '',
      host: req.headers.host ?? '',
    }).then((reply) => res.writeHead(reply.status, reply.headers).end(reply.body));
  });
  req.on('error', () => res.destroy());
  return true;
}
