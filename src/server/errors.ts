import { ApiError } from '@/shared/api-error';
import { managementError, type ManagementError } from '@/shared/schemas/errors';

/** Management API errors in Auth0's shape; thrown from handlers, rendered by `app.onError`. */
export const apiError = (
  status: number,
  errorCode: string,
  message: string,
  details?: Pick<ManagementError, 'test_cases' | 'compile_error'>,
) => new ApiError(status, managementError(status, errorCode, message, details));

export const badRequest = (message: string, errorCode = 'invalid_body') =>
  apiError(400, errorCode, message);
export const notFound = (errorCode: string, message: string) => apiError(404, errorCode, message);
export const conflict = (errorCode: string, message: string) => apiError(409, errorCode, message);
/** The store is unreachable: 503 with `Retry-After` (app.onError sets the header). */
export const storeUnavailable = (since: Date | undefined) =>
  apiError(
    503,
    'store_unavailable',
    `The store is unavailable${since ? ` since ${since.toISOString()}` : ''}; tokens are still issued, changes are not possible until it is back. Retry later`,
  );
export const forbidden = (errorCode: string, message: string) => apiError(403, errorCode, message);

/** The value, or the given error thrown when it is missing (`must(await repo.get(id), inexistent)`). */
export function must<T>(value: T | undefined, error: () => Error): T {
  if (value === undefined) throw error();
  return value;
}
