import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ISSUER, type TestServer } from '../testing';

const ADMIN = { email: 'ops@example.com', password: 'correct horse battery staple' };
let t: TestServer;

beforeAll(async () => {
  t = await createTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
});
afterAll(() => t.close());

const consoleHeaders = { origin: TEST_ISSUER, 'x-tokenhook-csrf': '1' };

async function signIn(
  body: unknown = ADMIN,
  headers: Record<string, string> = consoleHeaders,
  peer?: string,
) {
  return t.call('POST', '/api/session', { body, headers, peer });
}

const cookieOf = (res: { headers: Headers }) => res.headers.get('set-cookie')!.split(';')[0]!;

describe('console sign-in', () => {
  it('opens a session in an httpOnly, SameSite=Strict cookie', async () => {
    const res = await signIn();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      email: ADMIN.email,
      tenant: 'default',
      expires_at: expect.any(String),
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^tokenhook_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    const session = await t.call('GET', '/api/session', { headers: { cookie: cookieOf(res) } });
    expect(session.body).toEqual(res.body);
  });

  it('lets the session into /api/v2 with every scope, reads without and writes with CSRF proof', async () => {
    const cookie = cookieOf(await signIn());
    expect((await t.call('GET', '/api/v2/clients', { headers: { cookie } })).status).toBe(200);
    const noHeader = await t.call('POST', '/api/v2/clients', {
      headers: { cookie, origin: TEST_ISSUER },
      body: { name: 'x' },
    });
    expect([noHeader.status, noHeader.body]).toEqual([
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Missing x-tokenhook-csrf header',
        errorCode: 'csrf_failed',
      },
    ]);
    const crossSite = await t.call('POST', '/api/v2/clients', {
      headers: { cookie, origin: 'https://evil.example', 'x-tokenhook-csrf': '1' },
      body: { name: 'x' },
    });
    expect([crossSite.status, crossSite.body.message]).toEqual([
      403,
      'Cross-origin request refused',
    ]);
    const ok = await t.call('POST', '/api/v2/clients', {
      headers: { cookie, ...consoleHeaders },
      body: { name: 'from the console' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.client_secret).toEqual(expect.any(String));
  });

  it('refuses wrong credentials with one message for both cases', async () => {
    const wrongPassword = await signIn({ email: ADMIN.email, password: 'nope' });
    const unknownEmail = await signIn({ email: 'who@example.com', password: 'nope' });
    const expected = {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Wrong email or password',
      errorCode: 'invalid_credentials',
    };
    expect([wrongPassword.status, wrongPassword.body]).toEqual([401, expected]);
    expect([unknownEmail.status, unknownEmail.body]).toEqual([401, expected]);
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a sign-in without CSRF proof (login CSRF)', async () => {
    const res = await signIn(ADMIN, { origin: TEST_ISSUER });
    expect(res.status).toBe(403);
  });

  it('signs out: the cookie is cleared and the session no longer opens /api/v2', async () => {
    const cookie = cookieOf(await signIn());
    const out = await t.call('DELETE', '/api/session', { headers: { cookie, ...consoleHeaders } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^tokenhook_session=; .*Max-Age=0/);
    const after = await t.call('GET', '/api/v2/clients', { headers: { cookie } });
    expect([after.status, after.body]).toEqual([
      401,
      {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Your session has ended; sign in again',
        errorCode: 'invalid_session',
      },
    ]);
    expect((await t.call('GET', '/api/session', { headers: { cookie } })).status).toBe(401);
  });

  it('rate-limits failed sign-ins per account and address with 429 and Retry-After, sparing other accounts', async () => {
    const victim = 'victim@example.com';
    for (let i = 0; i < 5; i++)
      expect((await signIn({ email: victim, password: 'guess' })).status).toBe(401);
    const blocked = await signIn({ email: victim, password: 'guess' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.errorCode).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn()).status).toBe(200);
  });
});

describe('sign-in limits', () => {
  it('counts each attempt before checking its password: parallel guesses cannot overshoot', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        signIn({ email: ADMIN.email, password: 'parallel guess' }, consoleHeaders, '198.51.100.40'),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  });

  it('never locks the admin out from elsewhere: another address with the right password signs in', async () => {
    const own = await createTestServer({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_SIGNIN_FAILURES: '2',
    });
    try {
      const attempt = (password: string, peer: string) =>
        own.call('POST', '/api/session', {
          body: { email: ADMIN.email, password },
          headers: consoleHeaders,
          peer,
        });
      const known = '198.51.100.50';
      expect((await attempt(ADMIN.password, known)).status).toBe(200);
      for (const attacker of ['198.51.100.51', '198.51.100.52']) {
        for (let i = 0; i < 2; i++) expect((await attempt('guess', attacker)).status).toBe(401);
        expect((await attempt(ADMIN.password, attacker)).status).toBe(429);
      }
      expect((await attempt(ADMIN.password, known)).status).toBe(200);
      expect((await attempt(ADMIN.password, '198.51.100.54')).status).toBe(200); // slowed, not refused
    } finally {
      await own.close();
    }
  }, 30_000);
});

