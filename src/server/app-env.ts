/** Who is calling the Management API, and with which scopes. */
export interface Principal {
  kind: 'client' | 'user';
  /** client_id for a management token; the admin's email for a console session. */
  subject: string;
  scopes: ReadonlySet<string>;
}

/** Hono environment shared by every route module. */
export interface AppEnv {
  Variables: {
    principal: Principal;
    /** What a route adds to its tenant log entry (e.g. the hook version a change made live). */
    auditDetails?: Record<string, unknown>;
  };
}
