// Asynchronous operations the host performs for hook code (outbound HTTP today).
//
// The guest calls an operation by name with a JSON payload and gets a promise; the worker runs
// the registered function and hands its JSON answer back to the guest as a new macrotask. Only
// JSON crosses: an operation never gives the guest a host object. Per run, the number of calls
// and the bytes of payloads plus answers are bounded, and everything still pending is aborted
// (and its answer dropped) when the run ends or reaches its deadline.

export interface HostOpRun {
  /** The same object for every operation of one run: what the run's limits are kept under. */
  identity: object;
  /** The run's deadline, in epoch milliseconds (Date.now() clock). */
  deadline: number;
  /** Aborted when this operation's run ends (answered, failed or cut off at its deadline). */
  signal: AbortSignal;
}

/**
 * One host operation. Resolve with JSON-serialisable data; a failure the hook should see is an
 * answer `{ error: { code, message } }` (a rejection becomes one, with the error's message).
 */
export type HostOp = (payload: unknown, run: HostOpRun) => Promise<unknown>;

export type HostOps = Readonly<Record<string, HostOp>>;

/** A failure answer as the guest receives it. */
export function opError(
  code: string,
  message: string,
): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** The 'fetch' operation of a server without an egress policy: every outbound request is refused. */
export const egressDisabled: HostOp = async () =>
  opError('EGRESS_DISABLED', 'outbound HTTP is not configured');

/**
 * Wire shapes of the 'fetch' operation (the guest's fetch and http/https clients send these):
 * headers are [name, value] pairs, bodies base64.
 */
export interface FetchOpRequest {
  url: string;
  method: string;
  headers: [string, string][];
  bodyBase64?: string;
}

export interface FetchOpResponse {
  url: string;
  status: number;
  statusText: string;
  headers: [string, string][];
  bodyBase64: string;
  redirected: boolean;
}
