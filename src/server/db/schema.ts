/**
 * Database rows. Portable across SQLite and PostgreSQL: booleans are 0/1 integers, JSON is text,
 * times are ISO-8601 text. Repos map rows to the wire shapes in `src/shared/schemas`.
 */
export interface Database {
  resource_servers: ResourceServerTable;
  clients: ClientTable;
  client_grants: ClientGrantTable;
  signing_keys: SigningKeyTable;
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
  created_at: string;
}

export interface SigningKeyTable {
  kid: string;
  alg: string;
  /** `current` signs; `previous` still verifies; `retired` is no longer published. */
  status: string;
  public_jwk: string;
  /** Private JWK, sealed under the master key, bound to the kid. */
  private_jwk_enc: string;
  created_at: string;
  rotated_at: string | null;
}
