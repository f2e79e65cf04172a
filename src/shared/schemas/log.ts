import { z } from 'zod';

/**
 * Tenant log event types (Auth0's codes): `sapi` a Management API change, `fapi` a refused one,
 * `seccft` a successful client-credentials exchange, `feccft` a failed one.
 */
export const logTypeSchema = z.enum(['sapi', 'fapi', 'seccft', 'feccft']);
export type LogType = z.infer<typeof logTypeSchema>;

/** One tenant log event, in the shape of Auth0's `GET /api/v2/logs`. Never carries a secret. */
export const logEventSchema = z.object({
  log_id: z.string(),
  date: z.string(),
  type: logTypeSchema,
  description: z.string(),
  ip: z.string(),
  user_agent: z.string(),
  client_id: z.string().optional(),
  client_name: z.string().optional(),
  audience: z.string().optional(),
  /** Who made a management change: a console admin (email) or an M2M client (client_id). */
  actor: z.object({ kind: z.enum(['user', 'client']), id: z.string() }).optional(),
  details: z.record(z.string(), z.unknown()),
});
export type LogEvent = z.infer<typeof logEventSchema>;

/** `GET /api/v2/logs` filters, besides paging. */
export const logListQuerySchema = z.object({
  type: logTypeSchema.optional(),
  client_id: z.string().optional(),
  /** Management changes by this actor (an email or a client_id). */
  actor: z.string().optional(),
});
