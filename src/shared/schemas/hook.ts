import { z } from 'zod';

/** The five Hooks extensibility points (Auth0's triggerIds). */
export const hookTriggerSchema = z.enum([
  'credentials-exchange',
  'pre-user-registration',
  'post-user-registration',
  'post-change-password',
  'send-phone-message',
]);
export type HookTrigger = z.infer<typeof hookTriggerSchema>;

/** Auth0's rule: letters, digits, spaces and '-', neither starting nor ending with '-' or a space. */
export const hookNameSchema = z
  .string()
  .max(128)
  .regex(
    /^[a-zA-Z0-9]([ \-a-zA-Z0-9]*[a-zA-Z0-9])?$/,
    "may contain letters, digits, spaces and '-', and cannot start or end with '-' or a space",
  );

/** Hook source code: at most 100 KB. */
export const hookScriptSchema = z
  .string()
  .min(1)
  .max(100 * 1024);

/**
 * npm dependencies `{name: version}`, as on Auth0: saving the hook resolves them from the server's
 * registry (NPM_CONFIG_REGISTRY) and installs them for `require(name)`.
 */
export const hookDependenciesSchema = z.record(
  z.string().min(1).max(214),
  z.string().min(1).max(64),
);

/**
 * A run's wall-clock limit in ms (Tokenhook's addition to Auth0's shape; Auth0's webtasks
 * allowed 20 s). Absent: the server default, 5 s.
 */
export const hookTimeoutSchema = z.number().int().min(100).max(20_000);
export const DEFAULT_HOOK_TIMEOUT_MS = 5_000;

/** A saved draft beside the live hook, as a hook's read shows it (the draft itself: `/draft`). */
export const hookDraftStateSchema = z.object({
  updated_at: z.string().optional(),
  /** The draft's code is not what runs. */
  differs_from_live: z.boolean(),
});

/**
 * A hook in Auth0 v2 shape, plus `timeout_ms`, the number of the version that runs (the same
 * number as the versions list and the execution log) and, while one is saved, its draft's state.
 */
export const hookSchema = z.object({
  id: z.string(),
  name: z.string(),
  script: z.string(),
  triggerId: hookTriggerSchema,
  enabled: z.boolean(),
  dependencies: z.record(z.string(), z.string()),
  timeout_ms: z.number().int(),
  version: z.number().int().optional(),
  draft: hookDraftStateSchema.optional(),
});
export type Hook = z.infer<typeof hookSchema>;

/**
 * Fields the server keeps (`version`, `draft`): a body that carries them back, as Auth0's Deploy
 * CLI does with what it exported, is accepted and they are ignored.
 */
const serverKeptHookFields = { version: z.unknown().optional(), draft: z.unknown().optional() };
const withoutServerKept = <T extends { version?: unknown; draft?: unknown }>({
  version: _v,
  draft: _d,
  ...rest
}: T) => rest;

export const hookCreateSchema = z
  .strictObject({
    name: hookNameSchema,
    script: hookScriptSchema,
    triggerId: hookTriggerSchema,
    enabled: z.boolean().default(false),
    dependencies: hookDependenciesSchema.default({}),
    timeout_ms: hookTimeoutSchema.default(DEFAULT_HOOK_TIMEOUT_MS),
    ...serverKeptHookFields,
  })
  .transform(withoutServerKept);
export type HookCreate = z.input<typeof hookCreateSchema>;

/** PATCH body: at least one field; `triggerId` is immutable. */
export const hookUpdateSchema = z
  .strictObject({
    name: hookNameSchema,
    script: hookScriptSchema,
    enabled: z.boolean(),
    dependencies: hookDependenciesSchema,
    timeout_ms: hookTimeoutSchema,
    ...serverKeptHookFields,
  })
  .partial()
  .transform(withoutServerKept)
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'must set at least one property',
    when: (payload) => payload.issues.length === 0, // an unknown key is reported on its own
  });
export type HookUpdate = z.input<typeof hookUpdateSchema>;

/** `GET /hooks` filters, besides paging. */
export const hookListQuerySchema = z.object({
  triggerId: hookTriggerSchema.optional(),
  enabled: z.stringbool().optional(),
});

/** What a secret value reads back as: secrets are write-only (Auth0 parity). */
export const SECRET_PLACEHOLDER = '_VALUE_NOT_SHOWN_';

/** `GET /hooks/{id}/secrets/unset`: secrets created with the placeholder, still without a value. */
export const hookUnsetSecretsSchema = z.object({ names: z.array(z.string()) });
export const MAX_HOOK_SECRETS = 20;

export const hookSecretNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 letters, digits, _ or -');

/** `{NAME: value}` bodies of POST/PATCH `/hooks/{id}/secrets`. */
export const hookSecretsSchema = z
  .record(hookSecretNameSchema, z.string().max(4096))
  .refine((s) => Object.keys(s).length >= 1, 'must contain at least one secret')
  .refine(
    (s) => Object.keys(s).length <= MAX_HOOK_SECRETS,
    `must contain at most ${MAX_HOOK_SECRETS} secrets`,
  );

