import { z } from 'zod';

/** The OAuth errors a credentials-exchange hook can end a token request with. */
export const hookOAuthErrorSchema = z.enum(['invalid_scope', 'invalid_request', 'server_error']);
export type HookOAuthError = z.infer<typeof hookOAuthErrorSchema>;

/** What a test case expects of a credentials-exchange run. At least one expectation. */
export const hookTestExpectSchema = z
  .strictObject({
    /** Claims that must be in the token with these values. */
    claims: z.record(z.string(), z.unknown()).optional(),
    /** Claims that must not be in the token. */
    absent_claims: z.array(z.string()).optional(),
    /** The token's scopes, in any order. */
    scope: z.array(z.string()).optional(),
    /** The OAuth error the run must end with instead of a token. */
    error: z
      .strictObject({
        error: hookOAuthErrorSchema,
        error_description: z.string().optional(),
      })
      .optional(),
  })
  .refine((e) => Object.values(e).some((v) => v !== undefined), 'must expect something');
export type HookTestExpect = z.infer<typeof hookTestExpectSchema>;

/** A test case saved with a hook: a name, an input, expectations. */
export const hookTestCaseCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** The point's arguments (the sample payload when absent), or a stored application and API. */
  input: z
    .strictObject({
      payload: z.record(z.string(), z.unknown()).optional(),
      client_id: z.string().min(1).optional(),
      audience: z.string().min(1).optional(),
    })
    .default({}),
  expect: hookTestExpectSchema,
});
export type HookTestCaseCreate = z.input<typeof hookTestCaseCreateSchema>;
export const hookTestCaseSchema = hookTestCaseCreateSchema.extend({ id: z.string() });
export type HookTestCase = z.infer<typeof hookTestCaseSchema>;

/** `POST /hooks/{id}/test`: which code to test; default the draft when there is one, else live. */
export const hookTestRunRequestSchema = z.strictObject({
  target: z.union([z.literal('draft'), z.literal('live'), z.number().int().min(1)]).optional(),
});
export type HookTestRunRequest = z.input<typeof hookTestRunRequestSchema>;

/** What a run came to, in the terms of the token endpoint. */
export const hookTestActualSchema = z.object({
  scope: z.array(z.string()).optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ error: z.string(), error_description: z.string() }).optional(),
});
export type HookTestActual = z.infer<typeof hookTestActualSchema>;

export const hookTestRunSchema = z.object({
  passed: z.boolean(),
  /** `draft`, `live` or `v<N>`. */
  target: z.string(),
  cases: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      passed: z.boolean(),
      /** One line per unmet expectation: expected vs actual. */
      failures: z.array(z.string()),
      /** Every expectation with what was expected and what came, as the server judged it. */
      checks: z.array(
        z.object({ label: z.string(), expected: z.string(), actual: z.string(), met: z.boolean() }),
      ),
      actual: hookTestActualSchema,
      logs: z.array(z.object({ level: z.string(), message: z.string() })),
      duration_ms: z.number(),
    }),
  ),
});
export type HookTestRun = z.infer<typeof hookTestRunSchema>;
