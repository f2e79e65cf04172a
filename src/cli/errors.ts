/**
 * How the CLI fails: every error ends as ONE line on stderr and a non-zero exit code, so scripts
 * can branch on `$?` and people read one sentence. Secrets and tokens never reach these messages.
 */
import { ApiError } from '@/shared/api-error';
import { TenantError } from '@/shared/tenant/errors';

/** Exit codes: 1 for a failed operation, 2 for a command line that cannot be run (POSIX habit). */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure whose message is already fit for the user. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line: the reason, then the command's usage line. */
export class UsageError extends CliError {
  constructor(reason: string, usage: string) {
    super(`${reason.replace(/\.$/, '')}. Usage: ${usage}`, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/** Node's fetch rejects with `TypeError('fetch failed')` and the socket error as `cause`. */
export function networkFailure(err: unknown, baseUrl: string): CliError | undefined {
  if (!(err instanceof TypeError)) return undefined;
  let cause: unknown = err.cause;
  // undici may wrap an AggregateError (IPv4 and IPv6 attempts) around the real errors.
  if (cause instanceof AggregateError && cause.errors.length > 0) cause = cause.errors[0];
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' && err.message !== 'fetch failed') return undefined;
  const reason =
    (typeof code === 'string' && networkReasons[code]) ||
    (cause instanceof Error ? cause.message : err.message);
  return new CliError(`Cannot reach ${baseUrl}: ${reason}`);
}

/** Turns anything thrown into the one line the user sees and the exit code. */
export function describeError(err: unknown): { line: string; exitCode: number } {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode };
  // The shared import code's errors are written for the user, as a CliError's are.
  if (err instanceof TenantError) return describeError(new CliError(err.message));
  if (err instanceof ApiError)
    return { line: `${err.body.message} (${err.body.errorCode})`, exitCode: EXIT_FAILURE };
  if (err instanceof Error && err.name === 'ZodError') {
    return {
      line: 'The server answered with an unexpected body: is the URL a Tokenhook server of this version?',
      exitCode: EXIT_FAILURE,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: `Unexpected error: ${message.split('\n')[0]}`, exitCode: EXIT_FAILURE };
}
