import { z } from 'zod';

/**
 * With 409 `test_cases_failed` (a Tokenhook addition): the saved test cases of the hook that fail
 * against the code that would go live, in their saved order, each with what it found.
 */
const failedTestCasesSchema = z.object({
  /** How many test cases ran. */
  total: z.number().int(),
  failing: z.array(z.object({ id: z.string(), name: z.string(), failures: z.array(z.string()) })),
});

/**
 * With 400 `hook_compile_error` (a Tokenhook addition): where the code that would go live stops
 * compiling, 1-based `line` and `column` in the hook's own script.
 */
const compileErrorSchema = z.object({
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type HookCompileError = z.infer<typeof compileErrorSchema>;

/**
 * Error body of every Management API failure, exactly Auth0's: its SDKs (node-auth0, go-auth0)
 * parse these four fields. `errorCode` is always present here, e.g. `inexistent_client`.
 * A refusal by the test gate also says which test cases fail (`test_cases`), or where the code
 * stops compiling (`compile_error`).
 */
export const managementErrorSchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  errorCode: z.string(),
  test_cases: failedTestCasesSchema.optional(),
  compile_error: compileErrorSchema.optional(),
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
  details: Pick<ManagementError, 'test_cases' | 'compile_error'> = {},
): ManagementError {
  return { statusCode, error: httpReasons[statusCode] ?? 'Error', message, errorCode, ...details };
}
