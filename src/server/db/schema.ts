/**
 * Database rows. Portable across SQLite and PostgreSQL: booleans are 0/1 integers, JSON is text,
 * times are ISO-8601 text. Repos map rows to the wire shapes in `src/shared/schemas`.
 */
export interface Database {
  resource_servers: ResourceServerTable;
  clients: ClientTable;
  client_grants: ClientGrantTable;
  signing_keys: SigningKeyTable;
  hooks: HookTable;
  hook_secrets: HookSecretTable;
  hook_executions: HookExecutionTable;
  admins: AdminTable;
  sessions: SessionTable;
  logs: LogTable;
  hook_versions: HookVersionTable;
  hook_test_cases: HookTestCaseTable;
  token_quota_usage: TokenQuotaUsageTable;
}

/** Tokens issued to a client in one quota window (`bucket` per_hour or per_day, start in epoch s). */
export interface TokenQuotaUsageTable {
  client_id: string;
  bucket: string;
  window_start: number;
  count: number;
}

export interface ResourceServerTable {
  id: string;
  identifier: string;
  name: string;
  /** JSON `[{value, description?}]`. */
  scopes: string;
  signing_alg: string;
  token_lifetime: number;
  token_lifetime_for_web: number;
  allow_offline_access: number;
  skip_consent: number;
  is_system: number;
  /** JSON object: the Auth0 fields stored as sent (and `token_dialect`). */
  auth0_fields: string;
  /** HS256 secret, sealed under the master key, bound to the API's id; null for other algorithms. */
  signing_secret_enc: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClientTable {
  client_id: string;
  name: string;
  description: string;
  app_type: string;
  is_first_party: number;
  /** JSON array of grant type names. */
  grant_types: string;
  token_endpoint_auth_method: string;
  /** JSON string→string map. */
  client_metadata: string;
  /** AES-256-GCM sealed under the master key, bound to the client_id. */
  client_secret_enc: string;
  /** JSON object: the Auth0 fields stored as sent (and `token_quota`). */
  auth0_fields: string;
  /** When the secret last changed (null: not since created_at); older management tokens are void. */
  secret_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClientGrantTable {
  id: string;
  client_id: string;
  /** The API's `id`, not its identifier: grants follow the API whatever it is called. */
  resource_server_id: string;
  /** JSON array of scope values. */
  scope: string;
  /** JSON object: the Auth0 fields stored as sent (and `subject_type`). */
  auth0_fields: string;
  created_at: string;
}

export interface SigningKeyTable {
  kid: string;
  alg: string;
  /** `current` signs; `previous` still verifies; `retired` (rotated out) and `revoked` are no longer published. */
  status: string;
  public_jwk: string;
  /** Private JWK, sealed under the master key, bound to the kid. */
  private_jwk_enc: string;
  created_at: string;
  rotated_at: string | null;
}

export interface HookTable {
  id: string;
  name: string;
  script: string;
  trigger_id: string;
  enabled: number;
  /** JSON `{name: version}`. */
  dependencies: string;
  /**
   * The number of the live version (`hook_versions.number`): bumped with every new version (code,
   * settings or secrets); the sandbox keeps one context per version.
   */
  version: number;
  /** Wall-clock limit of one run, ms. */
  timeout_ms: number;
  /** JSON ModuleLock of the live code's npm modules (null: none). */
  modules_lock: string | null;
  /** A saved draft that is not live yet (null: none). */
  draft_script: string | null;
  draft_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface HookSecretTable {
  hook_id: string;
  name: string;
  /** Sealed under the master key, bound to hook and name. */
  value_enc: string;
}

export interface HookExecutionTable {
  id: string;
  hook_id: string;
  hook_version: number;
  source: string;
  started_at: string;
  duration_ms: number;
  outcome: string;
  error_name: string | null;
  message: string | null;
  client_id: string | null;
  audience: string | null;
  /** JSON array of `{level, message}`. */
  logs: string;
  /** JSON `HookExecutionTrace` of a token exchange (null: none). */
  trace: string | null;
}

export interface AdminTable {
  email: string;
  /** `scrypt$N$r$p$salt$hash` (base64url parts). */
  password_hash: string;
  created_at: string;
}

export interface SessionTable {
  id_hash: string;
  email: string;
  created_at: string;
  expires_at: string;
}

export interface LogTable {
  /** A ULID: ordered by time. */
  log_id: string;
  date: string;
  type: string;
  description: string;
  ip: string;
  user_agent: string;
  client_id: string | null;
  client_name: string | null;
  audience: string | null;
  actor_kind: string | null;
  actor_id: string | null;
  /** JSON object; secret values are redacted before they get here. */
  details: string;
}

/** An immutable, numbered snapshot of what a hook ran. */
export interface HookVersionTable {
  id: string;
  hook_id: string;
  number: number;
  script: string;
  dependencies: string;
  timeout_ms: number;
  /** JSON array: secrets by name only. */
  secret_names: string;
  created_at: string;
  /** Who made it: an admin's email or a client_id. */
  created_by: string;
  /** Set when this version is a roll back: the number it copies. */
  rolled_back_from: number | null;
  /** `code`, `settings` or `secrets`: what this version changed (null: written before it was recorded; `code`). */
  change: string | null;
  /** JSON ModuleLock of this version's npm modules (null: none). */
  modules_lock: string | null;
}

export interface HookTestCaseTable {
  id: string;
  hook_id: string;
  name: string;
  /** JSON `{payload?, client_id?, audience?}`. */
  input: string;
  /** JSON expectations. */
  expect: string;
  created_at: string;
}
