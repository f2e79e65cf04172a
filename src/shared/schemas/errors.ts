import { z } from 'zod';

/**
 * Error body of every Management API failure, exactly Auth0's: its SDKs (node-auth0, go-auth0)
 * parse these four fields. `errorCode` is always present here, e.g. `inexistent_client`.
 */
export const managementErrorSchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  errorCode: z.string(),
});
export type ManagementError = z.infer<typeof managementErrorSchema>;

/** Error body of the token endpoint (RFC 6749 §5.2). */
export const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});
export type OAuthErrorBody = z.infer<typeof oauthErrorSchema>;

/** HTTP reason phrases used in `ManagementError.error`. */
export const httpReasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds a management error body; used by the server and to normalise odd bodies in the client. */
export function managementError(
  statusCode: number,
  errorCode: string,
  message: string,
): ManagementError {
  return { statusCode, error: httpReasons[statusCode] ?? 'Error', message, errorCode };
}
