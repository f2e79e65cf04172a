/**
 * Auth0 Actions-style code for the credentials-exchange point:
 * `exports.onExecuteCredentialsExchange = async (event, api) => { … }`.
 *
 * A script in that style gets this adapter appended (inside the same sandbox, after its own
 * code): it turns the Hook-style call `(client, scope, audience, context, cb)` into Auth0's
 * `event` and `api` objects, and the Action's effects back into a Hook result. So both styles share
 * the sandbox, its limits, the claim rules, the logs and the error mapping. The scope rules are
 * Actions': target scopes start as the token's scopes and anything the client's grant does not
 * allow is dropped, with a warning in the log (Hooks, by contrast, may add any scope).
 */
import type { ClaimStyle } from '@/shared/claims';
import { ACTIONS_HANDLER, denyCodeClasses, hookDenyCodes } from '@/shared/hook-contract';
import { APPENDED_CODE_MARK } from './sandbox/protocol';

/** `api.access.deny(code)`'s error classes, as guest code: `{ invalid_scope: InvalidScopeError, … }`. */
const DENY = `{ ${hookDenyCodes.map((code) => `${code}: ${denyCodeClasses[code]}`).join(', ')} }`;

const ADAPTER = String.raw`
;(function (module) {
  var actions = module.exports;
  if (!actions || typeof actions.${ACTIONS_HANDLER} !== 'function') return;
  // api.cache: lives with this hook version's warm context (per worker, live and Runner apart), like
  // Auth0's best-effort cache; bounded in entries, key and value size, and time to live.
  var store = Object.create(null);
  var DEFAULT_TTL = 15 * 60 * 1000;
  var CACHE_MAX_TTL = 24 * 60 * 60 * 1000;
  var CACHE_MAX_ENTRIES = 100;
  var CACHE_MAX_KEY = 256;
  var CACHE_MAX_VALUE = 4096;
  var DENY = ${DENY};

  module.exports = function (client, scope, audience, context, cb) {
    context = context || {};
    var request = context.request || {};
    var granted = (context.grant && context.grant.scope) || scope || [];
    var target = (scope || []).slice();
    var claims = {};
    var denied = null;
    var event = {
      accessToken: { customClaims: {}, scope: (scope || []).slice() },
      client: { client_id: client.id, name: client.name, metadata: client.metadata || {} },
      resource_server: { identifier: audience },
      tenant: { id: client.tenant },
      request: { ip: context.ip, hostname: request.hostname, method: request.method || 'POST', user_agent: context.userAgent, body: request.body || {}, geoip: request.geoip || {} },
      transaction: { requested_scopes: (context.requestedScopes || []).slice() },
      secrets: (context.webtask && context.webtask.secrets) || {},
    };
    Object.defineProperty(event.transaction, 'target_scopes', { enumerable: true, get: function () { return target.slice(); } });
    var api = {
      access: {
        deny: function (code, reason) {
          denied = { code: code, reason: reason };
          return api;
        },
      },
      accessToken: {
        setCustomClaim: function (name, value) {
          claims[name] = value;
          event.accessToken.customClaims[name] = value;
          return api;
        },
      },
      cache: {
        get: function (key) {
          var record = store[key];
          if (!record) return undefined;
          if (record.expires_at <= Date.now()) { delete store[key]; return undefined; }
          return { value: record.value, expires_at: record.expires_at };
        },
        set: function (key, value, options) {
          key = String(key);
          value = String(value);
          if (key.length > CACHE_MAX_KEY) return { type: 'error', code: 'KEY_TOO_LONG', message: 'api.cache keys are at most ' + CACHE_MAX_KEY + ' characters' };
          if (value.length > CACHE_MAX_VALUE) return { type: 'error', code: 'VALUE_TOO_LARGE', message: 'api.cache values are at most ' + CACHE_MAX_VALUE + ' characters' };
          var ttl = options && typeof options.ttl === 'number' && options.ttl > 0 ? Math.min(options.ttl, CACHE_MAX_TTL) : DEFAULT_TTL;
          var now = Date.now();
          if (!(key in store) && Object.keys(store).length >= CACHE_MAX_ENTRIES) {
            // Full: expired entries go first, then the one closest to expiring.
            var victim;
            Object.keys(store).forEach(function (k) {
              if (store[k].expires_at <= now) delete store[k];
              else if (!victim || store[k].expires_at < store[victim].expires_at) victim = k;
            });
            if (Object.keys(store).length >= CACHE_MAX_ENTRIES) delete store[victim];
          }
          store[key] = { value: value, expires_at: now + ttl };
          return { type: 'success', record: { value: store[key].value, expires_at: store[key].expires_at } };
        },
        delete: function (key) {
          delete store[key];
          return { type: 'success' };
        },
      },
      transaction: {
        addTargetScope: function (s) { if (target.indexOf(s) < 0) target.push(s); return api; },
        removeTargetScope: function (s) { target = target.filter(function (t) { return t !== s; }); return api; },
        setTargetScopes: function (list) { target = (list || []).slice(); return api; },
        clearTargetScopes: function () { target = []; return api; },
      },
    };
    Promise.resolve()
      .then(function () { return actions.${ACTIONS_HANDLER}(event, api); })
      .then(function () {
        if (denied) {
          var ErrorClass = (Object.prototype.hasOwnProperty.call(DENY, denied.code) && DENY[denied.code]) || ${denyCodeClasses.server_error};
          return cb(new ErrorClass(denied.reason || 'Access denied'));
        }
        var kept = [];
        target.forEach(function (s) {
          if (granted.indexOf(s) < 0) console.warn('Scope "' + s + '" dropped: the grant for ' + audience + ' does not allow it');
          else if (kept.indexOf(s) < 0) kept.push(s);
        });
        var result = { scope: kept };
        for (var name in claims) result[name] = claims[name];
        cb(null, result);
      }, function (err) { cb(err); });
  };
})(module);
`;

/** Which claim rules apply to a script's result (shared/claims.ts). */
export function claimStyleOf(script: string): ClaimStyle {
  return script.includes(ACTIONS_HANDLER) ? 'actions' : 'hooks';
}

/** The script to run: Actions-style code gets the adapter; Hook-style code runs exactly as written. */
export function withActionsAdapter(script: string): string {
  return script.includes(ACTIONS_HANDLER) ? `${script}\n${APPENDED_CODE_MARK}${ADAPTER}` : script;
}
