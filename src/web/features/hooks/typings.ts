import { actionsApi, actionsEvent, actionsGeoIp } from '@/shared/hook-contract-actions';
import {
  hookCallback,
  hookErrorClasses,
  hookErrorClassNames,
  hookParams,
  type ContractField,
} from '@/shared/hook-contract';
import type { HookTrigger } from '@/shared/schemas/hook';
import type { HookStyle } from './style';

/*
 * Declarations handed to the editor (Monaco `addExtraLib`) so a hook's parameters, `cb` and the
 * error classes complete and show their docs on hover. They describe what the sandbox provides:
 * no Node globals, no DOM. The credentials-exchange parts are rendered from the hook contract
 * (src/shared/hook-contract.ts), the declaration the server and the sandbox follow too.
 */

/** A JSDoc comment for `text`, wrapped to the editor's width. */
function jsdoc(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + 3 + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.length === 1
    ? `${indent}/** ${lines[0]} */\n`
    : `${indent}/**\n${lines.map((l) => `${indent} * ${l}\n`).join('')}${indent} */\n`;
}

/** The members of an interface (or inline object type) declaring these fields. */
function members(fields: Record<string, ContractField>, indent: string): string {
  return Object.entries(fields)
    .filter(([, field]) => !field.internal)
    .map(([name, field]) => {
      const head = `${jsdoc(field.doc, indent)}${indent}${field.readonly ? 'readonly ' : ''}${name}`;
      if (field.method) return `${head}${field.type};\n`;
      const type = field.fields
        ? `{\n${members(field.fields, `${indent}  `)}${indent}}`
        : field.type;
      return `${head}${field.optional ? '?' : ''}: ${type};\n`;
    })
    .join('');
}

function declareInterface(name: string, doc: string, fields: Record<string, ContractField>) {
  return `${jsdoc(doc, '')}interface ${name} {\n${members(fields, '  ')}}\n`;
}

const errorClasses = hookErrorClassNames
  .map(
    (name) =>
      `${jsdoc(hookErrorClasses[name].doc, '')}declare class ${name} extends Error {\n  constructor(message?: string);\n}\n`,
  )
  .join('');

const common = `
${errorClasses}
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

/** The editor's names for the Hook parameters' object types. */
const paramTypes: Record<string, string> = { client: 'HookClient', context: 'HookContext' };

const params = Object.entries(hookParams as Record<string, ContractField>);

const credentialsExchange = `
${declareInterface('HookClient', hookParams.client.doc, hookParams.client.fields)}
${declareInterface('HookContext', hookParams.context.doc, hookParams.context.fields)}
${jsdoc(`What the token gets. ${hookCallback.result.doc}`, '')}interface AccessTokenCustomization {
  scope?: string[];
  [claim: string]: unknown;
}

${jsdoc(hookCallback.doc, '')}type CredentialsExchangeCallback = (error: Error | null, accessToken?: AccessTokenCustomization) => void;

/**
 * Runs on every client credentials exchange at /oauth/token.
${params.map(([name, field]) => ` * @param ${name} ${field.doc}\n`).join('')} * @param cb Call once with \`(null, accessToken)\` or an error.
 */
type CredentialsExchangeHook = (
${params.map(([name, field]) => `  ${name}: ${paramTypes[name] ?? field.type},\n`).join('')}  cb: CredentialsExchangeCallback,
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
 * Auth0 Actions' credentials-exchange trigger (src/server/hooks/actions-adapter.ts is what actually
 * runs): `exports.onExecuteCredentialsExchange = async (event, api) => { … }`.
 */
const actionsCredentialsExchange = `
${declareInterface('GeoIp', "Where the caller's IP address is (GEOIP_DB); a field the database lacks is absent, all of them without one.", actionsGeoIp)}${declareInterface('Event', "Details about the client credentials grant request (Auth0 Actions' `event`).", actionsEvent)}
${declareInterface('CredentialsExchangeAPI', "Methods that change the token or refuse it (Auth0 Actions' `api`).", actionsApi)}
interface ActionsExports {
  /**
   * Runs on every client credentials exchange at /oauth/token, before the token is issued.
   * @param event Details about the request: ${Object.keys(actionsEvent).join(', ')}.
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
