import type { HookTrigger } from '@/shared/schemas/hook';
import type { HookStyle } from './style';

/*
 * Declarations handed to the editor (Monaco `addExtraLib`) so a hook's parameters, `cb` and the
 * error classes complete and show their docs on hover. They describe what the sandbox provides
 * (reference/auth0-semantics.md §1; src/server/hooks): no Node globals, no DOM.
 */

const common = `
/** Refuses the token with 400 \`invalid_scope\` and this message (Auth0 Hooks parity). */
declare class InvalidScopeError extends Error {
  constructor(message?: string);
}
/** Refuses the token with 400 \`invalid_request\` and this message. */
declare class InvalidRequestError extends Error {
  constructor(message?: string);
}
/** Fails the token request with 500 \`server_error\` and this message (so does any other error). */
declare class ServerError extends Error {
  constructor(message?: string);
}

/** Captured into the hook's execution log: the Logs panel and the Runner show it. */
declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};

/** Only modules the sandbox allows load; anything else fails with a clear message. */
declare function require(id: string): any;

/** Values from the Secrets panel: write-only in the console, readable here. */
interface HookSecrets {
  [name: string]: string;
}
`;

const credentialsExchange = `
/** The application asking for the token. */
interface HookClient {
  /** The application's client_id. */
  id: string;
  /** The application's name. */
  name: string;
  /** The tenant's name (\`TENANT\` on the server). */
  tenant: string;
  /** The application's client_metadata: string keys and values. */
  metadata: { [key: string]: string };
}

/** The request for the token. */
interface HookContext {
  /** The caller's IP address. */
  ip: string;
  /** The caller's User-Agent header. */
  userAgent: string;
  webtask: {
    /** The hook's secrets, by name. */
    secrets: HookSecrets;
  };
}

/**
 * What the token gets. \`scope\` replaces the granted scopes (it may add scopes the API does not
 * define); properties named by an http(s) URL become claims; everything else is ignored.
 * Reserved claims (iss, sub, aud, exp, iat, jti, azp, gty, …) cannot be overridden.
 */
interface AccessTokenCustomization {
  scope?: string[];
  [claim: string]: unknown;
}

/**
 * Call once. \`cb(null, accessToken)\` issues the token with your changes;
 * \`cb(new InvalidScopeError(m))\` → 400 invalid_scope; \`cb(new InvalidRequestError(m))\` →
 * 400 invalid_request; any other error, a throw or a timeout → 500 server_error. Later calls are ignored.
 */
type CredentialsExchangeCallback = (error: Error | null, accessToken?: AccessTokenCustomization) => void;

/**
 * Runs on every client credentials exchange at /oauth/token.
 * @param client The application asking for the token.
 * @param scope The scopes granted to the application for this API.
 * @param audience The API's identifier: the token's \`aud\`.
 * @param context The request: ip, userAgent and \`webtask.secrets\`.
 * @param cb Call once with \`(null, accessToken)\` or an error.
 */
type CredentialsExchangeHook = (
  client: HookClient,
  scope: string[],
  audience: string,
  context: HookContext,
  cb: CredentialsExchangeCallback,
) => void;

declare var module: { exports: CredentialsExchangeHook };
declare var exports: any;
`;

const userTypes = `
interface HookConnection {
  id: string;
  name: string;
  tenant: string;
}
interface HookUser {
  id?: string;
  tenant?: string;
  username?: string;
  email?: string;
  emailVerified?: boolean;
  phoneNumber?: string;
  phoneNumberVerified?: boolean;
  user_metadata?: { [key: string]: unknown };
  app_metadata?: { [key: string]: unknown };
  [key: string]: unknown;
}
interface HookUserContext {
  requestLanguage?: string;
  connection: HookConnection;
  webtask: { secrets: HookSecrets };
  [key: string]: unknown;
}
/** Call once: \`cb(null, response)\` or \`cb(error)\`. */
type HookCallback = (error?: Error | null, response?: any) => void;
/**
 * @param user The user.
 * @param context The connection and request.
 * @param cb Call once with \`(null, response)\` or an error.
 */
type UserHook = (user: HookUser, context: HookUserContext, cb: HookCallback) => void;
`;

const sendPhoneMessage = `
/** Call once: \`cb(null, {})\` when the provider accepted the message, or \`cb(error)\`. */
type HookCallback = (error?: Error | null, response?: any) => void;
interface PhoneMessageContext {
  message_type: 'sms' | 'voice';
  action: 'enrollment' | 'second-factor-authentication';
  language: string;
  code: string;
  ip: string;
  user_agent: string;
  client: { client_id: string; name: string; client_metadata: { [key: string]: string } };
  user: { user_id: string; name?: string; email?: string; app_metadata?: object; user_metadata?: object };
  webtask: { secrets: HookSecrets };
}
/**
 * Sends an MFA code through your provider.
 * @param recipient The phone number.
 * @param text The message body.
 * @param context The message, client and user.
 * @param cb Call once with \`(null, {})\` or an error.
 */
type SendPhoneMessageHook = (recipient: string, text: string, context: PhoneMessageContext, cb: HookCallback) => void;
declare var module: { exports: SendPhoneMessageHook };
declare var exports: any;
`;

