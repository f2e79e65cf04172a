import {
  ACTIONS_HANDLER,
  denyCodeClasses,
  hookDenyCodes,
  hookParamNames,
  hookToAction,
} from '@/shared/hook-contract';
import { detectStyle } from './style';

/*
 * "Convert to Actions style": rewrites a simple credentials-exchange Hook into the
 * Actions form, statement by statement, following Auth0's Hook→Action mapping
 * (https://auth0.com/docs/customize/actions/migrate/migrate-from-hooks-to-actions). It recognises the shapes of Auth0's own examples — claims
 * assigned on a token object, `scope = scope` and `.push(x)`, `cb(null, token)`, `cb(new
 * InvalidScopeError(m))`, `console.*`, simple `if` blocks and local variables — one statement per
 * line. Anything else is refused with the line and the reason, never guessed at: a converted
 * script that behaves differently would be worse than none.
 */

export type Conversion =
  | {
      ok: true;
      script: string;
      /** What behaves differently in the Actions form, for the person to check. */ notes: string[];
    }
  | {
      ok: false;
      reason: string;
      /** 1-based line of the script, when one statement is the reason. */ line?: number;
    };

const SCOPE_NOTE =
  'Actions keep target scopes within the grant: a scope the application is not granted on the API is dropped, with a warning in the logs (a Hook could add any scope).';

/** The error classes `api.access.deny(code)` raises, by class: a plain `Error` denies as server_error. */
const DENY_CODES: Record<string, string> = {
  ...Object.fromEntries(hookDenyCodes.map((code) => [denyCodeClasses[code], code])),
  Error: 'server_error',
};

class Unconvertible extends Error {}

/** Splits `text` at top-level occurrences of `sep` (outside strings and brackets). */
export function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

interface Params {
  client: string;
  scope: string;
  audience: string;
  context: string;
  cb: string;
}

/** Auth0's Hook→Action mapping, from the hook contract: `client.id` → `event.client.client_id`, … */
const ACTION_PATHS = hookToAction();

/** `event.*` for the Hook arguments' members (Auth0's Hook→Action mapping). */
function mapMember(params: Params, name: string, chain: string[]): string {
  const param = hookParamNames.find((p) => params[p] === name);
  if (!param) throw new Unconvertible(`\`${name}\` cannot be used here`);
  const path = [param, ...chain];
  for (let n = path.length; n > 0; n--) {
    const head = path.slice(0, n).join('.');
    if (Object.hasOwn(ACTION_PATHS, head))
      return (
        ACTION_PATHS[head] +
        path
          .slice(n)
          .map((m) => `.${m}`)
          .join('')
      );
  }
  const known = Object.keys(ACTION_PATHS)
    .filter((p) => p.startsWith(`${param}.`))
    .map((p) => p.slice(param.length + 1));
  throw new Unconvertible(
    `\`${[name, ...chain].join('.')}\` has no Actions equivalent the converter knows (use ${known.join(', ').replace(/, (?=\S+$)/, ' or ')})`,
  );
}

/** Rewrites the Hook arguments inside an expression; strings and other names are left as they are. */
function rewrite(expr: string, params: Params, token: string | null): string {
  let out = '';
  let i = 0;
  const mapped = new Set([params.client, params.scope, params.audience, params.context]);
  while (i < expr.length) {
    const ch = expr[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== ch) j += expr[j] === '\\' ? 2 : 1;
      const literal = expr.slice(i, j + 1);
      if (ch === '`' && literal.includes('${'))
        throw new Unconvertible('template literals with `${…}` are not converted');
      out += literal;
      i = j + 1;
      continue;
    }
    const ident = /^[A-Za-z_$][\w$]*/.exec(expr.slice(i));
    if (!ident) {
      out += ch;
      i++;
      continue;
    }
    const name = ident[0];
    const afterDot = /\.\s*$/.test(out);
    i += name.length;
    if (afterDot || !(mapped.has(name) || name === params.cb || name === token)) {
      out += name;
      continue;
    }
    if (name === params.cb)
      throw new Unconvertible(
        `\`${params.cb}\` is only converted as a whole statement: \`${params.cb}(null, token)\` or \`${params.cb}(new InvalidScopeError(…))\``,
      );
    if (name === token)
      throw new Unconvertible(
        `the token object \`${token}\` is read here; the converter only follows assignments to it`,
      );
    const chain: string[] = [];
    for (
      let m = /^\.([A-Za-z_$][\w$]*)/.exec(expr.slice(i));
      m;
      m = /^\.([A-Za-z_$][\w$]*)/.exec(expr.slice(i))
    ) {
      chain.push(m[1]!);
      i += m[0].length;
    }
    out += mapMember(params, name, chain);
  }
  return out;
}

const isUrl = (name: string) => /^https?:\/\//.test(name);

