/** Who is calling the Management API, and with which scopes. */
export interface Principal {
  kind: 'client' | 'user';
  /** client_id for a management token; the admin's email for a console session. */
  subject: string;
  scopes: ReadonlySet<string>;
  /** When the credentials end (epoch ms): the token's `exp`, the session's expiry. */
  expiresAt?: number;
}

/** What a long-lived response (the live log stream) needs to keep checking its caller. */
export interface Caller {
  /** Identifies the session or token (a digest), e.g. to count its open streams. */
  credential: string;
  /** Authenticates the request's credentials again: the caller now, or null when they ended. */
  reauthenticate: () => Promise<Principal | null>;
}

/**
 * A route's JSON body as its validator accepted it, for the audit log. `secretValues`: every
 * value of the body is a secret (the hook secrets routes), so the log keeps only the names.
 */
export interface AuditBody {
  body: unknown;
  secretValues: boolean;
}

/** Hono environment shared by every route module. */
export interface AppEnv {
  Variables: {
    principal: Principal;
    caller: Caller;
    auditBody?: AuditBody;
    /** What a route adds to its tenant log entry (e.g. the hook version a change made live). */
    auditDetails?: Record<string, unknown>;
  };
}
