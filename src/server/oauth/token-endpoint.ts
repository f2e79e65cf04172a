import type { TokenResponse } from '@/shared/schemas/token';
import type { HookService } from '../hooks/service';
import { secretMatches, type Directory, type ExchangeClient } from './directory';
import {
  OAuthError,
  accessDenied,
  invalidClient,
  invalidRequest,
  quotaExceeded,
  serverError,
  temporarilyUnavailable,
  tooManyRequests,
  unauthorizedClient,
  unsupportedGrantType,
} from './errors';
import type { TokenIssuer } from './tokens';
import { FailureLimiter, RefusalTally } from '../auth/rate-limit';
import type { LogRepo, NewLogEvent } from '../db/repos/logs';
import { quotaHeader, type TokenQuotaRepo } from '../db/repos/token-quotas';
import type { StoreHealth } from '../db/store-health';

/** A token request as the transport hands it over (Hono in tests and dev, raw node:http in main). */
export interface TokenRequest {
  contentType: string | undefined;
  body: string;
  authorization: string | undefined;
  ip: string;
  userAgent: string;
  /** The Host header (Actions' `event.request.hostname`). */
  host: string;
}

export interface TokenReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Largest body the token endpoint reads. */
export const MAX_TOKEN_REQUEST_BYTES = 16 * 1024;

type Params = Record<string, string>;

/** Reads form or JSON parameters; RFC 6749 §3.2: no parameter more than once, values are strings. */
function readParams(contentType: string | undefined, body: string): Params {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const params: Params = {};
    for (const [key, value] of new URLSearchParams(body)) {
      if (key in params) throw invalidRequest(`Parameter ${key} is included more than once`);
      params[key] = value;
    }
    return params;
  }
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw invalidRequest('Malformed JSON in request body');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalidRequest('The request body must be a JSON object');
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') throw invalidRequest(`Parameter ${key} must be a string`);
    }
    return parsed as Params;
  }
  throw invalidRequest(
    'Content-Type must be application/x-www-form-urlencoded or application/json',
  );
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

