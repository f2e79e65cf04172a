/*
 * The credentials-exchange hook contract, declared once: what a Hook receives
 * `(client, scope, audience, context, cb)`, the error classes with the OAuth error each one ends a
 * token request with (RFC 6749 §5.2), and (in hook-contract-actions.ts) what Actions-style code
 * receives `(event, api)`. The server builds the arguments with these types, the sandbox defines
 * the error classes from this list, the console's editor typings, the Runner's sample and the
 * README's reference are rendered from it, and tests run real hooks to check that what the
 * sandbox hands them matches it.
 */

/** The Actions handler a credentials-exchange script exports to be run as an Action. */
export const ACTIONS_HANDLER = 'onExecuteCredentialsExchange';

// --- error classes ------------------------------------------------------------------------------

/** The OAuth errors a hook run can end a token request with. */
export type HookOAuthErrorCode = 'invalid_scope' | 'invalid_request' | 'server_error';

export interface HookErrorClass {
  status: 400 | 500;
  error: HookOAuthErrorCode;
  doc: string;
  /** The base class of Auth0's extensibility errors: `api.access.deny` never uses it. */
  base?: true;
}

/**
 * The error classes the sandbox defines as globals (Auth0's extensibility compilers inject the
 * same four). `cb(new Class(message))` ends the request with the class's error and the message;
 * any other error, a throw or a timeout is 500 `server_error`.
 */
export const hookErrorClasses = {
  InvalidScopeError: {
    status: 400,
    error: 'invalid_scope',
    doc: 'Refuses the token with 400 `invalid_scope` and this message (Auth0 Hooks parity).',
  },
  InvalidRequestError: {
    status: 400,
    error: 'invalid_request',
    doc: 'Refuses the token with 400 `invalid_request` and this message.',
  },
  ServerError: {
    status: 500,
    error: 'server_error',
    doc: 'Fails the token request with 500 `server_error` and this message (so does any other error).',
  },
  ExtensibilityUserError: {
    status: 500,
    error: 'server_error',
    doc: "Auth0's base class for hook errors: 500 `server_error` and this message, as any other error.",
    base: true,
  },
} as const satisfies Record<string, HookErrorClass>;

export type HookErrorClassName = keyof typeof hookErrorClasses;

export const hookErrorClassNames = Object.keys(hookErrorClasses) as HookErrorClassName[];

/** `api.access.deny(code, reason)`: the error class each code raises. */
export const denyCodeClasses = Object.fromEntries(
  hookErrorClassNames
    .filter((name) => !('base' in hookErrorClasses[name]))
    .map((name) => [hookErrorClasses[name].error, name]),
) as Record<HookOAuthErrorCode, HookErrorClassName>;

export const hookDenyCodes = Object.keys(denyCodeClasses) as HookOAuthErrorCode[];

// --- the shapes ---------------------------------------------------------------------------------

/** `client`: the application asking for the token. */
export interface HookClient {
  id: string;
  name: string;
  tenant: string;
  metadata: Record<string, string>;
}

/**
 * Auth0 Actions' `event.request.geoip`: where the caller's address is, from the MaxMind DB file
 * GEOIP_DB names. Empty without one, or when the database does not know the address.
 */
export type ActionsGeoIp = {
  cityName?: string;
  continentCode?: string;
  countryCode?: string;
  countryCode3?: string;
  countryName?: string;
  latitude?: number;
  longitude?: number;
  subdivisionCode?: string;
  subdivisionName?: string;
  timeZone?: string;
};

/** `context`: the token request. */
export interface HookContext {
  ip: string;
  userAgent: string;
  body: Record<string, string>;
  webtask: { secrets: Record<string, string> };
  request: {
    hostname: string;
    method: string;
    body: Record<string, string>;
    /** An ActionsGeoIp, typed loosely so that the declaration describes it by its type text. */
    geoip: Record<string, unknown>;
  };
  requestedScopes: string[];
  grant: { scope: string[] };
}

