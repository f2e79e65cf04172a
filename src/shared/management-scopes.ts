/**
 * The Management API's scopes, with Auth0's names and descriptions. The system resource server
 * publishes exactly these, and every `/api/v2` route requires one of them.
 */
export const managementScopes = [
  { value: 'read:clients', description: 'Read Clients' },
  { value: 'create:clients', description: 'Create Clients' },
  { value: 'update:clients', description: 'Update Clients' },
  { value: 'delete:clients', description: 'Delete Clients' },
  { value: 'read:client_keys', description: 'Read Client Keys' },
  { value: 'update:client_keys', description: 'Update Client Keys' },
  { value: 'read:resource_servers', description: 'Read Resource Servers' },
  { value: 'create:resource_servers', description: 'Create Resource Servers' },
  { value: 'update:resource_servers', description: 'Update Resource Servers' },
  { value: 'delete:resource_servers', description: 'Delete Resource Servers' },
  { value: 'read:client_grants', description: 'Read Client Grants' },
  { value: 'create:client_grants', description: 'Create Client Grants' },
  { value: 'update:client_grants', description: 'Update Client Grants' },
  { value: 'delete:client_grants', description: 'Delete Client Grants' },
  { value: 'read:hooks', description: 'Read Hooks' },
  { value: 'create:hooks', description: 'Create Hooks' },
  { value: 'update:hooks', description: 'Update Hooks' },
  { value: 'delete:hooks', description: 'Delete Hooks' },
  { value: 'read:logs', description: 'Read Logs' },
  { value: 'read:signing_keys', description: 'Read Signing Keys' },
  { value: 'create:signing_keys', description: 'Create Signing Keys' },
  { value: 'update:signing_keys', description: 'Update Signing Keys' },
] as const;

export type ManagementScope = (typeof managementScopes)[number]['value'];

/** Path of the Management API under the issuer; its audience is `${ISSUER_BASE_URL}/api/v2/`. */
export const managementApiPath = '/api/v2/';
