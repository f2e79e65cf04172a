/**
 * What npm modules a hook asks for: its `dependencies` (`{"axios": "1.7.9"}`, as on Auth0) and the
 * webtask form `require('request@2.88.2')` in its code, found by a small scanner that skips
 * comments, strings, template literals and regular expressions.
 */
import { builtinModules } from 'node:module';
import type { ModuleRequest } from './install';
import { isPackageName } from './registry';
import { ModuleResolutionError } from './resolution-error';
import { parseRange } from './semver';

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

const BUILTINS = new Set(builtinModules);

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
  if (m[2] === undefined && BUILTINS.has(name)) return { kind: 'builtin', specifier, name };
  return { kind: 'package', specifier, name, version: m[2], subpath: m[3] };
}

export interface HookModules {
  /** What to resolve: each `dependencies` entry (root = its name), each `require('name@version')` (root = `name@version`). */
  requests: ModuleRequest[];
  /** Node built-ins the code requires. */
  builtins: string[];
  /** Packages the code requires without a version and that `dependencies` lacks: the editor offers to add them. */
  missing: string[];
}

/** A hook's modules, from its `dependencies` and its code. Throws ModuleResolutionError for a bad name or version. */
export function hookModules(dependencies: Record<string, string>, script: string): HookModules {
  const requests = new Map<string, ModuleRequest>();
  const checkVersion = (name: string, range: string, where: string) => {
    // A version, a range, or a dist-tag such as `latest` (tags are checked against the registry).
    if (range.trim() !== '' && !parseRange(range) && !/^[a-zA-Z][\w.-]{0,63}$/.test(range)) {
      throw new ModuleResolutionError(
        `${where}: "${range}" is not a version, a semver range or a tag of ${name}`,
      );
    }
  };
  for (const [name, range] of Object.entries(dependencies)) {
    if (!isPackageName(name))
      throw new ModuleResolutionError(`dependencies: "${name}" is not a valid npm package name`);
    checkVersion(name, range, `dependencies.${name}`);
    requests.set(name, { root: name, name, range });
  }
  const builtins = new Set<string>();
  const missing = new Set<string>();
  for (const specifier of scanRequires(script)) {
    const parsed = parseSpecifier(specifier);
    if (parsed.kind === 'builtin') builtins.add(parsed.name);
    if (parsed.kind !== 'package') continue;
    if (parsed.version === undefined) {
      if (!Object.hasOwn(dependencies, parsed.name)) missing.add(parsed.name);
      continue;
    }
    checkVersion(parsed.name, parsed.version, `require('${specifier}')`);
    const root = `${parsed.name}@${parsed.version}`;
    requests.set(root, { root, name: parsed.name, range: parsed.version });
  }
  return {
    requests: [...requests.values()],
    builtins: [...builtins].sort(),
    missing: [...missing].sort(),
  };
}

/** The lock root a `require` specifier loads and the subpath inside it, or undefined when it is not a package. */
export function rootOf(
  specifier: string,
): { root: string; subpath: string | undefined } | undefined {
  const parsed = parseSpecifier(specifier);
  if (parsed.kind !== 'package') return undefined;
  return {
    root: parsed.version === undefined ? parsed.name : `${parsed.name}@${parsed.version}`,
    subpath: parsed.subpath,
  };
}