/** A Hook's arguments before `cb`, by name, in call order. */
export interface CredentialsExchangeParams {
  client: HookClient;
  scope: string[];
  audience: string;
  context: HookContext;
}

/** The arguments the server passes to a credentials-exchange hook, before `cb`. */
export type CredentialsExchangeArgs = [
  client: HookClient,
  scope: string[],
  audience: string,
  context: HookContext,
];

// --- the declaration: every field with its type text and documentation ---------------------------

/** One field as the editor's typings and the docs show it. */
export interface ContractField {
  doc: string;
  /**
   * The editor's TypeScript type (names refer to the typings' own declarations). A method's is its
   * signature without the name, `(scope: string): CredentialsExchangeAPI`. Absent for objects
   * described by `fields`.
   */
  type?: string;
  fields?: Record<string, ContractField>;
  optional?: boolean;
  readonly?: boolean;
  method?: boolean;
  /**
   * Passed to Hook code only so that Actions' `event` can be built from it: not Auth0's, so
   * neither typed for Hooks in the editor nor in the Hook reference.
   */
  internal?: boolean;
  /** The Runner's sample value. Objects with `fields` build theirs from the fields' examples. */
  example?: unknown;
  /** Where Actions' `event` has the same value (Auth0's Hook→Action mapping). */
  action?: string;
}

type Fn = (...args: never[]) => unknown;

/** How a declared field of type V must be described: methods, leaves or objects with fields. */
type FieldOf<V> = V extends Fn
  ? { method: true; type: string }
  : V extends readonly unknown[]
    ? { type: string; example?: V }
    : V extends object
      ? string extends keyof V
        ? { type: string; example?: V }
        : { fields: Spec<V> }
      : { type: string; example?: V };

/**
 * The declaration of a TypeScript shape: exactly its keys (no more, no fewer), each optional in
 * the declaration when it is in the type, with the example's type checked against the field's.
 */
export type Spec<T> = {
  [K in keyof T]-?: ContractField &
    FieldOf<NonNullable<T[K]>> &
    (object extends Pick<T, K> ? { optional: true } : { optional?: false });
};

const scopes = ['read:connections'];
const audience = 'https://my-tenant.example.com/api/v2/';
const requestBody = {
  grant_type: 'client_credentials',
  client_id: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  audience,
};

