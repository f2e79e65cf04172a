import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createBudget,
  createEgress,
  createHookEgress,
  EgressError,
  type EgressRequest,
  type Lookup,
} from './fetch';
import { createEgressPolicy } from './policy';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  localAddress: string;
  remotePort: number;
}

/** A real HTTP server on a loopback address; `seen` records what reached it. */
async function startServer(
  address: string,
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const seen: Seen[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        localAddress: req.socket.localAddress ?? '',
        remotePort: req.socket.remotePort ?? 0,
      });
      handler(req, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    port,
    origin: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;

const budget = (
  over: Partial<{ deadline: number; maxRequests: number; maxResponseBytes: number }> = {},
) =>
  createBudget({
    deadline: Date.now() + 10_000,
    maxRequests: 10,
    maxResponseBytes: 1024 * 1024,
    ...over,
  });

const get = (url: string, headers: [string, string][] = []): EgressRequest => ({
  url,
  method: 'GET',
  headers,
});

async function failure(promise: Promise<unknown>): Promise<EgressError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EgressError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

/** 127.0.0.2 is allowed explicitly, 127.0.0.1 denied explicitly: both paths of the policy. */
const policy = createEgressPolicy({ allow: ['127.0.0.2'], deny: ['127.0.0.1'] });

let api: Server;
let other: Server;
let denied: Server;

beforeAll(async () => {
  api = await startServer('127.0.0.2', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/hello':
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.setHeader('x-custom', 'yes');
        res.end(JSON.stringify({ hello: 'world', host: req.headers.host }));
        return;
      case '/redirect':
        res.writeHead(Number(url.searchParams.get('status') ?? 302), {
          location: url.searchParams.get('to') ?? '/hello',
        });
        res.end('moved');
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        res.end();
        return;
      case '/big':
        res.end('x'.repeat(Number(url.searchParams.get('n'))));
        return;
      case '/chunked':
        res.write('y'.repeat(600));
        setImmediate(() => res.end('y'.repeat(600)));
        return;
      case '/gzip-bomb':
        res.setHeader('content-encoding', 'gzip');
        res.end(zlib.gzipSync(Buffer.alloc(1024 * 1024)));
        return;
      case '/gzip':
        res.setHeader('content-encoding', 'gzip');
        res.end(zlib.gzipSync('decoded text'));
        return;
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part');
        // Never ends: only the deadline stops this request.
        return;
      case '/echo':
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method }));
        return;
      default:
        res.statusCode = 404;
        res.end();
    }
  });
  other = await startServer('127.0.0.2', (_req, res) => res.end('other origin'));
  denied = await startServer('127.0.0.1', (_req, res) => res.end('should never be reached'));
});

afterAll(async () => {
  await Promise.all([api.close(), other.close(), denied.close()]);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const s of [api, other, denied]) s.seen.length = 0;
});

