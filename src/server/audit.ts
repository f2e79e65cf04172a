import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';
import type { LogRepo } from './db/repos/logs';
import { decodeOrKeep, describeChange } from './audit-words';
import { peerAddress } from './peer';

const REDACTED = '[redacted]';
const SECRET_KEYS = new Set(['client_secret', 'password', 'signing_secret']);
/** Nesting kept in the log; deeper values are summarised. */
const MAX_LOGGED_DEPTH = 8;
/** Characters of a body kept in the log; a larger one is summarised. */
export const MAX_LOGGED_BODY = 16 * 1024;

/**
 * A copy of a request body fit for the log: secret values replaced (all of them when
 * `secretValues`), scripts summarised, nesting and size capped. Never throws.
 */
export function redactBody(body: unknown, secretValues = false): unknown {
  try {
    const copy = redactValue(body, secretValues, 0);
    const size = JSON.stringify(copy)?.length ?? 0;
    return size > MAX_LOGGED_BODY ? `[body, ${size} characters]` : copy;
  } catch {
    return '[body not logged]';
  }
}

function redactValue(value: unknown, secretValues: boolean, depth: number): unknown {
  if (value === null || typeof value !== 'object')
    return secretValues && depth > 0 ? REDACTED : value;
  if (depth >= MAX_LOGGED_DEPTH) return Array.isArray(value) ? '[array]' : '[object]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secretValues, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (secretValues || SECRET_KEYS.has(key)) return [key, REDACTED];
      if (key === 'script' && typeof item === 'string')
        return [key, `[script, ${item.length} characters]`];
      return [key, redactValue(item, false, depth + 1)];
    }),
  );
}

const ACTIONS: Record<string, string> = {
  POST: 'create',
  PATCH: 'update',
  PUT: 'update',
  DELETE: 'delete',
};

/**
 * Records every Management API change (Auth0's `sapi`, or `fapi` when refused): who, what
 * resource, which action and fields (secrets redacted), when, and from which address. Reads are
 * not logged; Runner trials are, without their body (it may carry secret values for the run).
 */
export function auditChanges(
  logs: LogRepo,
  /** The resource's name now (before the change), for the log's sentence. */
  nameOf: (resource: string, id: string) => Promise<string | undefined> = async () => undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path.replace(/^\/api\/v2/, '');
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const trial = /\/try$/.test(path);
    const [, target = '', targetId] = path.split('/');
    const name = targetId
      ? await nameOf(target, decodeOrKeep(targetId)).catch(() => undefined)
      : undefined;
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
        const action = /\/rotate(-(signing-)?secret)?$/.test(path)
          ? 'rotate'
          : /\/revoke$/.test(path)
            ? 'revoke'
            : (ACTIONS[method] ?? method.toLowerCase());
        // Only a body a route's validator accepted (validate.ts): routes without one read none.
        const sent = c.get('auditBody');
        const body = sent && !trial ? redactBody(sent.body, sent.secretValues) : undefined;
        const response =
          !failed && c.res.headers.get('content-type')?.startsWith('application/json')
            ? await c.res
                .clone()
                .json()
                .catch(() => undefined)
            : undefined;
        logs.record({
          type: status < 400 ? 'sapi' : 'fapi',
          description: describeChange({ method, path, status, body, response, name }),
          ip: peerAddress(c),
          user_agent: c.req.header('user-agent') ?? '',
          actor: { kind: principal.kind, id: principal.subject },
          details: {
            request: {
              method,
              path,
              ...(c.req.query('force') === 'true' && { force: true }),
              ...(body !== undefined && { body }),
            },
            response: { statusCode: status },
            resource,
            ...(id !== undefined && { resource_id: decodeOrKeep(id) }),
            action,
            ...c.get('auditDetails'),
          },
        });
      }
    }
  };
}