const byPoint: Record<HookTrigger, string> = {
  'credentials-exchange': credentialsExchange,
  'pre-user-registration': `${userTypes}declare var module: { exports: UserHook };\ndeclare var exports: any;\n`,
  'post-user-registration': `${userTypes}declare var module: { exports: UserHook };\ndeclare var exports: any;\n`,
  'post-change-password': `${userTypes}declare var module: { exports: UserHook };\ndeclare var exports: any;\n`,
  'send-phone-message': sendPhoneMessage,
};

/*
 * Auth0 Actions' credentials-exchange trigger (issue 12; src/server/hooks/actions-adapter.ts is
 * what actually runs): `exports.onExecuteCredentialsExchange = async (event, api) => { … }`.
 */
const actionsCredentialsExchange = `
/** Details about the client credentials grant request (Auth0 Actions' \`event\`). */
interface Event {
  /** The application asking for the token. */
  client: {
    /** The application's client_id. */
    client_id: string;
    /** The application's name. */
    name: string;
    /** The application's client_metadata: string keys and values. */
    metadata: { [key: string]: string };
  };
  /** The API the token is for. */
  resource_server: {
    /** The API's identifier: the token's \`aud\`. */
    identifier: string;
  };
  tenant: {
    /** The tenant's name (\`TENANT\` on the server). */
    id: string;
  };
  /** The HTTP request to /oauth/token. */
  request: {
    /** The caller's IP address. */
    ip: string;
    hostname?: string;
    method: string;
    /** The caller's User-Agent header. */
    user_agent?: string;
    /** The request's form parameters (the client secret is not included). */
    body: { [key: string]: unknown };
    geoip: { [key: string]: unknown };
  };
  /** The token as it stands. */
  accessToken: {
    /** The scopes the application is granted on this API. */
    scope: string[];
    /** Claims set so far with \`api.accessToken.setCustomClaim\`. */
    customClaims: { [claim: string]: unknown };
  };
  transaction: {
    /** The scopes the request asked for (\`scope\` parameter). */
    requested_scopes: string[];
    /** The scopes the token will get; the api.transaction methods change them, within the grant. */
    readonly target_scopes: string[];
  };
  /** The hook's secrets, by name (the Secrets panel). */
  secrets: HookSecrets;
}

/** Methods that change the token or refuse it (Auth0 Actions' \`api\`). */
interface CredentialsExchangeAPI {
  access: {
    /**
     * Refuses the token. \`invalid_scope\` and \`invalid_request\` answer 400 with that OAuth error and
     * \`reason\` as its description; \`server_error\` answers 500.
     */
    deny(code: 'invalid_scope' | 'invalid_request' | 'server_error', reason: string): CredentialsExchangeAPI;
  };
  accessToken: {
    /**
     * Adds a claim to the token. Name it by an http(s) URL (\`https://example.com/plan\`); other
     * names are ignored with a warning. Reserved claims (iss, sub, aud, exp, …) cannot be overridden.
     */
    setCustomClaim(name: string, value: unknown): CredentialsExchangeAPI;
  };
  /** A best-effort cache shared by this hook's runs (values are strings; default TTL 15 minutes). */
  cache: {
    get(key: string): { value: string; expires_at: number } | undefined;
    set(key: string, value: string, options?: { ttl?: number }): { type: 'success' | 'error'; record?: { value: string; expires_at: number } };
    delete(key: string): { type: 'success' | 'error' };
  };
  /**
   * The token's scopes. They start as the granted scopes; a target scope the application is not
   * granted on this API is dropped with a warning in the logs (unlike a Hook, which may add any).
   */
  transaction: {
    addTargetScope(scope: string): CredentialsExchangeAPI;
    removeTargetScope(scope: string): CredentialsExchangeAPI;
    setTargetScopes(scopes: string[]): CredentialsExchangeAPI;
    clearTargetScopes(): CredentialsExchangeAPI;
  };
}

interface ActionsExports {
  /**
   * Runs on every client credentials exchange at /oauth/token, before the token is issued.
   * @param event Details about the request: client, resource_server, request, accessToken, transaction, secrets.
   * @param api Change the token (setCustomClaim, target scopes) or refuse it (access.deny).
   */
  onExecuteCredentialsExchange?: (event: Event, api: CredentialsExchangeAPI) => Promise<void> | void;
}

declare var exports: ActionsExports;
declare var module: { exports: ActionsExports };
`;

/** The editor's declarations for a hook of this extensibility point, in the style it is written in. */
export function hookTypings(triggerId: HookTrigger, style: HookStyle = 'hook'): string {
  if (triggerId === 'credentials-exchange' && style === 'actions')
    return common + actionsCredentialsExchange;
  return common + byPoint[triggerId];
}