/** client_secret_basic or client_secret_post; RFC 6749 §2.3: never both. */
function readCredentials(authorization: string | undefined, params: Params) {
  const basic = authorization && /^Basic\s+(\S+)$/i.exec(authorization);
  if (basic) {
    if (params.client_secret !== undefined) {
      throw invalidRequest(
        'Use one client authentication method: Basic or client_secret in the body, not both',
      );
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

/** Compared against when the client does not exist, so both failures take the same time. */
const absentClient: ExchangeClient = {
  clientId: '',
  name: '',
  metadata: {},
  grantTypes: [],
  secretDigest: Buffer.alloc(32),
  tokensValidSince: 0,
};

// RFC 6749 §5.1: token responses must not be cached.
/** Names the execution record of the exchange's hook run (`GET /api/v2/hooks/{id}/logs/{execution}`). */
export const HOOK_EXECUTION_HEADER = 'tokenhook-hook-execution';

const JSON_NO_STORE = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
};

/**
 * `POST /oauth/token`, the client credentials grant (RFC 6749 §4.4), as one transport-free
 * function. Errors are RFC 6749 §5.2 bodies; nothing internal is ever in them.
 */
export function createTokenEndpoint(deps: {
  directory: Directory;
  tokens: TokenIssuer;
  hooks: HookService;
  logError: (err: unknown) => void;
  /** The tenant log: every exchange is recorded (`seccft` / `feccft`), never with a secret. */
  logs: LogRepo;
  /** Failed client authentications allowed per minute per client and address (×5 per address). */
  failuresPerMinute: number;
  /** The clock of the limits (tests move it). */
  now?: () => number;
  /** While the store is unreachable, requests it would need answer 503, without a log line each. */
  health: StoreHealth;
  /** Per-client token counts for `token_quota`. */
  quotas: TokenQuotaRepo;
}) {
  const { directory, tokens, hooks } = deps;
  const now = deps.now ?? Date.now;
  // Only failures count, so a well-behaved client is never slowed down, and guessing a secret
  // from one address, or spraying client ids from one address, stops quickly.
  const perClient = new FailureLimiter(deps.failuresPerMinute, 60_000, now);
  const perAddress = new FailureLimiter(deps.failuresPerMinute * 5, 60_000, now);
  // Refused (429) requests are logged as one event per limited key and minute, with their count,
  // so a flood of them cannot flood the tenant log.
  const refusals = new RefusalTally<NewLogEvent>(60_000, now);
  let sweeper: NodeJS.Timeout | undefined;

  /** Records the refusal windows that have ended (all of them with `all`). */
  function recordRefusals(all = false) {
    for (const { count, first } of refusals.drain(all)) {
      deps.logs.record({
        ...first,
        description: `${first.description} (${count} ${count === 1 ? 'request' : 'requests'} refused in this window)`,
        details: { ...first.details, count },
      });
    }
  }

  /** What the log may say about the request so far. */
  interface Seen {
    clientId?: string;
    clientName?: string;
    audience?: string;
    /** Which limit refused the request: the client's at this address, or the address's. */
    limited?: 'client' | 'address';
    /** The id of the hook's execution record, when the enabled hook ran. */
    hookExecution?: string;
  }

  /**
   * A response naming the hook's execution record of this exchange (`Tokenhook-Hook-Execution`),
   * so the console's Test panel shows that record instead of running the hook again.
   */
  function withExecution(headers: Record<string, string>, seen: Seen): Record<string, string> {
    return seen.hookExecution
      ? { ...headers, [HOOK_EXECUTION_HEADER]: seen.hookExecution }
      : { ...headers };
  }

  /** `headers`: response headers the exchange adds, on success and on failure alike. */
  async function exchange(
    req: TokenRequest,
    seen: Seen,
    headers: Record<string, string>,
  ): Promise<TokenResponse> {
    const params = readParams(req.contentType, req.body);
    const grantType = params.grant_type;
    if (!grantType) throw invalidRequest('Missing required parameter: grant_type');
    if (grantType !== 'client_credentials') throw unsupportedGrantType(grantType);

    const credentials = readCredentials(req.authorization, params);
    seen.clientId = credentials.clientId;
    seen.audience = params.audience;
    const clientKey = `${credentials.clientId}\n${req.ip}`;
    const limited = () => {
      const addressWait = perAddress.retryAfter(req.ip);
      const wait = Math.max(perClient.retryAfter(clientKey), addressWait);
      if (wait > 0) {
        seen.limited = addressWait > 0 ? 'address' : 'client';
        throw tooManyRequests(wait);
      }
    };
    limited();
    const client = await directory.client(credentials.clientId);
    const authenticated = secretMatches(client ?? absentClient, credentials.clientSecret);
    if (!client || !authenticated) {
      // Checked again after the await, in the same tick as the count: parallel failures that all
      // passed the first check cannot each learn their outcome beyond the limit.
      limited();
      perClient.fail(clientKey);
      perAddress.fail(req.ip);
      throw invalidClient(credentials.viaBasic);
    }
    seen.clientName = client.name;
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
    // Auth0's application token quota: every authorized request counts, and with `enforce` one
    // past a limit is refused. The header reports the buckets either way.
    if (client.quota) {
      const usage = await deps.quotas.consume(client.clientId, client.quota);
      headers['auth0-client-quota-limit'] = quotaHeader(usage);
      const exceeded = usage.filter((u) => u.count > u.limit);
      if (client.quota.enforce && exceeded.length > 0) {
        throw quotaExceeded(
          exceeded.map((u) => u.bucket),
          Math.max(...exceeded.map((u) => u.resetIn)),
        );
      }
    }

    // A requested scope narrows the grant, never widens it.
    const requested = params.scope?.split(' ').filter(Boolean);
    let scopes = requested ? granted.filter((s) => requested.includes(s)) : granted;

    // The enabled credentials-exchange hook may replace the scopes, add claims, or refuse.
    const { client_secret: _secret, ...body } = params;
    const hooked = await hooks.onCredentialsExchange(
      {
        client,
        api,
        scopes,
        granted,
        requestedScopes: requested ?? [],
        ip: req.ip,
        userAgent: req.userAgent,
        hostname: req.host.replace(/:\d+$/, ''),
        body,
      },
      (id) => (seen.hookExecution = id),
    );
    if (hooked) scopes = hooked.scopes;

    const signingSecret =
      api.signing_alg === 'HS256' ? await directory.signingSecret(api.id) : undefined;
    const issued = await tokens.issue({
      clientId: client.clientId,
      api,
      scopes,
      extraClaims: hooked?.claims,
      signingSecret,
    });
    return {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      scope: issued.claims.scope,
    };
  }

  function record(req: TokenRequest, seen: Seen, failure?: OAuthError) {
    if (seen.limited) {
      const key = seen.limited === 'address' ? `\n${req.ip}` : `${seen.clientId ?? ''}\n${req.ip}`;
      refusals.count(key, () => describe(req, seen, failure));
      sweeper ??= setInterval(() => {
        recordRefusals();
        if (refusals.size === 0) {
          clearInterval(sweeper);
          sweeper = undefined;
        }
      }, 10_000).unref();
      return;
    }
    deps.logs.record(describe(req, seen, failure));
  }

  function describe(req: TokenRequest, seen: Seen, failure?: OAuthError): NewLogEvent {
    return {
      type: failure ? 'feccft' : 'seccft',
      description: failure ? failure.description : 'Client Credentials for Access Token',
      ip: req.ip,
      user_agent: req.userAgent,
      ...(seen.clientId !== undefined && { client_id: seen.clientId }),
      ...(seen.clientName !== undefined && { client_name: seen.clientName }),
      ...(seen.audience !== undefined && { audience: seen.audience }),
      details: failure ? { error: failure.error, status: failure.status } : {},
    };
  }

  function toOAuthError(err: unknown): OAuthError {
    if (err instanceof OAuthError) return err;
    if (deps.health.failed(err)) return temporarilyUnavailable(deps.health.retryAfterSeconds());
    deps.logError(err);
    return serverError('The server could not issue a token');
  }

  let nextSweep = 0;

  async function handle(req: TokenRequest): Promise<TokenReply> {
    if (refusals.size > 0 && now() >= nextSweep) {
      nextSweep = now() + 1_000;
      recordRefusals();
    }
    const seen: Seen = {};
    const added: Record<string, string> = {};
    try {
      const body = JSON.stringify(await exchange(req, seen, added));
      record(req, seen);
      deps.health.count('tokens');
      return { status: 200, headers: withExecution({ ...JSON_NO_STORE, ...added }, seen), body };
    } catch (err) {
      const error = toOAuthError(err);
      deps.health.count('tokens');
      if (error.status === 503) deps.health.count('tokensRefused');
      record(req, seen, error);
      const headers: Record<string, string> = withExecution({ ...JSON_NO_STORE, ...added }, seen);
      if (error.wwwAuthenticate) headers['www-authenticate'] = error.wwwAuthenticate;
      if (error.retryAfter) headers['retry-after'] = String(error.retryAfter);
      return { status: error.status, headers, body: JSON.stringify(error.toBody()) };
    }
  }

  return Object.assign(handle, {
    /** Records every pending count of refused requests (on shutdown, and in tests). */
    flushRefusals: () => recordRefusals(true),
  });
}
export type TokenEndpoint = ReturnType<typeof createTokenEndpoint>;
