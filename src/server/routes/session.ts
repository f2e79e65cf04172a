import { Hono } from 'hono';
import { signInSchema } from '@/shared/schemas/session';
import type { AppDeps } from '../app';
import { SESSION_TTL_MS } from '../auth/console-auth';
import { FailureLimiter } from '../auth/rate-limit';
import { apiError } from '../errors';
import { jsonBody } from '../validate';
import { peerAddress } from '../peer';

const WINDOW_MS = 15 * 60 * 1000;


/** `/api/session`: console sign-in (POST), who am I (GET), sign-out (DELETE). */
export function sessionRoutes({ consoleAuth, config }: AppDeps) {
  // Failed sign-ins per 15 minutes: RATE_LIMIT_SIGNIN_FAILURES per account, four times that per address.
  const limit = config.rateLimits.signInFailuresPer15Minutes;
  const perAccount = new FailureLimiter(limit, WINDOW_MS);
  const perAddress = new FailureLimiter(limit * 4, WINDOW_MS);

  return new Hono()
    .post(
      '/',
      async (c, next) => {
        consoleAuth.assertSameOrigin(c.req.raw); // no login CSRF either
        await next();
      },
      jsonBody(signInSchema),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const accountKey = email.toLowerCase();
        const addressKey = peerAddress(c) || 'unknown';
        const wait = Math.max(perAccount.retryAfter(accountKey), perAddress.retryAfter(addressKey));
        if (wait > 0) {
          c.header('Retry-After', String(wait));
          throw apiError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} min`);
        }
        const result = await consoleAuth.signIn(email, password);
        if (!result) {
          perAccount.fail(accountKey);
          perAddress.fail(addressKey);
          throw apiError(401, 'invalid_credentials', 'Wrong email or password');
        }
        perAccount.reset(accountKey);
        c.header('Set-Cookie', consoleAuth.cookie(result.token, SESSION_TTL_MS / 1000));
        c.header('Cache-Control', 'no-store');
        return c.json(result.session);
      },
    )
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
    });
}
