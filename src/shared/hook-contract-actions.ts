import {
  hookDenyCodes,
  type ActionsGeoIp,
  type HookOAuthErrorCode,
  type Spec,
} from './hook-contract';

/*
 * Auth0 Actions' credentials-exchange trigger in the hook contract: `event` and `api` as
 * `exports.onExecuteCredentialsExchange = async (event, api) => { … }` receives them. Tokenhook
 * builds them inside the sandbox from the Hook arguments (src/server/hooks/actions-adapter.ts).
 */

/** Auth0 Actions' `event` for the credentials-exchange trigger. */
export interface ActionsEvent {
  client: { client_id: string; name: string; metadata: Record<string, string> };
  resource_server: { identifier: string };
  tenant: { id: string };
  request: {
    ip: string;
    hostname?: string;
    method: string;
    user_agent?: string;
    body: Record<string, unknown>;
    /** An ActionsGeoIp, typed loosely so that the declaration describes it by its type text. */
    geoip: Record<string, unknown>;
  };
  accessToken: { scope: string[]; customClaims: Record<string, unknown> };
  transaction: { requested_scopes: string[]; readonly target_scopes: string[] };
  secrets: Record<string, string>;
}

/** `event.request.geoip`'s fields (a field the database lacks is absent, all of them without one). */
export const actionsGeoIp = {
  cityName: { type: 'string', optional: true, doc: 'The city, in English.' },
  continentCode: { type: 'string', optional: true, doc: "The continent's two-letter code." },
  countryCode: { type: 'string', optional: true, doc: "The country's ISO 3166-1 alpha-2 code." },
  countryCode3: { type: 'string', optional: true, doc: "The country's ISO 3166-1 alpha-3 code." },
  countryName: { type: 'string', optional: true, doc: 'The country, in English.' },
  latitude: { type: 'number', optional: true, doc: 'Approximate latitude.' },
  longitude: { type: 'number', optional: true, doc: 'Approximate longitude.' },
  subdivisionCode: { type: 'string', optional: true, doc: "The first subdivision's ISO code." },
  subdivisionName: { type: 'string', optional: true, doc: 'The first subdivision, in English.' },
  timeZone: { type: 'string', optional: true, doc: 'The IANA time zone.' },
} as const satisfies Spec<ActionsGeoIp>;

interface CacheRecord {
  value: string;
  expires_at: number;
}

/** Auth0 Actions' `api` for the credentials-exchange trigger. */
export interface ActionsApi {
  access: { deny(code: HookOAuthErrorCode, reason: string): ActionsApi };
  accessToken: { setCustomClaim(name: string, value: unknown): ActionsApi };
  cache: {
    get(key: string): CacheRecord | undefined;
    set(
      key: string,
      value: string,
      options?: { ttl?: number },
    ): { type: 'success' | 'error'; record?: CacheRecord };
    delete(key: string): { type: 'success' | 'error' };
  };
  transaction: {
    addTargetScope(scope: string): ActionsApi;
    removeTargetScope(scope: string): ActionsApi;
    setTargetScopes(scopes: string[]): ActionsApi;
    clearTargetScopes(): ActionsApi;
  };
}

const api = 'CredentialsExchangeAPI';