/** `(client, scope, audience, context)`, in call order. */
export const hookParams = {
  client: {
    doc: 'The application asking for the token.',
    fields: {
      id: {
        type: 'string',
        doc: "The application's client_id.",
        example: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        action: 'event.client.client_id',
      },
      name: {
        type: 'string',
        doc: "The application's name.",
        example: 'client-name',
        action: 'event.client.name',
      },
      tenant: {
        type: 'string',
        doc: "The tenant's name (`TENANT` on the server).",
        example: 'my-tenant',
        action: 'event.tenant.id',
      },
      metadata: {
        type: '{ [key: string]: string }',
        doc: "The application's client_metadata: string keys and values.",
        example: { plan: 'full' },
        action: 'event.client.metadata',
      },
    },
  },
  scope: {
    type: 'string[]',
    doc: 'The scopes granted to the application for this API.',
    example: scopes,
    action: 'event.accessToken.scope',
  },
  audience: {
    type: 'string',
    doc: "The API's identifier: the token's `aud`.",
    example: audience,
    action: 'event.resource_server.identifier',
  },
  context: {
    doc: 'The token request.',
    fields: {
      ip: {
        type: 'string',
        doc: "The caller's IP address.",
        example: '127.0.0.1',
        action: 'event.request.ip',
      },
      userAgent: {
        type: 'string',
        doc: "The caller's User-Agent header.",
        example: 'curl/8.0',
        action: 'event.request.user_agent',
      },
      body: {
        type: '{ [param: string]: string }',
        doc: "The token request's parameters as the client sent them, without `client_secret` and `client_assertion`.",
        example: requestBody,
        action: 'event.request.body',
      },
      webtask: {
        doc: 'The webtask context: its `secrets` (`storage` does not exist here: using it throws an error that says so).',
        fields: {
          secrets: {
            type: 'HookSecrets',
            doc: "The hook's secrets, by name (the Secrets panel).",
            action: 'event.secrets',
          },
        },
      },
      request: {
        doc: "The request's `hostname`, `method` and `body`, for Actions' `event.request`.",
        internal: true,
        fields: {
          hostname: { type: 'string', doc: 'The Host header.', example: 'my-tenant.example.com' },
          method: { type: 'string', doc: 'Always `POST`.', example: 'POST' },
          body: {
            type: '{ [param: string]: string }',
            doc: 'The same object as `context.body`.',
            example: requestBody,
          },
          geoip: {
            type: 'GeoIp',
            doc: "Where the caller's IP address is (GEOIP_DB); `{}` for Hook-style code.",
            example: {},
          },
        },
      },
      requestedScopes: {
        type: 'string[]',
        doc: "The request's `scope` parameter, for Actions' `event.transaction.requested_scopes`.",
        internal: true,
        example: scopes,
      },
      grant: {
        doc: 'What the grant allows, for the scope rules of Actions.',
        internal: true,
        fields: {
          scope: {
            type: 'string[]',
            doc: "Every scope the client's grant allows on this API.",
          },
        },
      },
    },
  },
} as const satisfies Spec<CredentialsExchangeParams>;

/** The Hook's parameter names before `cb`, in call order. */
export const hookParamNames = Object.keys(hookParams) as (keyof CredentialsExchangeParams)[];

/** `cb`, and what `cb(null, result)` may hold. */
export const hookCallback = {
  doc: 'Call once. `cb(null, accessToken)` issues the token with your changes; `cb(new InvalidScopeError(m))` → 400 invalid_scope; `cb(new InvalidRequestError(m))` → 400 invalid_request; any other error, a throw or a timeout → 500 server_error. Later calls are ignored.',
  result: {
    doc: '`scope` replaces the granted scopes (it may add scopes the API does not define); properties named by an http(s) URL become claims; everything else is ignored. Reserved claims (iss, sub, aud, exp, iat, jti, azp, gty, …) cannot be overridden.',
  },
};

// --- what is derived from it ---------------------------------------------------------------------

/** Every declared field's path (`context.webtask.secrets`), depth first, in declaration order. */
export function fieldPaths(
  spec: Record<string, ContractField>,
  opts: { internal?: boolean } = {},
  prefix = '',
): string[] {
  return Object.entries(spec).flatMap(([name, field]) => {
    if (field.internal && !opts.internal) return [];
    const path = prefix + name;
    return [path, ...(field.fields ? fieldPaths(field.fields, opts, `${path}.`) : [])];
  });
}

/** Auth0's Hook→Action mapping: each Hook argument path with its `event` path. */
export function hookToAction(
  spec: Record<string, ContractField> = hookParams,
  prefix = '',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, field] of Object.entries(spec)) {
    if (field.action) out[prefix + name] = field.action;
    if (field.fields) Object.assign(out, hookToAction(field.fields, `${prefix + name}.`));
  }
  return out;
}

function example(field: ContractField, internal: boolean): unknown {
  if (!field.fields) return field.example;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(field.fields)) {
    if (child.internal && !internal) continue;
    const value = example(child, internal);
    if (value !== undefined) out[name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The Runner's sample arguments, by parameter name. Hook-style code gets the documented fields;
 * Actions-style code also the ones its `event` is built from. Secrets come from the hook itself.
 */
export function runnerSample(style: 'hook' | 'actions'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(hookParams as Record<string, ContractField>))
    out[name] = example(field, style === 'actions');
  // A copy: callers may change it without touching the declaration's examples.
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}
