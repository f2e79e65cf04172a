import { Hono } from 'hono';
import type { TokenEndpoint } from '../oauth/token-endpoint';
import { peerAddress } from '../peer';

/** `POST /oauth/token` through Hono; main.ts serves the same endpoint on a raw fast path. */
export function oauthTokenRoutes(tokenEndpoint: TokenEndpoint) {
  return new Hono().post('/', async (c) => {
    const reply = await tokenEndpoint({
      contentType: c.req.header('content-type'),
      body: await c.req.text(),
      authorization: c.req.header('authorization'),
      ip: peerAddress(c),
      userAgent: c.req.header('user-agent') ?? '',
      host: c.req.header('host') ?? '',
    });
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  });
}