describe('changing the admin password', () => {
  it('ends the sessions opened with the old one (ADMIN_PASSWORD at the next start)', async () => {
    const cookie = cookieOf(await signIn());
    expect((await t.call('GET', '/api/v2/clients', { headers: { cookie } })).status).toBe(200);
    await t.services.consoleAuth.ensureAdmin(ADMIN.email, 'a new password for the admin');
    expect((await t.call('GET', '/api/v2/clients', { headers: { cookie } })).status).toBe(401);
    expect(
      (await signIn({ email: ADMIN.email, password: 'a new password for the admin' })).status,
    ).toBe(200);
    await t.services.consoleAuth.ensureAdmin(ADMIN.email, ADMIN.password);
  });

  it('in the console: the current password is checked, every session ends, this browser gets a new one', async () => {
    const here = cookieOf(await signIn());
    const elsewhere = cookieOf(await signIn());
    const change = (cookie: string, body: unknown) =>
      t.call('PUT', '/api/session/password', { body, headers: { cookie, ...consoleHeaders } });
    const wrong = await change(here, {
      current_password: 'not it',
      new_password: 'a new console password',
    });
    expect([wrong.status, wrong.body.errorCode]).toEqual([401, 'invalid_credentials']);
    expect(
      (await t.call('GET', '/api/v2/clients', { headers: { cookie: elsewhere } })).status,
    ).toBe(200);

    const changed = await change(here, {
      current_password: ADMIN.password,
      new_password: 'a new console password',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      email: ADMIN.email,
      tenant: 'default',
      expires_at: expect.any(String),
    });
    for (const old of [here, elsewhere])
      expect((await t.call('GET', '/api/v2/clients', { headers: { cookie: old } })).status).toBe(
        401,
      );
    expect(
      (await t.call('GET', '/api/v2/clients', { headers: { cookie: cookieOf(changed) } })).status,
    ).toBe(200);
    expect((await signIn()).status).toBe(401);
    await t.services.consoleAuth.ensureAdmin(ADMIN.email, ADMIN.password);
  });
});

describe('first start without ADMIN_PASSWORD', () => {
  it('generates a password once and it signs in', async () => {
    const fresh = await createTestServer({ ADMIN_EMAIL: 'first@example.com' });
    try {
      const generated = fresh.services.generatedAdminPassword!;
      expect(generated).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const res = await fresh.call('POST', '/api/session', {
        body: { email: 'first@example.com', password: generated },
        headers: consoleHeaders,
      });
      expect(res.status).toBe(200);
      const row = await fresh.services.db
        .selectFrom('admins')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(row.password_hash).not.toContain(generated);
      expect(
        await fresh.services.consoleAuth.ensureAdmin('first@example.com', undefined),
      ).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
