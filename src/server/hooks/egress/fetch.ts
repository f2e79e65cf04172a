/**
 * Hooks' outbound HTTP, made by the host under the egress policy.
 *
 * What it guarantees: every address a host name resolves to is checked before any packet is sent,
 * and the connection goes to a checked address only (node's own resolver is replaced by one that
 * answers with the checked addresses), so a DNS answer that changes between the check and the
 * connection cannot reach anything else. Redirects are followed here, one hop at a time, each
 * checked like the first request. A run's budget bounds its requests, the bytes its responses
 * deliver (after decompression) and the time until its deadline.
 * Connections are kept alive between calls (a checked request may reuse one made to a checked
 * address for the same host name and port). What it does not do: keep cookies, or speak anything
 * but HTTP/1.1 over http: and https:.
 */
import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import zlib from 'node:zlib';
import {
  canonicalHostname,
  createEgressPolicy,
  decide,
  parseIp,
  type EgressPolicy,
} from './policy';

export type EgressErrorCode =
  'EGRESS_DENIED' | 'EGRESS_LIMIT' | 'EGRESS_TIMEOUT' | 'EGRESS_FAILED' | 'EGRESS_ABORTED';

/** A refused or failed outbound request; the message names the host and the policy or limit. */
export class EgressError extends Error {
  override name = 'EgressError';
  constructor(
    readonly code: EgressErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a hook asks for; the body travels as base64 so that only plain data crosses the sandbox. */
export interface EgressRequest {
  url: string;
  method: string;
  headers: [string, string][];
  bodyBase64?: string;
  /** `follow` (default) follows up to 5 redirects; `manual` answers with the 3xx (for http.request); `error` fails on one. */
  redirect?: 'follow' | 'manual' | 'error';
}

export interface EgressResponse {
  /** The URL of the last hop. */
  url: string;
  status: number;
  statusText: string;
  /** Lowercase names, in the order received, repeated names kept (set-cookie). */
  headers: [string, string][];
  bodyBase64: string;
  redirected: boolean;
}

/** The limits of one hook run, shared by all its requests. */
export interface EgressBudget {
  /** Epoch milliseconds after which every request is aborted. */
  deadline: number;
  maxRequests: number;
  /** Response body bytes the run may receive, all requests together. */
  maxResponseBytes: number;
  requestsMade: number;
  responseBytes: number;
}

export function createBudget(limits: {
  deadline: number;
  maxRequests: number;
  maxResponseBytes: number;
}): EgressBudget {
  return { ...limits, requestsMade: 0, responseBytes: 0 };
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

const systemLookup: Lookup = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The addresses of this machine's interfaces, for a policy whose listeners are bound to every address. */
export function machineAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) =>
    (list ?? []).map((i) => i.address),
  );
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Fetch standard "normalize a method": these are uppercased, any other method is sent as written. */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
/** Methods fetch forbids (Fetch standard, "forbidden method"); CONNECT would open a tunnel. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** Hop-by-hop headers (RFC 9110 §7.6.1) and those the host sets itself. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const HOST_SET = new Set(['host', 'content-length', 'expect']);
/** Dropped when a redirect leaves the origin (Fetch standard, HTTP-redirect fetch step 13). */
const ORIGIN_CREDENTIALS = new Set(['authorization', 'cookie', 'cookie2', 'proxy-authorization']);
const BODY_HEADERS = new Set([
  'content-type',
  'content-encoding',
  'content-language',
  'content-location',
]);

/** Drops hop-by-hop headers, those named by `Connection`, and those the host sets itself. */
function stripHopByHop(headers: [string, string][]): [string, string][] {
  const named = new Set(
    headers
      .filter(([name]) => name.toLowerCase() === 'connection')
      .flatMap(([, value]) => value.split(',').map((v) => v.trim().toLowerCase())),
  );
  return headers.filter(([name]) => {
    const lower = name.toLowerCase();
    return !HOP_BY_HOP.has(lower) && !named.has(lower);
  });
}

function decoderFor(
  encoding: string | undefined,
): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** A node `lookup` that answers only with addresses the policy has checked for this host. */
function pinnedLookup(hostname: string, addresses: ResolvedAddress[]): LookupFunction {
  return (name, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable =
      name === hostname ? addresses.filter((a) => family === 0 || a.family === family) : [];
    const first = usable[0];
    if (!first) {
      callback(
        Object.assign(new Error(`no checked address for ${name}`), { code: 'ENOTFOUND' }),
        '',
        0,
      );
    } else if (options.all) {
      (callback as unknown as (err: null, all: ResolvedAddress[]) => void)(null, usable);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

interface Hop {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Buffer;
}

export interface Egress {
  /** Makes one request (and its redirects) for a hook run; rejects with an EgressError. */
  fetch(req: EgressRequest, budget: EgressBudget, signal?: AbortSignal): Promise<EgressResponse>;
}

/** How long an idle outbound connection stays open for the next call. */
const IDLE_SOCKET_MS = 4000;
/** Connections open at once per scheme, in use or idle (more calls wait for one to free up). */
const MAX_SOCKETS = 256;

export function createEgress(
  policy: EgressPolicy,
  options: { lookup?: Lookup; ca?: string[] } = {},
): Egress {
  // Node's `ca` option replaces the default roots: extra certificates are added to them.
  const ca = options.ca?.length ? [...tls.rootCertificates, ...options.ca] : undefined;
  const lookup = options.lookup ?? systemLookup;
  // Connections are kept open between calls, by host name and port (and TLS options): a request
  // is checked against the policy before it may use one, and a connection is only ever made to a
  // checked address. An idle connection closes after a few seconds.
  const kept = {
    keepAlive: true,
    maxFreeSockets: 16,
    maxTotalSockets: MAX_SOCKETS,
    timeout: IDLE_SOCKET_MS,
  };
  const agents = { 'http:': new http.Agent(kept), 'https:': new https.Agent(kept) };

  async function fetch(
    req: EgressRequest,
    budget: EgressBudget,
    signal?: AbortSignal,
  ): Promise<EgressResponse> {
    let url = parseUrl(req.url);
    let method = req.method.toUpperCase();
    if (!METHOD.test(req.method) || FORBIDDEN_METHODS.has(method)) {
      throw new EgressError(
        'EGRESS_FAILED',
        `Outbound request to ${url.origin} refused: "${req.method}" is not an allowed HTTP method`,
      );
    }
    if (!NORMALIZED_METHODS.has(method)) method = req.method;
    let headers = stripHopByHop(req.headers).filter(([name]) => !HOST_SET.has(name.toLowerCase()));
    let body = req.bodyBase64 === undefined ? undefined : Buffer.from(req.bodyBase64, 'base64');

    // One deadline for the whole call, redirects included; `failure` tells why it was aborted.
    const controller = new AbortController();
    let failure: EgressError | undefined;
    const abort = (error: EgressError) => {
      failure ??= error;
      controller.abort(failure);
    };
    const onAbort = () =>
      abort(
        new EgressError(
          'EGRESS_ABORTED',
          `Outbound request to ${url.origin} was aborted by the hook`,
        ),
      );
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const remaining = budget.deadline - Date.now();
    if (remaining <= 0) {
      throw new EgressError(
        'EGRESS_TIMEOUT',
        `Outbound request to ${url.origin} refused: the hook's deadline has passed`,
      );
    }
    const timer = setTimeout(
      () =>
        abort(
          new EgressError(
            'EGRESS_TIMEOUT',
            `Outbound request to ${url.origin} did not finish before the hook's deadline`,
          ),
        ),
      Math.min(remaining, 2 ** 31 - 1),
    );
    try {
      for (let redirects = 0; ; redirects++) {
        const hop = await send(url, method, headers, body, budget, controller.signal, abort).catch(
          (err: unknown) => {
            throw failure ?? err;
          },
        );
        const location = hop.headers.find(([name]) => name === 'location')?.[1];
        if (
          !REDIRECT_STATUSES.has(hop.status) ||
          location === undefined ||
          req.redirect === 'manual'
        ) {
          return {
            url: url.href,
            status: hop.status,
            statusText: hop.statusText,
            headers: hop.headers,
            bodyBase64: hop.body.toString('base64'),
            redirected: redirects > 0,
          };
        }
        if (req.redirect === 'error') {
          throw new EgressError(
            'EGRESS_FAILED',
            `Outbound request to ${url.origin} was redirected, and the request asked not to follow redirects`,
          );
        }
        if (redirects === MAX_REDIRECTS) {
          throw new EgressError(
            'EGRESS_LIMIT',
            `Outbound request to ${url.origin} was redirected more than ${MAX_REDIRECTS} times`,
          );
        }
        const next = parseUrl(location, url);
        // Fetch standard, HTTP-redirect fetch step 12: 303 (unless HEAD), and 301/302 after POST, become GET without a body.
        if (
          (hop.status === 303 && method !== 'HEAD') ||
          ((hop.status === 301 || hop.status === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
          headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
        }
        if (next.origin !== url.origin)
          headers = headers.filter(([name]) => !ORIGIN_CREDENTIALS.has(name.toLowerCase()));
        url = next;
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function send(
    url: URL,
    method: string,
    guestHeaders: [string, string][],
    body: Buffer | undefined,
    budget: EgressBudget,
    signal: AbortSignal,
    abort: (error: EgressError) => void,
  ): Promise<Hop> {
    const origin = url.origin;
    if (signal.aborted) throw signal.reason;
    if (budget.requestsMade >= budget.maxRequests) {
      throw new EgressError(
        'EGRESS_LIMIT',
        `Outbound request to ${origin} refused: this hook run already made ${budget.maxRequests} requests, ` +
          'the limit per run (HOOK_EGRESS_MAX_REQUESTS)',
      );
    }
    budget.requestsMade++;

    const hostname = canonicalHostname(url.hostname);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const literal = parseIp(hostname);
    let addresses: ResolvedAddress[];
    if (literal) {
      addresses = [{ address: hostname, family: literal.version }];
    } else {
      addresses = await Promise.race([
        lookup(hostname),
        new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      ]).catch((err: unknown) => {
        if (signal.aborted) throw signal.reason;
        const code = (err as { code?: unknown }).code;
        throw new EgressError(
          'EGRESS_FAILED',
          `Outbound request to ${origin} failed: host ${hostname} could not be resolved (${typeof code === 'string' ? code : 'no answer'})`,
        );
      });
      if (addresses.length === 0) {
        throw new EgressError(
          'EGRESS_FAILED',
          `Outbound request to ${origin} failed: host ${hostname} has no address`,
        );
      }
    }
    for (const { address } of addresses) {
      const verdict = decide(policy, { hostname, address, port });
      if (!verdict.allowed)
        throw new EgressError(
          'EGRESS_DENIED',
          `Outbound request to ${origin} refused: ${verdict.reason}`,
        );
    }

    const raw: string[] = ['Host', url.host];
    for (const [name, value] of guestHeaders) raw.push(name, value);
    if (
      !guestHeaders.some(([name]) => name.toLowerCase() === 'authorization') &&
      (url.username || url.password)
    ) {
      const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
      raw.push('Authorization', `Basic ${Buffer.from(credentials).toString('base64')}`);
    }
    if (body !== undefined || !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method)) {
      raw.push('Content-Length', String(body?.length ?? 0));
    }

    return new Promise<Hop>((resolve, reject) => {
      const fail = (err: unknown) => {
        if (err instanceof EgressError) return reject(err);
        const code = (err as { code?: unknown }).code;
        const detail =
          typeof code === 'string' ? code : err instanceof Error ? err.message : 'unknown error';
        reject(new EgressError('EGRESS_FAILED', `Outbound request to ${origin} failed: ${detail}`));
      };
      let request: http.ClientRequest;
      try {
        request = (url.protocol === 'https:' ? https : http).request({
          host: hostname,
          port,
          method,
          path: `${url.pathname}${url.search}`,
          headers: raw,
          agent: url.protocol === 'https:' ? agents['https:'] : agents['http:'],
          ...(ca && url.protocol === 'https:' && { ca }),
          lookup: pinnedLookup(hostname, addresses),
        });
      } catch (err) {
        // Invalid header names or values are refused by node before anything is sent.
        const code = (err as { code?: unknown }).code;
        return reject(
          new EgressError(
            'EGRESS_FAILED',
            `Outbound request to ${origin} refused: a header has an invalid name or value (${String(code)})`,
          ),
        );
      }
      request.on('error', fail);
      // Aborted (the deadline, a limit, the hook): the connection is closed, never kept for reuse.
      const onAbort = () => {
        request.destroy();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      request.on('close', () => signal.removeEventListener('abort', onAbort));
      request.on('response', (res) => {
        res.on('error', fail);
        const headers: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          headers.push([(res.rawHeaders[i] ?? '').toLowerCase(), res.rawHeaders[i + 1] ?? '']);
        }
        const status = res.statusCode ?? 0;
        const result = (bodyBytes: Buffer, finalHeaders: [string, string][]) =>
          resolve({
            status,
            statusText: res.statusMessage ?? '',
            headers: stripHopByHop(finalHeaders),
            body: bodyBytes,
          });
        const location = headers.some(([name]) => name === 'location');
        if (
          method === 'HEAD' ||
          status === 204 ||
          status === 304 ||
          (REDIRECT_STATUSES.has(status) && location)
        ) {
          // No body to deliver (a followed redirect's body is never read).
          res.destroy();
          return result(Buffer.alloc(0), headers);
        }
        const overLimit = () =>
          new EgressError(
            'EGRESS_LIMIT',
            `Response from ${origin} stopped: this hook run's responses passed ${budget.maxResponseBytes} bytes, ` +
              'the limit per run (HOOK_EGRESS_MAX_RESPONSE_BYTES)',
          );
        const declared = Number(res.headers['content-length']);
        if (
          Number.isFinite(declared) &&
          budget.responseBytes + declared > budget.maxResponseBytes
        ) {
          const error = overLimit();
          abort(error);
          return reject(error);
        }
        const encoding = res.headers['content-encoding'];
        const decoder = decoderFor(encoding);
        const stream = decoder ? res.pipe(decoder) : res;
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => {
          budget.responseBytes += chunk.length;
          if (budget.responseBytes > budget.maxResponseBytes) {
            const error = overLimit();
            abort(error);
            decoder?.destroy();
            return reject(error);
          }
          chunks.push(chunk);
        });
        if (decoder) {
          decoder.on('error', () =>
            reject(
              new EgressError(
                'EGRESS_FAILED',
                `Outbound request to ${origin} failed: the ${String(encoding)} body could not be decoded`,
              ),
            ),
          );
        }
        stream.on('end', () => {
          const bytes = Buffer.concat(chunks);
          if (!decoder) return result(bytes, headers);
          const decoded = headers.filter(
            ([name]) => name !== 'content-encoding' && name !== 'content-length',
          );
          result(bytes, [...decoded, ['content-length', String(bytes.length)]]);
        });
      });
      request.end(body);
    });
  }

  return { fetch };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new EgressError(
      'EGRESS_FAILED',
      `Outbound request refused: "${text.slice(0, 200)}" is not a valid URL`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EgressError(
      'EGRESS_DENIED',
      `Outbound request to ${url.protocol}//${url.host} refused: only http: and https: URLs are allowed`,
    );
  }
  return url;
}

/** The egress of a server: its policy from the configuration and its own listeners, and a budget per run. */
export function createHookEgress(
  config: {
    allow: string[];
    deny: string[];
    maxRequests: number;
    maxResponseBytes: number;
    ca?: string[];
  },
  ownListeners: string[],
  options: { lookup?: Lookup; localAddresses?: string[] } = {},
) {
  const policy = createEgressPolicy({
    allow: config.allow,
    deny: config.deny,
    ownListeners,
    localAddresses: options.localAddresses ?? machineAddresses(),
  });
  const egress = createEgress(policy, { lookup: options.lookup, ca: config.ca });
  return {
    policy,
    fetch: egress.fetch,
    /** A fresh budget for one run that must finish by `deadline` (epoch ms). */
    budget: (deadline: number) =>
      createBudget({
        deadline,
        maxRequests: config.maxRequests,
        maxResponseBytes: config.maxResponseBytes,
      }),
  };
}
