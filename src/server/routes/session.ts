import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { passwordChangeSchema, signInSchema } from '@/shared/schemas/session';
import type { AppDeps } from '../app-deps';
import { SESSION_TTL_MS } from '../auth/console-auth';
import { FailureLimiter } from '../auth/rate-limit';
import { apiError } from '../errors';
import { jsonBody } from '../validate';
import { peerAddress } from '../peer';
import { BusyError } from '../semaphore';

const WINDOW_MS = 15 * 60 * 1000;
/** How long a sign-in to an account under attack waits before its password is checked. */
const ACCOUNT_SLOWDOWN_MS = 1_000;
/** Account and address pairs remembered as having signed in (oldest forgotten first). */
const MAX_KNOWN_GOOD = 1_000;

const tooManyAttempts = (wait: number) =>
  apiError(
    429,
    'too_many_attempts',
    `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} min`,
  );

/**
 * `/api/session`: console sign-in (POST), who am I (GET), sign-out (DELETE).
 *
 * Failed sign-ins per 15 minutes lock an account for one address (RATE_LIMIT_SIGNIN_FAILURES) and
 * an address for every account (four times that), so guessing from one address stops quickly. An
 * account's failures from all addresses only slow its sign-ins down (ACCOUNT_SLOWDOWN_MS), and not
 * from an address that signed in to it before: nobody can lock the admin out from elsewhere.
 * Every attempt is counted before its password is checked, so parallel attempts cannot overshoot.
 */
export function sessionRoutes({ consoleAuth, config }: AppDeps) {
  const limit = config.rateLimits.signInFailuresPer15Minutes;
  const perPair = new FailureLimiter(limit, WINDOW_MS);
  const perAddress = new FailureLimiter(limit * 4, WINDOW_MS);
  const perAccount = new FailureLimiter(limit, WINDOW_MS);
  const knownGood = new Set<string>();

  /**
   * Checks an admin's password under the limits above; returns the new session, or throws 401 or
   * 429. Used by sign-in and by a password change (which checks the current password).
   */
  async function attempt(c: Context, email: string, password: string) {
    const accountKey = email.toLowerCase();
    const addressKey = peerAddress(c) || 'unknown';
    const pairKey = `${accountKey}\n${addressKey}`;
    const wait = Math.max(perPair.retryAfter(pairKey), perAddress.retryAfter(addressKey));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw tooManyAttempts(wait);
    }
    const slow = perAccount.retryAfter(accountKey) > 0 && !knownGood.has(pairKey);
    perPair.fail(pairKey);
    perAddress.fail(addressKey);
    perAccount.fail(accountKey);
    const forgive = () => {
      perPair.forgive(pairKey);
      perAddress.forgive(addressKey);
      perAccount.forgive(accountKey);
    };
    let result: Awaited<ReturnType<typeof consoleAuth.signIn>>;
    try {
      if (slow) await new Promise((resolve) => setTimeout(resolve, ACCOUNT_SLOWDOWN_MS));
      result = await consoleAuth.signIn(email, password);
    } catch (err) {
      if (!(err instanceof BusyError)) throw err;
      forgive(); // never checked
      c.header('Retry-After', '1');
      throw apiError(429, 'too_many_attempts', 'Too many sign-ins at once; try again in a moment');
    }
    if (!result) throw apiError(401, 'invalid_credentials', 'Wrong email or password');
    forgive();
    perPair.reset(pairKey);
    knownGood.delete(pairKey);
    knownGood.add(pairKey);
    if (knownGood.size > MAX_KNOWN_GOOD) knownGood.delete(knownGood.values().next().value!);
    return result;
  }

  const sameOrigin: MiddlewareHandler = async (c, next) => {
    consoleAuth.assertSameOrigin(c.req.raw); // no login CSRF either
    await next();
  };

  const opened = (
    c: Context,
    result: NonNullable<Awaited<ReturnType<typeof consoleAuth.signIn>>>,
  ) => {
    c.header('Set-Cookie', consoleAuth.cookie(result.token, SESSION_TTL_MS / 1000));
    c.header('Cache-Control', 'no-store');
    return c.json(result.session);
  };

  return (
    new Hono()
      .post('/', sameOrigin, jsonBody(signInSchema), async (c) => {
        const { email, password } = c.req.valid('json');
        return opened(c, await attempt(c, email, password));
      })
      // The signed-in admin changes the password: the current one is checked like a sign-in, every
      // session (this one included) ends, and this browser gets a new one.
      .put('/password', sameOrigin, jsonBody(passwordChangeSchema), async (c) => {
        const token = consoleAuth.tokenFrom(c.req.raw);
        const session = token ? await consoleAuth.lookup(token) : undefined;
        if (!session) throw apiError(401, 'invalid_session', 'Not signed in');
        const { current_password, new_password } = c.req.valid('json');
        await attempt(c, session.email, current_password);
        await consoleAuth.setPassword(session.email, new_password);
        const fresh = await consoleAuth.signIn(session.email, new_password);
        if (!fresh) throw apiError(401, 'invalid_session', 'Not signed in');
        return opened(c, fresh);
      })
      .get('/', async (c) => {
        const token = consoleAuth.tokenFrom(c.req.raw);
        const session = token ? await consoleAuth.lookup(token) : undefined;
        if (!session) throw apiError(401, 'invalid_session', 'Not signed in');
        c.header('Cache-Control', 'no-store');
        return c.json(session);
      })
      .delete('/', async (c) => {
        consoleAuth.assertSameOrigin(c.req.raw);
        const token = consoleAuth.tokenFrom(c.req.raw);
        if (token) await consoleAuth.signOut(token);
        c.header('Set-Cookie', consoleAuth.cookie('', 0));
        return c.body(null, 204);
      })
  );
}
