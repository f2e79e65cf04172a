import { ACTIONS_HANDLER, runnerSample } from '@/shared/hook-contract';

/**
 * The two ways to write a credentials-exchange script. The server tells them apart
 * the same way (`src/server/hooks/actions-adapter.ts`): a script that mentions the Actions handler
 * runs as an Action, anything else as a Hook.
 */
export type HookStyle = 'hook' | 'actions';

export function detectStyle(script: string): HookStyle {
  return script.includes(ACTIONS_HANDLER) ? 'actions' : 'hook';
}

export const styleLabels: Record<HookStyle, string> = {
  hook: 'Hook style',
  actions: 'Actions style',
};

/**
 * The Actions-style starter: the Hook starter's claim and scope (`src/shared/hook-points.ts`),
 * written as an Action.
 */
export const actionsStarter = `/**
 * Handler that will be called during the execution of a Client Credentials exchange.
 *
 * @param {Event} event - Details about the client credentials grant request.
 * @param {CredentialsExchangeAPI} api - Methods that change the token or refuse it.
 */
exports.${ACTIONS_HANDLER} = async (event, api) => {
  api.accessToken.setCustomClaim('https://foo.com/claim', 'bar');
  // Actions keep scopes within the grant: 'extra' is added only if the application is granted it
  // on this API; otherwise it is dropped with a warning in the logs (a Hook may add any scope).
  api.transaction.addTargetScope('extra');
};
`;

/**
 * The Runner's sample for Actions-style code. The Runner takes the Hook arguments for both styles;
 * the server builds `event` from them: `client` → `event.client` and `event.tenant`, `scope` →
 * `event.accessToken.scope` and the target scopes, `audience` → `event.resource_server`, and
 * `context` → `event.request` and `event.transaction.requested_scopes`.
 */
export const actionsSamplePayload: Record<string, unknown> = runnerSample('actions');
