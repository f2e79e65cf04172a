import { Hono, type Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { TokenResponse } from '@/shared/schemas/token';
import type { AppDeps } from '../app';
import { secretMatches, type ExchangeClient } from '../oauth/directory';
import {
  accessDenied,
  invalidClient,
  invalidRequest,
  unauthorizedClient,
  unsupportedGrantType,
} from '../oauth/errors';

type Params = Record<string, string>;

const mediaType = (c: Context) => (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** Reads form or JSON parameters; RFC 6749 §3.2: no parameter more than once, values are strings. */
async function readParams(c: Context): Promise<Params> {
  const type = mediaType(c);
  if (type === 'application/x-www-form-urlencoded') {
    const params: Params = {};
    for (const [key, value] of new URLSearchParams(await c.req.text())) {
      if (key in params) throw invalidRequest(`Parameter ${key} is included more than once`);
      params[key] = value;
    }
    return params;
  }
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw invalidRequest('Malformed JSON in request body');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalidRequest('The request body must be a JSON object');
    }
    for (const [key, value] of Object.entries(body)) {
      if (typeof value !== 'string') throw invalidRequest(`Parameter ${key} must be a string`);
    }
    return body as Params;
  }
  throw invalidRequest('Content-Type must be application/x-www-form-urlencoded or application/json');
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/** client_secret_basic or client_secret_post; RFC 6749 §2.3: never both. */
function readCredentials(c: Context, params: Params) {
  const authorization = c.req.header('authorization');
  const basic = authorization && /^Basic\s+(\S+)$/i.exec(authorization);
  if (basic) {
    if (params.client_secret !== undefined) {
      throw invalidRequest('Use one client authentication method: Basic or client_secret in the body, not both');
    }
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    let clientId: string, clientSecret: string;
    try {
      if (colon < 0) throw new Error('no colon');
      clientId = formDecode(decoded.slice(0, colon));
      clientSecret = formDecode(decoded.slice(colon + 1));
    } catch {
      throw invalidClient(true);
    }
    if (params.client_id !== undefined && params.client_id !== clientId) {
      throw invalidRequest('client_id in the body does not match the Basic credentials');
    }
    return { clientId, clientSecret, viaBasic: true };
  }
  const { client_id: clientId, client_secret: clientSecret } = params;
  if (!clientId || clientSecret === undefined) throw invalidClient(false);
  return { clientId, clientSecret, viaBasic: false };
}

/** The peer address (behind a proxy this is the proxy: trusting X-Forwarded-For is a deployment choice). */
function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    return ''; // app.request() in tests has no socket
  }
}

/** Compared against when the client does not exist, so both failures take the same time. */
const absentClient: ExchangeClient = {
  clientId: '',
  name: '',
  metadata: {},
  grantTypes: [],
  secretDigest: Buffer.alloc(32),
};

/** `POST /oauth/token`: the client credentials grant (RFC 6749 §4.4). */
export function oauthTokenRoutes({ directory, tokens, hooks }: AppDeps) {
  return new Hono().post('/', async (c) => {
    const params = await readParams(c);
    const grantType = params.grant_type;
    if (!grantType) throw invalidRequest('Missing required parameter: grant_type');
    if (grantType !== 'client_credentials') throw unsupportedGrantType(grantType);

    const credentials = readCredentials(c, params);
    const client = await directory.client(credentials.clientId);
    const authenticated = secretMatches(client ?? absentClient, credentials.clientSecret);
    if (!client || !authenticated) throw invalidClient(credentials.viaBasic);
    if (!client.grantTypes.includes('client_credentials')) throw unauthorizedClient();

    const audience = params.audience;
    if (!audience) throw invalidRequest('Missing required parameter: audience');
    const api = await directory.api(audience);
    if (!api) throw accessDenied(`Service not found: ${audience}`);
    const granted = await directory.grantedScopes(client.clientId, api.id);
    if (!granted) {
      throw accessDenied(
        `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`,
      );
    }
    // A requested scope narrows the grant, never widens it.
    const requested = params.scope?.split(' ').filter(Boolean);
    let scopes = requested ? granted.filter((s) => requested.includes(s)) : granted;

    // The enabled credentials-exchange hook may replace the scopes, add claims, or refuse.
    const hooked = await hooks.onCredentialsExchange({
      client,
      api,
      scopes,
      ip: clientIp(c),
      userAgent: c.req.header('user-agent') ?? '',
    });
    if (hooked) scopes = hooked.scopes;

    const issued = await tokens.issue({ clientId: client.clientId, api, scopes, extraClaims: hooked?.claims });
    const body: TokenResponse = {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      scope: issued.claims.scope,
    };
    // RFC 6749 §5.1: tokens must not be cached.
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    return c.json(body);
  });
}