describe('refusals before any packet is sent', () => {
  it.each([
    ['10.0.0.5', 'a private address (10.0.0.0/8)'],
    ['169.254.169.254', 'a link-local (cloud metadata) address (169.254.0.0/16)'],
    ['::ffff:192.168.1.10', 'a private address (192.168.0.0/16)'],
    ['fd00:ec2::254', 'a private (unique local) address (fc00::/7)'],
  ])('DNS answering %s is refused and nothing connects', async (address, what) => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const lookup = vi.fn<Lookup>(async () => [{ address, family: address.includes(':') ? 6 : 4 }]);
    const egress = createEgress(createEgressPolicy(), { lookup });
    const error = await failure(
      egress.fetch(get('https://internal.example.com/secrets'), budget()),
    );
    expect(error.code).toBe('EGRESS_DENIED');
    expect(error.message).toContain(
      'Outbound request to https://internal.example.com refused: host internal.example.com port 443',
    );
    expect(error.message).toContain(`is ${what}, refused by the default egress policy`);
    expect(lookup).toHaveBeenCalledWith('internal.example.com');
    expect(connect).not.toHaveBeenCalled();
  });

  it('every resolved address is checked: one private address among public ones refuses the call', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const lookup: Lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const egress = createEgress(createEgressPolicy(), { lookup });
    const error = await failure(egress.fetch(get('http://rebind.example.com/'), budget()));
    expect(error.code).toBe('EGRESS_DENIED');
    expect(error.message).toContain('(address 127.0.0.1) is a loopback address');
    expect(connect).not.toHaveBeenCalled();
  });

  it.each([
    ['http://127.0.0.1:9/', 'host 127.0.0.1 port 9 is a loopback address'],
    ['http://localhost:9/', 'host localhost port 9 (address 127.0.0.1) is a loopback address'],
    [
      'http://169.254.169.254/latest/meta-data/',
      'host 169.254.169.254 port 80 is a link-local (cloud metadata) address',
    ],
    ['http://[::1]:9/', 'host ::1 port 9 is a loopback address'],
    [
      'http://[::ffff:7f00:1]:9/',
      'host ::ffff:7f00:1 port 9 (address 127.0.0.1) is a loopback address',
    ],
    ['http://0x7f.1:9/', 'host 127.0.0.1 port 9 is a loopback address'],
    ['http://2130706433:9/', 'host 127.0.0.1 port 9 is a loopback address'],
    ['http://0.0.0.0:9/', 'host 0.0.0.0 port 9 is a "this network" address'],
  ])('the default policy refuses %s', async (url, reason) => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const lookup: Lookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const error = await failure(
      createEgress(createEgressPolicy(), { lookup }).fetch(get(url), budget()),
    );
    expect(error.code).toBe('EGRESS_DENIED');
    expect(error.message).toContain(reason);
    expect(connect).not.toHaveBeenCalled();
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/', 'data:text/plain,hi'])(
    'refuses the scheme of %s',
    async (url) => {
      const error = await failure(createEgress(policy).fetch(get(url), budget()));
      expect(error.code).toBe('EGRESS_DENIED');
      expect(error.message).toContain('only http: and https: URLs are allowed');
    },
  );

  it('refuses a URL that does not parse, and forbidden methods', async () => {
    const egress = createEgress(policy);
    expect(await failure(egress.fetch(get('not a url'), budget()))).toMatchObject({
      code: 'EGRESS_FAILED',
      message: 'Outbound request refused: "not a url" is not a valid URL',
    });
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    expect(
      await failure(egress.fetch({ ...get(`${api.origin}/hello`), method: 'CONNECT' }, budget())),
    ).toMatchObject({
      code: 'EGRESS_FAILED',
      message: `Outbound request to ${api.origin} refused: "CONNECT" is not an allowed HTTP method`,
    });
    expect(connect).not.toHaveBeenCalled();
  });

  it.each([
    [['x-a', 'v\r\nInjected: 1'], 'ERR_INVALID_CHAR'],
    [['bad name', 'v'], 'ERR_INVALID_HTTP_TOKEN'],
  ])('refuses the header %j before connecting', async (header, code) => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const error = await failure(
      createEgress(policy).fetch(
        get(`${api.origin}/hello`, [header as [string, string]]),
        budget(),
      ),
    );
    expect(error).toMatchObject({
      code: 'EGRESS_FAILED',
      message: `Outbound request to ${api.origin} refused: a header has an invalid name or value (${code})`,
    });
    expect(connect).not.toHaveBeenCalled();
    expect(api.seen).toEqual([]);
  });

  it('an unresolvable host fails with its name', async () => {
    const lookup: Lookup = () =>
      Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    const error = await failure(
      createEgress(policy, { lookup }).fetch(get('https://nowhere.invalid/'), budget()),
    );
    expect(error).toMatchObject({
      code: 'EGRESS_FAILED',
      message:
        'Outbound request to https://nowhere.invalid failed: host nowhere.invalid could not be resolved (ENOTFOUND)',
    });
  });
});

