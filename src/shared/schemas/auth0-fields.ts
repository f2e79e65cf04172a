import { z } from 'zod';

/**
 * Fields of Auth0's Management API v2 that Tokenhook accepts, stores verbatim and returns on
 * read, without acting on them (they configure logins, browsers and organizations, which a
 * client-credentials server does not have). Taken from the `auth0` SDK's request types
 * (github.com/auth0/node-auth0, src/management/api/requests/requests.ts:
 * CreateClientRequestContent / UpdateClientRequestContent, CreateResourceServerRequestContent /
 * UpdateResourceServerRequestContent, CreateClientGrantRequestContent /
 * UpdateClientGrantRequestContent, SDK v6). Fields Tokenhook defines or honours itself are in
 * the resource's own schema instead.
 */
export const auth0ClientFields = [
  'logo_uri',
  'callbacks',
  'oidc_logout',
  'oidc_backchannel_logout',
  'session_transfer',
  'allowed_origins',
  'web_origins',
  'client_aliases',
  'allowed_clients',
  'allowed_logout_urls',
  'is_token_endpoint_ip_header_trusted',
  'oidc_conformant',
  'jwt_configuration',
  'encryption_key',
  'sso',
  'cross_origin_authentication',
  'cross_origin_loc',
  'sso_disabled',
  'custom_login_page_on',
  'custom_login_page',
  'custom_login_page_preview',
  'form_template',
  'addons',
  'mobile',
  'initiate_login_uri',
  'native_social_login',
  'fedcm_login',
  'refresh_token',
  'default_organization',
  'organization_usage',
  'organization_require_behavior',
  'organization_discovery_methods',
  'client_authentication_methods',
  'require_pushed_authorization_requests',
  'require_proof_of_possession',
  'signed_request_object',
  'token_vault_privileged_access',
  'compliance_level',
  'skip_non_verifiable_callback_uri_confirmation_prompt',
  'token_exchange',
  'par_request_expiry',
  'resource_server_identifier',
  'identity_assertion_authorization_grant',
  'third_party_security_mode',
  'redirection_policy',
  'express_configuration',
  'my_organization_configuration',
  'async_approval_notification_channels',
  // Older exports still carry these (Auth0 accepted them before the fields above replaced them).
  'cross_origin_auth',
] as const;

/**
 * Resource server fields stored as sent. `allow_offline_access`,
 * `skip_consent_for_verifiable_first_party_clients` and `enforce_policies` are stored too: they
 * govern refresh tokens, user consent and RBAC for users, none of which the client credentials
 * grant involves.
 */
export const auth0ResourceServerFields = [
  'allow_online_access',
  'allow_online_access_with_ephemeral_sessions',
  'enforce_policies',
  'token_encryption',
  'consent_policy',
  'authorization_details',
  'proof_of_possession',
  'subject_type_authorization',
  'authorization_policy',
] as const;

/** Client grant fields stored as sent (organizations and rich authorization requests). */
export const auth0ClientGrantFields = [
  'organization_usage',
  'allow_any_organization',
  'authorization_details_types',
] as const;

/** A JSON value as Auth0 accepts it for a stored field (any JSON, kept as sent). */
const storedValue = z.json();

/** The zod shape accepting each named field as any JSON value. */
export function storedFields<const N extends readonly string[]>(names: N) {
  return Object.fromEntries(names.map((n) => [n, storedValue.optional()])) as {
    [K in N[number]]: z.ZodOptional<typeof storedValue>;
  };
}