/** DELETE body: the names to remove. */
export const hookSecretNamesSchema = z.array(hookSecretNameSchema).min(1).max(MAX_HOOK_SECRETS);

/** What a hook run printed, captured from `console.*`. */
export const hookLogLineSchema = z.object({
  level: z.enum(['log', 'info', 'warn', 'error', 'debug']),
  message: z.string(),
});
export type HookLogLine = z.infer<typeof hookLogLineSchema>;

/** How a hook run ended. `error` is the hook refusing through `cb(err)`. */
export const hookOutcomeSchema = z.enum([
  'success',
  'error',
  'timeout',
  'memory',
  'syntax',
  'runtime',
]);
export type HookOutcome = z.infer<typeof hookOutcomeSchema>;

/**
 * Where a run came from: a token exchange, the Runner, or the test cases the gate runs before
 * code goes live (`gate`).
 */
export const hookRunSourceSchema = z.enum(['exchange', 'runner', 'gate']);

/**
 * What a token exchange's run of the hook came to: what it received and returned, what the token
 * got, and what the platform dropped and why. Secret values are redacted.
 */
export const hookExecutionTraceSchema = z.object({
  /** The scopes the hook was given (the grant, narrowed by a requested scope). */
  received_scope: z.array(z.string()),
  /** What the hook passed to `cb` (left out when larger than 16 KB: `returned_omitted`). */
  returned: z.unknown().optional(),
  returned_omitted: z.boolean().optional(),
  /** What the token carries from the hook: its scopes and custom claims. */
  token: z
    .object({ scope: z.array(z.string()), claims: z.record(z.string(), z.unknown()) })
    .optional(),
  /** Properties of the result the platform ignored, each with why. */
  dropped: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
});
export type HookExecutionTrace = z.infer<typeof hookExecutionTraceSchema>;

/** One stored execution: from a token exchange, the Runner or the gate. */
export const hookExecutionSchema = z.object({
  id: z.string(),
  hook_id: z.string(),
  hook_version: z.number().int(),
  source: hookRunSourceSchema,
  started_at: z.string(),
  duration_ms: z.number(),
  outcome: hookOutcomeSchema,
  /** For `error`, the error's class name (`InvalidScopeError`, …) */
  error_name: z.string().optional(),
  message: z.string().optional(),
  client_id: z.string().optional(),
  audience: z.string().optional(),
  logs: z.array(hookLogLineSchema),
  /** For a token exchange: what the hook received, returned and what the token got. */
  trace: hookExecutionTraceSchema.optional(),
});
export type HookExecution = z.infer<typeof hookExecutionSchema>;

/**
 * Runner request: runs `script` (or the saved one) against `payload` (the point's arguments) or,
 * for credentials-exchange, against a stored application and audience. Nothing is saved.
 */
export const hookTryRequestSchema = z.strictObject({
  /** Only for a draft that is not saved yet (`POST /hooks/try`). */
  triggerId: hookTriggerSchema.optional(),
  script: hookScriptSchema.optional(),
  /** Extra or replacement secret values for this run only. */
  secrets: z.record(hookSecretNameSchema, z.string().max(4096)).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  client_id: z.string().optional(),
  audience: z.string().optional(),
});
export type HookTryRequest = z.input<typeof hookTryRequestSchema>;

export const hookTryResponseSchema = z.object({
  outcome: hookOutcomeSchema,
  /** What the hook passed to `cb` (success only). */
  result: z.unknown().optional(),
  error_name: z.string().optional(),
  message: z.string().optional(),
  /** For credentials-exchange: what the token would carry (scope and custom claims). */
  token_preview: z
    .object({ scope: z.array(z.string()), claims: z.record(z.string(), z.unknown()) })
    .optional(),
  logs: z.array(hookLogLineSchema),
  duration_ms: z.number(),
});
export type HookTryResponse = z.infer<typeof hookTryResponseSchema>;

/** An immutable, numbered snapshot of a hook's code and settings (secrets by name only). */
export const hookVersionSchema = z.object({
  id: z.string(),
  hook_id: z.string(),
  number: z.number().int(),
  script: z.string(),
  dependencies: z.record(z.string(), z.string()),
  timeout_ms: z.number().int(),
  secret_names: z.array(z.string()),
  created_at: z.string(),
  created_by: z.string(),
  /** A roll back copies an older version into a new one: the number it copied. */
  rolled_back_from: z.number().int().optional(),
  /**
   * What this version changed: the code (or it is the first), only settings (`dependencies`,
   * `timeout_ms`), or only secrets (the code is the previous version's).
   */
  change: z.enum(['code', 'settings', 'secrets']),
  /** Whether this is what runs now. */
  live: z.boolean(),
});
export type HookVersion = z.infer<typeof hookVersionSchema>;

/** The editor's draft: saved without touching the live hook. */
export const hookDraftSchema = z.object({
  script: z.string(),
  updated_at: z.string().optional(),
  /** A draft is saved (otherwise `script` is the live script). */
  has_draft: z.boolean(),
  /** The draft differs from what is live. */
  differs_from_live: z.boolean(),
});
export type HookDraft = z.infer<typeof hookDraftSchema>;

export const hookDraftUpdateSchema = z.strictObject({ script: hookScriptSchema });