/** Actions' `event`. */
export const actionsEvent = {
  client: {
    doc: 'The application asking for the token.',
    fields: {
      client_id: { type: 'string', doc: "The application's client_id." },
      name: { type: 'string', doc: "The application's name." },
      metadata: {
        type: '{ [key: string]: string }',
        doc: "The application's client_metadata: string keys and values.",
      },
    },
  },
  resource_server: {
    doc: 'The API the token is for.',
    fields: { identifier: { type: 'string', doc: "The API's identifier: the token's `aud`." } },
  },
  tenant: {
    doc: 'The tenant.',
    fields: { id: { type: 'string', doc: "The tenant's name (`TENANT` on the server)." } },
  },
  request: {
    doc: 'The HTTP request to /oauth/token.',
    fields: {
      ip: { type: 'string', doc: "The caller's IP address." },
      hostname: { type: 'string', doc: 'The Host header.', optional: true },
      method: { type: 'string', doc: 'The HTTP method (`POST`).' },
      user_agent: { type: 'string', doc: "The caller's User-Agent header.", optional: true },
      body: {
        type: '{ [key: string]: unknown }',
        doc: "The request's form parameters (the client secret is not included).",
      },
      geoip: {
        type: 'GeoIp',
        doc: "Where the caller's IP address is (`countryCode`, `cityName`, …), from the MaxMind DB file `GEOIP_DB` names; `{}` without one or for an address it does not know.",
      },
    },
  },
  accessToken: {
    doc: 'The token as it stands.',
    fields: {
      scope: { type: 'string[]', doc: 'The scopes the application is granted on this API.' },
      customClaims: {
        type: '{ [claim: string]: unknown }',
        doc: 'Claims set so far with `api.accessToken.setCustomClaim`.',
      },
    },
  },
  transaction: {
    doc: 'The scopes asked for and the scopes the token will get.',
    fields: {
      requested_scopes: {
        type: 'string[]',
        doc: 'The scopes the request asked for (`scope` parameter).',
      },
      target_scopes: {
        type: 'string[]',
        doc: 'The scopes the token will get; the api.transaction methods change them, within the grant.',
        readonly: true,
      },
    },
  },
  secrets: { type: 'HookSecrets', doc: "The hook's secrets, by name (the Secrets panel)." },
} as const satisfies Spec<ActionsEvent>;

/** Actions' `api`. */
export const actionsApi = {
  access: {
    doc: 'Refuses the token.',
    fields: {
      deny: {
        method: true,
        type: `(code: ${hookDenyCodes.map((c) => `'${c}'`).join(' | ')}, reason: string): ${api}`,
        doc: 'Refuses the token. `invalid_scope` and `invalid_request` answer 400 with that OAuth error and `reason` as its description; `server_error` answers 500.',
      },
    },
  },
  accessToken: {
    doc: 'Changes the token.',
    fields: {
      setCustomClaim: {
        method: true,
        type: `(name: string, value: unknown): ${api}`,
        doc: "Adds a claim to the token. Any name except Auth0's restricted claims and namespaces; reserved claims (iss, sub, aud, exp, …) cannot be overridden.",
      },
    },
  },
  cache: {
    doc: "A best-effort cache shared by this hook's runs (values are strings; default TTL 15 minutes).",
    fields: {
      get: {
        method: true,
        type: '(key: string): { value: string; expires_at: number } | undefined',
        doc: 'The cached value and when it expires (ms since the epoch), or undefined.',
      },
      set: {
        method: true,
        type: "(key: string, value: string, options?: { ttl?: number }): { type: 'success' | 'error'; record?: { value: string; expires_at: number } }",
        doc: 'Caches a value for `ttl` ms (at most 24 hours).',
      },
      delete: {
        method: true,
        type: "(key: string): { type: 'success' | 'error' }",
        doc: 'Removes a cached value.',
      },
    },
  },
  transaction: {
    doc: "The token's scopes. They start as the granted scopes; a target scope the application is not granted on this API is dropped with a warning in the logs (unlike a Hook, which may add any).",
    fields: {
      addTargetScope: {
        method: true,
        type: `(scope: string): ${api}`,
        doc: 'Adds a scope to the token.',
      },
      removeTargetScope: {
        method: true,
        type: `(scope: string): ${api}`,
        doc: 'Removes a scope from the token.',
      },
      setTargetScopes: {
        method: true,
        type: `(scopes: string[]): ${api}`,
        doc: "Replaces the token's scopes.",
      },
      clearTargetScopes: {
        method: true,
        type: `(): ${api}`,
        doc: 'Removes every scope from the token.',
      },
    },
  },
} as const satisfies Spec<ActionsApi>;
