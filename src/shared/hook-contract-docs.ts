import { actionsApi, actionsEvent } from './hook-contract-actions';
import {
  denyCodeClasses,
  hookCallback,
  hookDenyCodes,
  hookErrorClasses,
  hookErrorClassNames,
  hookParamNames,
  hookParams,
  type ContractField,
} from './hook-contract';

/*
 * The README's reference for hook code, rendered from the hook contract (scripts/hook-docs.ts
 * writes it between the markers below; a test checks that it is up to date).
 */

export const DOCS_BEGIN =
  '<!-- hook-contract:begin (generated from src/shared/hook-contract.ts by `npm run docs:hooks`) -->';
export const DOCS_END = '<!-- hook-contract:end -->';

const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;

/** A method's parameter names from its signature text: `(key: string, value…)` → `key, value`. */
function paramNames(signature: string): string {
  const params = /^\((.*?)\):/.exec(signature)?.[1] ?? '';
  return [...params.matchAll(/(?:^|,\s*)(\w+\??):/g)].map((m) => m[1]).join(', ');
}

/** Table rows for these fields; `actions` adds the column naming each field's `event` path. */
function rows(spec: Record<string, ContractField>, prefix: string, actions = false): string[] {
  return Object.entries(spec).flatMap(([name, field]) => {
    if (field.internal) return [];
    const path = prefix + name;
    if (field.method)
      return [`| ${code(`${path}(${paramNames(field.type!)})`)} | method | ${field.doc} |`];
    const action = actions ? ` ${field.action ? code(field.action) : '—'} |` : '';
    const type = field.fields ? 'object' : code(field.type!);
    const notes = [field.optional && 'may be absent', field.readonly && 'read-only']
      .filter(Boolean)
      .join(', ');
    return [
      `| ${code(path)} | ${type} | ${notes ? `${field.doc.replace(/\.$/, '')}; ${notes}.` : field.doc} |${action}`,
      ...(field.fields ? rows(field.fields, `${path}.`, actions) : []),
    ];
  });
}

/** The reference section's Markdown (before Prettier aligns its tables). */
export function hookContractMarkdown(): string {
  const internal = Object.entries(hookParams.context.fields)
    .filter(([, field]) => 'internal' in field)
    .map(([name]) => code(name));
  const params = [...hookParamNames, 'cb'].join(', ');
  return [
    DOCS_BEGIN,
    '',
    `A Hook is \`module.exports = function (${params}) { … }\`:`,
    '',
    '| Argument | Type | Description | In Actions |',
    '| --- | --- | --- | --- |',
    ...rows(hookParams, '', true),
    `| ${code('cb')} | function | ${hookCallback.doc} | \`api\` |`,
    `| ${code('cb(null, result)')} | object | ${hookCallback.result.doc} | \`api.accessToken\`, \`api.transaction\` |`,
    '',
    `\`context\` also holds ${internal.join(', ').replace(/, (?=\S+$)/, ' and ')}: Tokenhook builds Actions' \`event\` from them. They are not Auth0's, so Hook code should not rely on them.`,
    '',
    `An Action is \`exports.onExecuteCredentialsExchange = async (event, api) => { … }\`:`,
    '',
    '| Field | Type | Description |',
    '| --- | --- | --- |',
    ...rows(actionsEvent, 'event.'),
    ...rows(actionsApi, 'api.'),
    '',
    'Errors: `cb(new Class(message))` in a Hook, `api.access.deny(code, message)` in an Action:',
    '',
    '| Class | `api.access.deny` code | Token response |',
    '| --- | --- | --- |',
    ...hookErrorClassNames.map((name) => {
      const { status, error } = hookErrorClasses[name];
      const deny = hookDenyCodes.find((c) => denyCodeClasses[c] === name);
      return `| ${code(name)} | ${deny ? code(deny) : '—'} | ${status} ${code(error)} |`;
    }),
    '| any other error, a throw, a timeout | — | 500 `server_error` |',
    '',
    DOCS_END,
  ].join('\n');
}
