/**
 * What npm modules a hook's code asks for, shared by the server (which resolves and installs them)
 * and the editor (which offers to add them): npm package names, the `require('…')` scanner and
 * Node's built-in module names.
 */

/** npm package names (https://docs.npmjs.com/cli/configuring-npm/package-json#name); uppercase only for old packages. */
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-zA-Z0-9-~][a-zA-Z0-9-._~]*$/;

export function isPackageName(name: string): boolean {
  return name.length <= 214 && PACKAGE_NAME.test(name);
}

/** A `require('…')` with a string literal argument, as written. */
export function scanRequires(source: string): string[] {
  const found: string[] = [];
  const n = source.length;
  // Whether a `/` here starts a regular expression: after an operator, a bracket or a keyword, not after a value.
  let regexAllowed = true;
  let i = 0;
  const skipString = (quote: string) => {
    i++;
    while (i < n && source[i] !== quote) {
      if (source[i] === '\\') i++;
      else if (source[i] === '\n' && quote !== '`') break;
      i++;
    }
    i++;
  };
  const skipTemplate = () => {
    // Template literals; `${…}` expressions end at their closing brace.
    i++;
    while (i < n && source[i] !== '`') {
      if (source[i] === '\\') i += 2;
      else if (source[i] === '$' && source[i + 1] === '{') {
        let depth = 1;
        i += 2;
        const start = i;
        while (i < n && depth > 0) {
          const c = source[i];
          if (c === '{') depth++;
          else if (c === '}') depth--;
          else if (c === '"' || c === "'") {
            skipString(c);
            continue;
          } else if (c === '`') {
            skipTemplate();
            continue;
          }
          i++;
        }
        // The expression is code: scan it too.
        found.push(...scanRequires(source.slice(start, i - 1)));
      } else i++;
    }
    i++;
  };
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === '"' || c === "'") {
      skipString(c);
      regexAllowed = false;
    } else if (c === '`') {
      skipTemplate();
      regexAllowed = false;
    } else if (c === '/' && regexAllowed) {
      i++;
      let inClass = false;
      while (i < n && source[i] !== '\n') {
        const r = source[i];
        if (r === '\\') i++;
        else if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/i.test(source[i]!)) i++;
      regexAllowed = false;
    } else if (/[A-Za-z_$]/.test(c)) {
      const start = i;
      while (i < n && /[\w$]/.test(source[i]!)) i++;
      const word = source.slice(start, i);
      let back = start - 1;
      while (back >= 0 && /\s/.test(source[back]!)) back--;
      if (word === 'require' && source[back] !== '.') {
        const call = /^\s*\(\s*(['"])((?:(?!\1)[^\\\n])*)\1\s*\)/.exec(source.slice(i, i + 600));
        if (call) found.push(call[2] ?? '');
      }
      regexAllowed =
        /^(return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/.test(
          word,
        );
    } else if (/\s/.test(c)) {
      i++;
    } else {
      regexAllowed = !/[)\]}0-9.]/.test(c);
      i++;
    }
  }
  return found;
}

/**
 * Node's built-in modules (the top-level names of `require('node:module').builtinModules`),
 * for code that runs where `node:module` does not, such as the console.
 */
export const NODE_BUILTINS: ReadonlySet<string> = new Set([
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'console',
  'constants',
  'crypto',
  'dgram',
  'diagnostics_channel',
  'dns',
  'domain',
  'events',
  'fs',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'punycode',
  'querystring',
  'readline',
  'repl',
  'stream',
  'string_decoder',
  'sys',
  'timers',
  'tls',
  'trace_events',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'wasi',
  'worker_threads',
  'zlib',
]);

/** A `require` specifier taken apart: `@scope/name@1.2.3/sub/path` → name, version, subpath. */
export type ParsedSpecifier =
  | { kind: 'builtin'; specifier: string; name: string }
  | { kind: 'relative'; specifier: string }
  | {
      kind: 'package';
      specifier: string;
      name: string;
      version: string | undefined;
      subpath: string | undefined;
    }
  | { kind: 'invalid'; specifier: string };

export function parseSpecifier(specifier: string): ParsedSpecifier {
  if (specifier.startsWith('node:'))
    return { kind: 'builtin', specifier, name: specifier.slice(5) };
  if (/^\.{0,2}\//.test(specifier) || specifier === '.' || specifier === '..')
    return { kind: 'relative', specifier };
  const m = /^((?:@[^/@]+\/)?[^/@]+)(?:@([^/]+))?(?:\/(.+))?$/.exec(specifier);
  if (!m || !isPackageName(m[1] ?? '')) return { kind: 'invalid', specifier };
  const name = m[1] ?? '';
  if (m[2] === undefined && NODE_BUILTINS.has(name)) return { kind: 'builtin', specifier, name };
  return { kind: 'package', specifier, name, version: m[2], subpath: m[3] };
}

/** An exact npm version (`1.7.9`, `2.0.0-beta.1`), as `dependencies` entries are written in the editor. */
export function isExactVersion(text: string): boolean {
  return /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(
    text,
  );
}

/** A package the code requires that `dependencies` does not list, with the version it names, if any. */
export interface RequiredModule {
  name: string;
  version: string | undefined;
}

/**
 * The npm packages `script` requires that `dependencies` does not list, once each in the order
 * they first appear: built-ins (`crypto`, `node:fs`, `fs/promises`), relative paths and invalid
 * names are left out; a subpath (`lodash/merge`) counts as its package (`lodash`), and
 * `require('name@1.2.3')` keeps its version.
 */
export function modulesToAdd(
  script: string,
  dependencies: Record<string, string>,
): RequiredModule[] {
  const found = new Map<string, RequiredModule>();
  for (const specifier of scanRequires(script)) {
    const parsed = parseSpecifier(specifier);
    if (parsed.kind !== 'package' || Object.hasOwn(dependencies, parsed.name)) continue;
    const known = found.get(parsed.name);
    if (!known) found.set(parsed.name, { name: parsed.name, version: parsed.version });
    else known.version ??= parsed.version;
  }
  return [...found.values()];
}