describe('requests to allowed loopback servers', () => {
  it('an explicitly allowed address is reached; an explicitly denied one is refused', async () => {
    const egress = createEgress(policy);
    const res = await egress.fetch(
      get(`${api.origin}/hello`, [['Accept', 'application/json']]),
      budget(),
    );
    expect(res).toEqual({
      url: `${api.origin}/hello`,
      status: 200,
      statusText: 'OK',
      headers: expect.arrayContaining([
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        ['x-custom', 'yes'],
      ]) as unknown,
      bodyBase64: Buffer.from(
        JSON.stringify({ hello: 'world', host: `127.0.0.2:${api.port}` }),
      ).toString('base64'),
      redirected: false,
    });
    expect(res.headers.map(([name]) => name)).not.toContain('connection');

    const error = await failure(egress.fetch(get(`${denied.origin}/`), budget()));
    expect(error).toMatchObject({
      code: 'EGRESS_DENIED',
      message: `Outbound request to ${denied.origin} refused: host 127.0.0.1 port ${denied.port} is refused by the HOOK_EGRESS_DENY rule "127.0.0.1"`,
    });
    expect(denied.seen).toEqual([]);
  });

  it('connects to the checked address only, with the host name kept in Host', async () => {
    const lookup = vi.fn<Lookup>(async () => [{ address: '127.0.0.2', family: 4 }]);
    const egress = createEgress(policy, { lookup });
    const res = await egress.fetch(get(`http://api.stand-in.test:${api.port}/hello`), budget());
    expect(res.status).toBe(200);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(api.seen[0]).toMatchObject({
      localAddress: '127.0.0.2',
      headers: { host: `api.stand-in.test:${api.port}` },
    });
  });

  it('keeps a connection open for the next call to the same host and port; one stopped at a limit is closed, never reused', async () => {
    const egress = createEgress(policy);
    for (let i = 0; i < 2; i++)
      expect((await egress.fetch(get(`${api.origin}/hello`), budget())).status).toBe(200);
    expect(api.seen[1]!.remotePort).toBe(api.seen[0]!.remotePort);
    expect(
      await failure(egress.fetch(get(`${api.origin}/chunked`), budget({ maxResponseBytes: 1000 }))),
    ).toMatchObject({ code: 'EGRESS_LIMIT' });
    expect((await egress.fetch(get(`${api.origin}/hello`), budget())).status).toBe(200);
    expect(api.seen[3]!.remotePort).not.toBe(api.seen[2]!.remotePort);
  });

  it('a kept connection does not skip the check: the same name answered with a refused address is refused', async () => {
    const answers = ['127.0.0.2', '127.0.0.1'];
    const lookup = vi.fn<Lookup>(async () => [{ address: answers.shift()!, family: 4 }]);
    const egress = createEgress(policy, { lookup });
    const url = `http://api.stand-in.test:${api.port}/hello`;
    expect((await egress.fetch(get(url), budget())).status).toBe(200);
    expect(await failure(egress.fetch(get(url), budget()))).toMatchObject({
      code: 'EGRESS_DENIED',
    });
    expect(api.seen).toHaveLength(1);
  });

  it('reaches an allowed IPv6 literal, and a name answered with IPv6 and IPv4 addresses', async () => {
    const v6 = await startServer('::1', (_req, res) => res.end('v6'));
    try {
      const allowed = createEgressPolicy({ allow: ['::1', '127.0.0.2'] });
      const res = await createEgress(allowed).fetch(get(`http://[::1]:${v6.port}/`), budget());
      expect(Buffer.from(res.bodyBase64, 'base64').toString()).toBe('v6');
      expect(v6.seen[0]?.headers.host).toBe(`[::1]:${v6.port}`);
      const lookup: Lookup = async () => [
        { address: '::1', family: 6 },
        { address: '127.0.0.2', family: 4 },
      ];
      const named = await createEgress(allowed, { lookup }).fetch(
        get(`http://dual.stand-in.test:${v6.port}/`),
        budget(),
      );
      expect(Buffer.from(named.bodyBase64, 'base64').toString()).toBe('v6');
      expect(
        await failure(
          createEgress(createEgressPolicy(), { lookup }).fetch(
            get(`http://dual.stand-in.test:${v6.port}/`),
            budget(),
          ),
        ),
      ).toMatchObject({
        code: 'EGRESS_DENIED',
      });
    } finally {
      await v6.close();
    }
  });

  it('sends the method, headers and body, and strips hop-by-hop and host-set headers', async () => {
    const egress = createEgress(policy);
    await egress.fetch(
      {
        url: `${api.origin}/echo`,
        method: 'post',
        headers: [
          ['Content-Type', 'application/json'],
          ['Connection', 'keep-alive, X-Secret-Hop'],
          ['X-Secret-Hop', 'drop me'],
          ['Transfer-Encoding', 'chunked'],
          ['Upgrade', 'websocket'],
          ['Host', 'evil.example'],
          ['Content-Length', '999'],
          ['X-Kept', 'kept'],
        ],
        bodyBase64: Buffer.from('{"a":1}').toString('base64'),
      },
      budget(),
    );
    const seen = api.seen[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.body).toBe('{"a":1}');
    expect(seen.headers).toMatchObject({
      host: `127.0.0.2:${api.port}`,
      'content-length': '7',
      'x-kept': 'kept',
      connection: 'keep-alive',
    });
    expect(seen.headers['x-secret-hop']).toBeUndefined();
    expect(seen.headers['upgrade']).toBeUndefined();
    expect(seen.headers['transfer-encoding']).toBeUndefined();
  });

  it('turns URL credentials into Basic authorization', async () => {
    await createEgress(policy).fetch(
      get(`http://user:p%40ss@127.0.0.2:${api.port}/hello`),
      budget(),
    );
    expect(api.seen[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('user:p@ss').toString('base64')}`,
    );
  });

  it('decodes a gzip body and reports its decoded length', async () => {
    const res = await createEgress(policy).fetch(
      get(`${api.origin}/gzip`, [['accept-encoding', 'gzip']]),
      budget(),
    );
    expect(Buffer.from(res.bodyBase64, 'base64').toString()).toBe('decoded text');
    expect(res.headers).toContainEqual(['content-length', '12']);
    expect(res.headers.map(([name]) => name)).not.toContain('content-encoding');
  });
});

describe('redirects', () => {
  it('are followed, each hop checked; a redirect to a denied address is refused before it is sent', async () => {
    const egress = createEgress(policy);
    const followed = await egress.fetch(get(`${api.origin}/redirect?to=/hello`), budget());
    expect(followed).toMatchObject({ url: `${api.origin}/hello`, status: 200, redirected: true });

    const to = encodeURIComponent(`${denied.origin}/admin`);
    const error = await failure(egress.fetch(get(`${api.origin}/redirect?to=${to}`), budget()));
    expect(error).toMatchObject({
      code: 'EGRESS_DENIED',
      message: `Outbound request to ${denied.origin} refused: host 127.0.0.1 port ${denied.port} is refused by the HOOK_EGRESS_DENY rule "127.0.0.1"`,
    });
    expect(denied.seen).toEqual([]);
  });

  it('to a private address by DNS are refused under the default policy too', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const lookup: Lookup = async (host) => [
      { address: host === 'public.example' ? '127.0.0.2' : '10.1.2.3', family: 4 },
    ];
    const egress = createEgress(createEgressPolicy({ allow: ['public.example'] }), { lookup });
    const to = encodeURIComponent('http://internal.example/');
    const error = await failure(
      egress.fetch(get(`http://public.example:${api.port}/redirect?to=${to}`), budget()),
    );
    expect(error.code).toBe('EGRESS_DENIED');
    expect(error.message).toContain(
      'host internal.example port 80 (address 10.1.2.3) is a private address',
    );
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('keep credentials on the same origin and drop cookies and authorization for another origin', async () => {
    const egress = createEgress(policy);
    const secret: [string, string][] = [
      ['Authorization', 'Bearer s3cret'],
      ['Cookie', 'session=abc'],
      ['X-Other', 'kept'],
    ];
    await egress.fetch(get(`${api.origin}/redirect?to=/hello`, secret), budget());
    expect(api.seen[1]?.headers).toMatchObject({
      authorization: 'Bearer s3cret',
      cookie: 'session=abc',
    });

    const to = encodeURIComponent(`${other.origin}/landing`);
    const res = await egress.fetch(get(`${api.origin}/redirect?to=${to}`, secret), budget());
    expect(res).toMatchObject({ url: `${other.origin}/landing`, redirected: true });
    expect(other.seen[0]?.headers['x-other']).toBe('kept');
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
    expect(other.seen[0]?.headers.cookie).toBeUndefined();
  });

  it('303 turns a POST into a GET without a body; 307 keeps both', async () => {
    const egress = createEgress(policy);
    const post = (status: number): EgressRequest => ({
      url: `${api.origin}/redirect?status=${status}&to=/echo`,
      method: 'POST',
      headers: [['content-type', 'text/plain']],
      bodyBase64: Buffer.from('payload').toString('base64'),
    });
    await egress.fetch(post(303), budget());
    expect(api.seen[1]).toMatchObject({ method: 'GET', body: '' });
    expect(api.seen[1]?.headers['content-type']).toBeUndefined();
    await egress.fetch(post(307), budget());
    expect(api.seen[3]).toMatchObject({
      method: 'POST',
      body: 'payload',
      headers: { 'content-type': 'text/plain' },
    });
  });

  it('are returned as they are with redirect: manual, and fail with redirect: error', async () => {
    const egress = createEgress(policy);
    const manual = await egress.fetch(
      { ...get(`${api.origin}/redirect?to=/hello`), redirect: 'manual' },
      budget(),
    );
    expect(manual).toMatchObject({
      status: 302,
      redirected: false,
      headers: expect.arrayContaining([['location', '/hello']]) as unknown,
    });
    const error = await failure(
      egress.fetch({ ...get(`${api.origin}/redirect?to=/hello`), redirect: 'error' }, budget()),
    );
    expect(error.code).toBe('EGRESS_FAILED');
  });

  it('stop after 5', async () => {
    const error = await failure(createEgress(policy).fetch(get(`${api.origin}/loop`), budget()));
    expect(error).toMatchObject({
      code: 'EGRESS_LIMIT',
      message: `Outbound request to ${api.origin} was redirected more than 5 times`,
    });
    expect(api.seen).toHaveLength(6);
  });
});

describe('the budget of a run', () => {
  it('refuses a response larger than the limit, declared or streamed', async () => {
    const egress = createEgress(policy);
    const message =
      `Response from ${api.origin} stopped: this hook run's responses passed 1000 bytes, ` +
      'the limit per run (HOOK_EGRESS_MAX_RESPONSE_BYTES)';
    expect(
      await failure(
        egress.fetch(get(`${api.origin}/big?n=2000`), budget({ maxResponseBytes: 1000 })),
      ),
    ).toMatchObject({
      code: 'EGRESS_LIMIT',
      message,
    });
    expect(
      await failure(egress.fetch(get(`${api.origin}/chunked`), budget({ maxResponseBytes: 1000 }))),
    ).toMatchObject({
      code: 'EGRESS_LIMIT',
      message,
    });
  });

  it('counts decompressed bytes, so a gzip bomb stops at the limit', async () => {
    const error = await failure(
      createEgress(policy).fetch(
        get(`${api.origin}/gzip-bomb`),
        budget({ maxResponseBytes: 64 * 1024 }),
      ),
    );
    expect(error.code).toBe('EGRESS_LIMIT');
  });

  it('adds up the bytes of all responses of the run', async () => {
    const egress = createEgress(policy);
    const run = budget({ maxResponseBytes: 1500 });
    await egress.fetch(get(`${api.origin}/big?n=1000`), run);
    expect(run.responseBytes).toBe(1000);
    expect((await failure(egress.fetch(get(`${api.origin}/big?n=1000`), run))).code).toBe(
      'EGRESS_LIMIT',
    );
  });

  it('refuses requests past the limit per run, redirects included', async () => {
    const egress = createEgress(policy);
    const run = budget({ maxRequests: 3 });
    await egress.fetch(get(`${api.origin}/redirect?to=/hello`), run);
    await egress.fetch(get(`${api.origin}/hello`), run);
    expect(run.requestsMade).toBe(3);
    const error = await failure(egress.fetch(get(`${api.origin}/hello`), run));
    expect(error).toMatchObject({
      code: 'EGRESS_LIMIT',
      message: `Outbound request to ${api.origin} refused: this hook run already made 3 requests, the limit per run (HOOK_EGRESS_MAX_REQUESTS)`,
    });
    expect(api.seen).toHaveLength(3);
  });

  it('aborts a response still arriving at the deadline', async () => {
    const error = await failure(
      createEgress(policy).fetch(get(`${api.origin}/slow`), budget({ deadline: Date.now() + 300 })),
    );
    expect(error).toMatchObject({
      code: 'EGRESS_TIMEOUT',
      message: `Outbound request to ${api.origin} did not finish before the hook's deadline`,
    });
  });

  it('gives up on a DNS answer that does not come before the deadline', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const lookup: Lookup = () => new Promise(() => undefined);
    const error = await failure(
      createEgress(policy, { lookup }).fetch(
        get('http://slow-dns.test/'),
        budget({ deadline: Date.now() + 100 }),
      ),
    );
    expect(error).toMatchObject({
      code: 'EGRESS_TIMEOUT',
      message: "Outbound request to http://slow-dns.test did not finish before the hook's deadline",
    });
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses to start once the deadline has passed', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const error = await failure(
      createEgress(policy).fetch(get(`${api.origin}/hello`), budget({ deadline: Date.now() - 1 })),
    );
    expect(error.code).toBe('EGRESS_TIMEOUT');
    expect(connect).not.toHaveBeenCalled();
  });

  it('aborts when the hook aborts', async () => {
    const controller = new AbortController();
    const pending = createEgress(policy).fetch(
      get(`${api.origin}/slow`),
      budget(),
      controller.signal,
    );
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ code: 'EGRESS_ABORTED' });
  });
});

describe('createHookEgress', () => {
  it("builds the policy from the configuration and refuses the server's own listener", async () => {
    const egress = createHookEgress(
      { allow: ['127.0.0.2'], deny: [], maxRequests: 1, maxResponseBytes: 10_000 },
      [`127.0.0.2:${other.port}`],
      { localAddresses: [] },
    );
    const run = egress.budget(Date.now() + 5000);
    expect(run).toMatchObject({
      maxRequests: 1,
      maxResponseBytes: 10_000,
      requestsMade: 0,
      responseBytes: 0,
    });
    const error = await failure(egress.fetch(get(`${other.origin}/`), run));
    expect(error.code).toBe('EGRESS_DENIED');
    expect(error.message).toContain(`is this server's own listener (127.0.0.2:${other.port})`);
    expect(other.seen).toEqual([]);
  });
});
