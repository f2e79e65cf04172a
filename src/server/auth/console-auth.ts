import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { managementScopes } from '@/shared/management-scopes';
import { CSRF_HEADER, CSRF_VALUE, type Session } from '@/shared/schemas/session';
import type { Database } from '../db/schema';
import { apiError } from '../errors';
import { generatePassword, hashPassword, verifyPassword } from './passwords';
import type { Authenticator } from './mgmt-guard';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const hashId = (token: string) => createHash('sha256').update(token).digest('base64url');
const ALL_SCOPES: ReadonlySet<string> = new Set(managementScopes.map((s) => s.value));
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The console's way in: an admin signs in with email and password (scrypt) and gets an httpOnly,
 * SameSite=Strict session cookie (`__Host-` and Secure over https). The browser never holds a
 * management token. State-changing requests must carry the CSRF header and a same-origin Origin.
 */
export class ConsoleAuth {
  readonly cookieName: string;
  readonly secure: boolean;
  readonly #allowedOrigin: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly tenant: string,
    issuerBaseUrl: string,
  ) {
    this.secure = issuerBaseUrl.startsWith('https://');
    this.cookieName = this.secure ? '__Host-tokenhook_session' : 'tokenhook_session';
    this.#allowedOrigin = new URL(issuerBaseUrl).origin;
  }

  /**
   * Creates the first admin, or sets the password when ADMIN_PASSWORD changed. Returns a generated
   * password when none was configured and the admin is new: the caller prints it once.
   */
  async ensureAdmin(email: string, password: string | undefined): Promise<string | undefined> {
    const existing = await this.db
      .selectFrom('admins')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing) {
      if (password && !(await verifyPassword(password, existing.password_hash)))
        await this.setPassword(email, password);
      return undefined;
    }
    const chosen = password ?? generatePassword();
    // Nodes starting together on an empty store race here: the first insert wins, and a node
    // whose insert did nothing must not print a password that is not the admin's.
    const [inserted] = await this.db
      .insertInto('admins')
      .values({
        email,
        password_hash: await hashPassword(chosen),
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    if (!inserted?.numInsertedOrUpdatedRows) return this.ensureAdmin(email, password);
    return password ? undefined : chosen;
  }

  /**
   * Sets the admin's password and ends every session opened with the old one, in one
   * transaction: whoever knew the old password is signed out.
   */
  async setPassword(email: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('admins')
        .set({ password_hash: hash })
        .where('email', '=', email)
        .execute();
      await trx.deleteFrom('sessions').where('email', '=', email).execute();
    });
  }

  /** Checks the credentials; on success opens a session and returns its cookie value. */
  async signIn(
    email: string,
    password: string,
  ): Promise<{ token: string; session: Session } | undefined> {
    const admin = await this.db
      .selectFrom('admins')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirst();
    // Unknown accounts cost a hash too, so timing does not tell which emails exist.
    const ok = await verifyPassword(password, admin?.password_hash ?? DUMMY_HASH);
    if (!admin || !ok) return undefined;
    const now = Date.now();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + SESSION_TTL_MS).toISOString();
    await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<', new Date(now).toISOString())
      .execute();
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: hashId(token),
        email: admin.email,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { token, session: { email: admin.email, tenant: this.tenant, expires_at: expiresAt } };
  }

  async lookup(token: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', hashId(token))
      .executeTakeFirst();
    if (!row || row.expires_at <= new Date().toISOString()) return undefined;
    return { email: row.email, tenant: this.tenant, expires_at: row.expires_at };
  }

  async signOut(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', hashId(token)).execute();
  }

  /** The session cookie's value in a request, if any. */
  tokenFrom(req: Request): string | undefined {
    const cookies = req.headers.get('cookie');
    if (!cookies) return undefined;
    for (const part of cookies.split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === this.cookieName) return value.join('=');
    }
    return undefined;
  }

  /** Throws 403 unless a state-changing request comes from the console itself. */
  assertSameOrigin(req: Request): void {
    if (SAFE_METHODS.has(req.method)) return;
    if (req.headers.get(CSRF_HEADER) !== CSRF_VALUE) {
      throw apiError(403, 'csrf_failed', `Missing ${CSRF_HEADER} header`);
    }
    const origin = req.headers.get('origin');
    const host = req.headers.get('host');
    const sameHost = host ? `${new URL(req.url).protocol}//${host}` : undefined;
    if (origin !== null && origin !== this.#allowedOrigin && origin !== sameHost) {
      throw apiError(403, 'csrf_failed', 'Cross-origin request refused');
    }
  }

  /** Authenticates `/api/v2` by session cookie: the admin holds every management scope. */
  authenticator(): Authenticator {
    return async (req) => {
      const token = this.tokenFrom(req);
      if (!token || req.headers.has('authorization')) return null;
      const session = await this.lookup(token);
      if (!session) throw apiError(401, 'invalid_session', 'Your session has ended; sign in again');
      this.assertSameOrigin(req);
      return {
        kind: 'user',
        subject: session.email,
        scopes: ALL_SCOPES,
        expiresAt: Date.parse(session.expires_at),
      };
    };
  }

  cookie(token: string, maxAgeSeconds: number): string {
    const parts = [
      `${this.cookieName}=${token}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Strict',
      `Max-Age=${maxAgeSeconds}`,
    ];
    if (this.secure) parts.push('Secure');
    return parts.join('; ');
  }
}

/** A valid hash of a random password: verifying against it takes as long as a real check. */
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
export { SESSION_TTL_MS };