/** `'name'`, `"name"` or `name` → name. */
function keyName(key: string): string | undefined {
  const quoted = /^(['"])(.*)\1$/.exec(key);
  if (quoted) return quoted[2];
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : undefined;
}

/** Rewrites a Hook-style credentials-exchange script into `exports.onExecuteCredentialsExchange`. */
export function convertToActions(script: string): Conversion {
  if (detectStyle(script) === 'actions')
    return { ok: false, reason: 'This script is already in the Actions style.' };
  const lines = script.replace(/\r\n/g, '\n').split('\n');

  // The header comment (Auth0's starter documents the Hook arguments) is replaced; code is not skipped.
  let first = 0;
  while (first < lines.length && !lines[first]!.trim()) first++;
  if (lines[first]?.trim().startsWith('/*')) {
    while (first < lines.length && !lines[first]!.includes('*/')) first++;
    first++;
  }
  while (first < lines.length && (!lines[first]!.trim() || lines[first]!.trim().startsWith('//')))
    first++;
  const header = /^module\.exports\s*=\s*(?:async\s+)?function\s*[\w$]*\s*\(([^)]*)\)\s*\{$/.exec(
    lines[first]?.trim() ?? '',
  );
  if (!header) {
    return {
      ok: false,
      reason:
        'The script does not start with `module.exports = function (client, scope, audience, context, cb) {`.',
      line: first + 1,
    };
  }
  const names = header[1]!.split(',').map((p) => p.trim());
  if (names.length !== 5 || names.some((n) => !/^[A-Za-z_$][\w$]*$/.test(n))) {
    return {
      ok: false,
      reason:
        'The function must take the five Hook arguments (client, scope, audience, context, cb).',
      line: first + 1,
    };
  }
  const params: Params = {
    client: names[0]!,
    scope: names[1]!,
    audience: names[2]!,
    context: names[3]!,
    cb: names[4]!,
  };

  let last = lines.length - 1;
  while (last > first && !lines[last]!.trim()) last--;
  if (!/^\};?$/.test(lines[last]!.trim()))
    return {
      ok: false,
      reason: 'The script must end with the function’s closing `};`.',
      line: last + 1,
    };

  const out: string[] = [];
  const notes = new Set<string>();
  let token: string | null = null;
  let scopeSet = false;
  let depth = 0;
  let finished = false; // the top-level `cb` ran: nothing may follow
  const emit = (text: string) => out.push(`${'  '.repeat(depth + 1)}${text}`);
  const scopeCall = (call: string) => {
    if (!notes.has(SCOPE_NOTE)) {
      emit(
        '// Actions keep target scopes within the grant: a scope the application is not granted',
      );
      emit('// on this API is dropped, with a warning in the logs (a Hook could add any scope).');
      notes.add(SCOPE_NOTE);
    }
    emit(call);
  };

  const assign = (key: string, value: string) => {
    if (key === 'scope') {
      if (value === params.scope) {
        scopeSet = true; // Actions' target scopes start as the granted scopes
        return;
      }
      scopeSet = true;
      if (/^\[\s*\]$/.test(value)) scopeCall('api.transaction.clearTargetScopes();');
      else scopeCall(`api.transaction.setTargetScopes(${rewrite(value, params, token)});`);
      return;
    }
    if (!isUrl(key)) {
      throw new Unconvertible(
        `\`${key}\` is not a claim: the token's properties other than \`scope\` must be named by an http(s) URL (the Hook ignores this one, an Action would warn)`,
      );
    }
    emit(
      `api.accessToken.setCustomClaim(${JSON.stringify(key).replace(/^"|"$/g, "'")}, ${rewrite(value, params, token)});`,
    );
  };

  const objectLiteral = (text: string) => {
    const body = /^\{(.*)\}$/.exec(text.trim());
    if (!body)
      throw new Unconvertible('only an object literal or the token variable can be passed to cb');
    for (const entry of splitTopLevel(body[1]!, ',').filter(Boolean)) {
      const [key, ...value] = splitTopLevel(entry, ':');
      const name = key && keyName(key);
      if (!name || value.length !== 1)
        throw new Unconvertible(`\`${entry}\` is not a \`'claim': value\` pair`);
      assign(name, value[0]!);
    }
  };

  const callback = (args: string) => {
    const [error = '', result, ...extra] = splitTopLevel(args, ',');
    if (extra.length) throw new Unconvertible(`${params.cb} takes an error and the token`);
    const denied = /^new\s+([A-Za-z_$][\w$]*)\s*\((.*)\)$/.exec(error);
    if (denied) {
      const code = Object.hasOwn(DENY_CODES, denied[1]!) ? DENY_CODES[denied[1]!] : undefined;
      if (!code)
        throw new Unconvertible(
          `\`${denied[1]}\` is not one of ${Object.keys(DENY_CODES)
            .join(', ')
            .replace(/, (?=\w+$)/, ' or ')}`,
        );
      emit(
        `api.access.deny('${code}', ${denied[2]!.trim() ? rewrite(denied[2]!, params, token) : "'Access denied'"});`,
      );
      emit('return;');
      return;
    }
    if (!['', 'null', 'undefined'].includes(error))
      throw new Unconvertible(
        `\`${error}\` is not an error the converter can map (use \`new InvalidScopeError(…)\` and the like)`,
      );
    if (result !== undefined && result !== token) objectLiteral(result);
    if (depth > 0) emit('return;');
  };

  const statement = (text: string, lineNo: number) => {
    const t = text.trim().replace(/;$/, '').trim();
    if (finished && t && !t.startsWith('//'))
      throw new Unconvertible(`code after the final \`${params.cb}(…)\` does not run in the Hook`);
    if (!t) return void out.push('');
    if (t.startsWith('//')) return emit(t);

    let m: RegExpExecArray | null;
    if ((m = /^(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(.+)$/.exec(t))) {
      if (/^\{.*\}$/.test(m[2]!) && token === null) {
        token = m[1]!;
        objectLiteral(m[2]!);
        return;
      }
      return emit(`const ${m[1]} = ${rewrite(m[2]!, params, token)};`);
    }
    if ((m = /^(?:return\s+)?([A-Za-z_$][\w$]*)\s*\((.*)\)$/.exec(t)) && m[1] === params.cb) {
      callback(m[2]!);
      if (depth === 0) finished = true;
      return;
    }
    if (/^return$/.test(t)) return emit('return;');
    if ((m = /^console\.(log|info|warn|error|debug)\((.*)\)$/.exec(t)))
      return emit(`console.${m[1]}(${rewrite(m[2]!, params, token)});`);
    if ((m = /^(\}\s*else\s+)?if\s*\((.*)\)\s*\{$/.exec(t))) {
      if (m[1]) depth--;
      if (depth < 0) throw new Unconvertible('unbalanced braces');
      emit(`${m[1] ? '} else ' : ''}if (${rewrite(m[2]!, params, token)}) {`);
      depth++;
      return;
    }
    if ((m = /^if\s*\((.*)\)\s*(?:return\s+)?([A-Za-z_$][\w$]*\(.*\))$/.exec(t))) {
      emit(`if (${rewrite(m[1]!, params, token)}) {`);
      depth++;
      statement(m[2]!, lineNo);
      depth--;
      return emit('}');
    }
    if (/^\}\s*else\s*\{$/.test(t)) {
      depth--;
      emit('} else {');
      depth++;
      return;
    }
    if (t === '}') {
      depth--;
      if (depth < 0) throw new Unconvertible('unbalanced braces');
      return emit('}');
    }
    if (token !== null) {
      const dotted = new RegExp(
        `^${token.replace(/\$/g, '\\$')}(?:\\.([A-Za-z_$][\\w$]*)|\\[\\s*(['"][^'"]*['"])\\s*\\])\\s*=\\s*(.+)$`,
      ).exec(t);
      if (dotted) return assign(dotted[1] ?? keyName(dotted[2]!)!, dotted[3]!);
      const push = new RegExp(
        `^(?:${token.replace(/\$/g, '\\$')}\\.scope|${params.scope.replace(/\$/g, '\\$')})\\.push\\((.*)\\)$`,
      ).exec(t);
      if (push) {
        if (!scopeSet)
          throw new Unconvertible(
            `scopes are pushed before \`${token}.scope\` is set, so the Hook would not change the token's scope`,
          );
        for (const scope of splitTopLevel(push[1]!, ','))
          scopeCall(`api.transaction.addTargetScope(${rewrite(scope, params, token)});`);
        return;
      }
    }
    throw new Unconvertible(
      `\`${t.length > 60 ? `${t.slice(0, 57)}…` : t}\` is not a statement the converter recognises`,
    );
  };

  for (let n = first + 1; n < last; n++) {
    try {
      statement(lines[n]!, n + 1);
    } catch (error) {
      if (error instanceof Unconvertible) {
        return {
          ok: false,
          line: n + 1,
          reason: `Line ${n + 1}: ${error.message}. Convert this script by hand.`,
        };
      }
      throw error;
    }
  }
  if (depth !== 0)
    return {
      ok: false,
      reason: 'The braces of the function body do not balance. Convert this script by hand.',
    };

  // Collapse runs of blank lines left by removed statements, and trim them at both ends.
  const body = out
    .filter((line, i) => line.trim() || (i > 0 && out[i - 1]!.trim()))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
  const converted = `/**
 * Converted from a Hook by Tokenhook's "Convert to Actions style".
 *
 * @param {Event} event - Details about the client credentials grant request.
 * @param {CredentialsExchangeAPI} api - Methods that change the token or refuse it.
 */
exports.${ACTIONS_HANDLER} = async (event, api) => {
${body}
};
`;
  return { ok: true, script: converted, notes: [...notes] };
}
