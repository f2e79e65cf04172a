import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';
import type { LogRepo } from './db/repos/logs';
import { describeChange } from './audit-words';
import { peerAddress } from './peer';

const REDACTED = '[redacted]';
const SECRET_KEYS = new Set(['client_secret', 'password']);

/** A copy of a request body fit for the log: secret values replaced, scripts summarised. */
export function redactBody(body: unknown, path: string): unknown {
  if (body === null || typeof body !== 'object') return body;
  if (/\/secrets$/.test(path) && !Array.isArray(body)) {
    return Object.fromEntries(Object.keys(body).map((name) => [name, REDACTED])); // hook secret values
  }
  if (Array.isArray(body)) return body.map((item) => redactBody(item, ''));
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      if (SECRET_KEYS.has(key)) return [key, REDACTED];
      if (key === 'script' && typeof value === 'string') return [key, `[script, ${value.length} characters]`];
      return [key, redactBody(value, '')];
    }),
  );
}

const ACTIONS: Record<string, string> = { POST: 'create', PATCH: 'update', PUT: 'update', DELETE: 'delete' };

/**
 * Records every Management API change (Auth0's `sapi`, or `fapi` when refused): who, what
 * resource, which action and fields (secrets redacted), when, and from which address. Reads are
 * not logged, nor Runner trials, which change nothing.
 */
export function auditChanges(
  logs: LogRepo,
  /** The resource's name now (before the change), for the log's sentence. */
  nameOf: (resource: string, id: string) => Promise<string | undefined> = async () => undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path.replace(/^\/api\/v2/, '');
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || /\/try$/.test(path)) return next();
    const [, target = '', targetId] = path.split('/');
    const name = targetId ? await nameOf(target, decodeURIComponent(targetId)).catch(() => undefined) : undefined;
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      const principal = c.get('principal');
      const status = failed ? 500 : c.res.status;
      if (principal) {
        const [, resource = '', id] = path.split('/');
        const action = /\/rotate(-secret)?$/.test(path) ? 'rotate' : (ACTIONS[method] ?? method.toLowerCase());
        const body = await c.req.json().catch(() => undefined);
        const response = !failed && c.res.headers.get('content-type')?.startsWith('application/json')
          ? await c.res.clone().json().catch(() => undefined)
          : undefined;
        logs.record({
          type: status < 400 ? 'sapi' : 'fapi',
          description: describeChange({ method, path, status, body: body === undefined ? undefined : redactBody(body, path), response, name }),
          ip: peerAddress(c),
          user_agent: c.req.header('user-agent') ?? '',
          actor: { kind: principal.kind, id: principal.subject },
          details: {
            request: {
              method,
              path,
              ...(c.req.query('force') === 'true' && { force: true }),
              ...(body !== undefined && { body: redactBody(body, path) }),
            },
            response: { statusCode: status },
            resource,
            ...(id !== undefined && { resource_id: decodeURIComponent(id) }),
            action,
          },
        });
      }
    }
  };
}
