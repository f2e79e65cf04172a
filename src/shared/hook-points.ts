import { hookParamNames, runnerSample } from './hook-contract';
import type { HookTrigger } from './schemas/hook';

/** An extensibility point: how its hooks are called and what they are given. */
export interface HookPoint {
  triggerId: HookTrigger;
  displayName: string;
  /** Parameter names before `cb`, in call order. */
  params: readonly string[];
  /** Whether Tokenhook runs this point's enabled hook today (the others have no users yet). */
  triggered: boolean;
  description: string;
  /** Arguments for the Runner, keyed by parameter name (Auth0's sample payloads). */
  samplePayload: Record<string, unknown>;
  starterCode: string;
}

/** The seed example of Auth0's guide "Using Hooks with Client Credentials Grant". */
export const credentialsExchangeSample = `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://foo.com/claim'] = 'bar';
  access_token.scope = scope;
  access_token.scope.push('extra');
  cb(null, access_token);
};
`;

const clientCredentialsStarter = `/**
@param {object} client - information about the client
@param {string} client.name - name of client
@param {string} client.id - client id
@param {string} client.tenant - Auth0 tenant name
@param {object} client.metadata - client metadata
@param {array|undefined} scope - array of strings representing the scope claim or undefined
@param {string} audience - token's audience claim
@param {object} context - additional authorization context
@param {object} context.webtask - webtask context
@param {function} cb - function (error, accessTokenClaims)
*/
${credentialsExchangeSample}`;

const userStarter = (what: string, body: string) => `/**
@param {object} user - the user ${what}
@param {object} context - additional context
@param {function} cb - function (error, response)
*/
module.exports = function (user, context, cb) {
${body}
};
`;

const connection = {
  id: 'con_xxxxxxxxxxxxxxxx',
  name: 'Username-Password-Authentication',
  tenant: 'my-tenant',
};

/** Every point in the order Auth0's dashboard lists them. */
export const hookPoints: readonly HookPoint[] = [
  {
    triggerId: 'credentials-exchange',
    displayName: 'Client Credentials Exchange',
    params: hookParamNames,
    triggered: true,
    description:
      'Runs on every client credentials exchange at /oauth/token: add custom claims, change the scopes, or refuse the token.',
    samplePayload: runnerSample('hook'),
    starterCode: clientCredentialsStarter,
  },
  {
    triggerId: 'pre-user-registration',
    displayName: 'Pre User Registration',
    params: ['user', 'context'],
    triggered: false,
    description:
      'Runs before a user is created. Tokenhook has no users yet, so nothing triggers it; the Runner can run it.',
    samplePayload: {
      user: {
        tenant: 'my-tenant',
        username: 'user1',
        password: 'xxxxxxx',
        email: 'user1@foo.com',
        emailVerified: false,
        phoneNumber: '1-000-000-0000',
        phoneNumberVerified: false,
        user_metadata: { hobby: 'surfing' },
        app_metadata: { plan: 'full' },
      },
      context: { requestLanguage: 'en-us', connection },
    },
    starterCode: userStarter(
      'being created',
      `  var response = {};
  response.user = user;
  cb(null, response);`,
    ),
  },
  {
    triggerId: 'post-user-registration',
    displayName: 'Post User Registration',
    params: ['user', 'context'],
    triggered: false,
    description:
      'Runs after a user is created. Tokenhook has no users yet, so nothing triggers it; the Runner can run it.',
    samplePayload: {
      user: {
        tenant: 'my-tenant',
        id: 'abc123',
        username: 'user1',
        email: 'user1@foo.com',
        emailVerified: true,
        phoneNumber: '1-000-000-0000',
        phoneNumberVerified: true,
        user_metadata: { hobby: 'surfing' },
        app_metadata: { plan: 'full' },
      },
      context: { requestLanguage: 'en-us', connection },
    },
    starterCode: userStarter('just created', '  cb();'),
  },
  {
    triggerId: 'post-change-password',
    displayName: 'Post Change Password',
    params: ['user', 'context'],
    triggered: false,
    description:
      'Runs after a password change. Tokenhook has no users yet, so nothing triggers it; the Runner can run it.',
    samplePayload: {
      user: {
        id: 'abc123',
        username: 'user1',
        email: 'user1@foo.com',
        last_password_reset: '2019-02-27T14:14:29.206Z',
      },
      context: { connection },
    },
    starterCode: userStarter('whose password changed', '  cb();'),
  },
  {
    triggerId: 'send-phone-message',
    displayName: 'Send Phone Message',
    params: ['recipient', 'text', 'context'],
    triggered: false,
    description:
      'Sends MFA text messages through your provider. Tokenhook has no users yet, so nothing triggers it; the Runner can run it.',
    samplePayload: {
      recipient: '1-808-555-5555',
      text: 'Here is your one time password: 999111',
      context: {
        message_type: 'sms',
        action: 'enrollment',
        language: 'en',
        code: '123456',
        ip: '127.0.0.1',
        user_agent: 'Mozilla/5.0',
        client: { client_id: '1235', name: 'Test Application', client_metadata: {} },
        user: {
          user_id: 'auth0|test12345',
          name: 'Billie Magnusson',
          email: 'billie@email.com',
          app_metadata: {},
          user_metadata: {},
        },
      },
    },
    starterCode: `/**
@param {string} recipient - phone number
@param {string} text - message body
@param {object} context - additional authorization context
@param {function} cb - function (error, response)
*/
module.exports = function(recipient, text, context, cb) {
  // Send the message through your provider here.
  cb(null, {});
};
`,
  },
];

export function hookPoint(triggerId: HookTrigger): HookPoint {
  return hookPoints.find((p) => p.triggerId === triggerId)!;
}
