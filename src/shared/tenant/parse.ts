/**
 * Reading an Auth0 Deploy CLI (`a0deploy`) tenant export: the directory format (`clients/`,
 * `resource-servers/`, `grants/`, `hooks/*.json` + `*.js`) and the YAML format (`tenant.yaml` +
 * `hooks/*.js`), with the Deploy CLI's keyword replacement
 * (https://auth0.com/docs/deploy-monitor/deploy-cli-tool/keyword-replacement).
 * Runs anywhere: the files come through `TenantFiles`.
 */
import YAML from 'yaml';
import { TenantError } from './errors';
import { DIRECTORY_FOLDERS, resolveInside, type TenantFiles } from './files';

export type Rec = Record<string, unknown>;

/** One resource from a file, with where it came from (for messages). */
export interface Item {
  origin: string;
  data: Rec;
  /** A hook's script file, as given in the export (for messages). */
  scriptFile?: string;
}

/** What a tenant export holds; `null` means the folder or key is absent: that type is left alone. */
export interface TenantAssets {
  format: 'directory' | 'yaml';
  clients: Item[] | null;
  resourceServers: Item[] | null;
  clientGrants: Item[] | null;
  hooks: Item[] | null;
}

/** Mappings for `@@KEY@@` / `##KEY##`: strings, numbers, booleans, arrays or objects. */
export type Keywords = Record<string, unknown>;

/** How the caller names its controls in messages: the CLI's flags or the console's labels. */
export interface TenantTerms {
  /** Where keyword mappings come from, e.g. "the --keywords file". */
  keywordsFile: string;
  /** What allows deletions, e.g. "--allow-delete". */
  allowDelete: string;
}

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KEY = '[A-Za-z0-9_]+';

/**
 * The Deploy CLI's keyword replacement on raw file text: `@@KEY@@` becomes `JSON.stringify(value)`
 * (a surrounding pair of quotes is consumed, so `"@@LIST@@"` becomes a real array), then `##KEY##`
 * becomes the value as text. Only the mappings file is consulted, never the environment; a marker
 * without a mapping is an error naming it.
 */
export function replaceKeywords(
  text: string,
  keywords: Keywords,
  origin: string,
  keywordsFile: string,
): string {
  const missing = new Set<string>();
  const lookup = (key: string) => {
    if (!Object.hasOwn(keywords, key)) {
      missing.add(key);
      return undefined;
    }
    return keywords[key];
  };
  let out = text.replace(
    new RegExp(`(["']?)@@(${KEY})@@(["']?)`, 'g'),
    (match, open: string, key: string, close: string) => {
      const value = lookup(key);
      if (value === undefined) return match;
      const json = JSON.stringify(value);
      return open && open === close ? json : `${open}${json}${close}`;
    },
  );
  out = out.replace(new RegExp(`##(${KEY})##`, 'g'), (match, key: string) => {
    const value = lookup(key);
    if (value === undefined) return match;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  if (missing.size > 0) {
    const keys = [...missing];
    throw new TenantError(
      `${origin}: unknown keyword${keys.length > 1 ? 's' : ''} ${keys.join(', ')}: add ${keys.length > 1 ? 'them' : 'it'} to ${keywordsFile}`,
    );
  }
  return out;
}

/** A keyword mappings file: a JSON or YAML object, or a Deploy CLI config with AUTH0_KEYWORD_REPLACE_MAPPINGS. */
export function parseKeywords(text: string, origin: string): Keywords {
  const parsed = parseYaml(text, origin);
  if (!isRecord(parsed))
    throw new TenantError(`${origin}: the keywords file must hold an object of KEY: value`);
  const nested = parsed.AUTH0_KEYWORD_REPLACE_MAPPINGS;
  return isRecord(nested) ? nested : parsed;
}

function parseYaml(text: string, origin: string): unknown {
  try {
    return YAML.parse(text) as unknown;
  } catch (err) {
    throw new TenantError(`${origin}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new TenantError(`${origin}: not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

export interface ParseOptions {
  keywords: Keywords;
  terms: TenantTerms;
  /** What the export is called in messages (the CLI's PATH, the console's file name). */
  name: string;
  /** A file at the root to read as the tenant.yaml, whatever its name; otherwise tenant.yaml / tenant.yml or the folders at the root. */
  entry?: string;
}

/** Reads an export: a tenant.yaml (`entry`, or one at the root) or a directory export. */
export function parseTenant(files: TenantFiles, opts: ParseOptions): TenantAssets {
  const read = (path: string, origin: string) => {
    const text = files.read(path);
    return text === undefined
      ? undefined
      : replaceKeywords(text, opts.keywords, origin, opts.terms.keywordsFile);
  };
  const entry =
    opts.entry ?? ['tenant.yaml', 'tenant.yml'].find((name) => files.read(name) !== undefined);
  if (entry !== undefined) return parseYamlTenant(files, entry, read);
  const present = Object.values(DIRECTORY_FOLDERS).filter((f) => files.list(f) !== undefined);
  if (present.length === 0) {
    throw new TenantError(
      `${opts.name} holds neither a tenant.yaml nor any of the folders clients/, resource-servers/, grants/, hooks/`,
    );
  }
  return parseDirectoryTenant(files, read);
}

type Read = (path: string, origin: string) => string | undefined;

function parseDirectoryTenant(files: TenantFiles, read: Read): TenantAssets {
  const load = (folder: string): Item[] | null => {
    const names = files.list(folder);
    if (names === undefined) return null;
    return names
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => {
        const origin = `${folder}/${f}`;
        const data = parseJson(read(origin, origin) ?? '', origin);
        if (!isRecord(data)) throw new TenantError(`${origin}: expected a JSON object`);
        return { origin, data };
      });
  };
  const hooks = load(DIRECTORY_FOLDERS.hooks);
  for (const hook of hooks ?? []) loadScript(hook, DIRECTORY_FOLDERS.hooks, read);
  return {
    format: 'directory',
    clients: load(DIRECTORY_FOLDERS.clients),
    resourceServers: load(DIRECTORY_FOLDERS.resourceServers),
    clientGrants: load(DIRECTORY_FOLDERS.clientGrants),
    hooks,
  };
}

function parseYamlTenant(files: TenantFiles, entry: string, read: Read): TenantAssets {
  const origin = entry;
  const text = read(entry, origin);
  if (text === undefined) throw new TenantError(`${origin}: no such file`);
  const doc = parseYaml(text, origin);
  if (!isRecord(doc))
    throw new TenantError(
      `${origin}: expected a mapping with clients, resourceServers, clientGrants or hooks`,
    );
  const list = (key: string): Item[] | null => {
    if (!(key in doc)) return null;
    const value = doc[key];
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) throw new TenantError(`${origin}: ${key} must be a list`);
    return value.map((data: unknown, i) => {
      const where = `${origin} ${key}[${i}]`;
      if (!isRecord(data)) throw new TenantError(`${where}: expected a mapping`);
      return { origin: typeof data.name === 'string' ? `${where} (${data.name})` : where, data };
    });
  };
  const hooks = list('hooks');
  for (const hook of hooks ?? []) loadScript(hook, '', read);
  return {
    format: 'yaml',
    clients: list('clients'),
    resourceServers: list('resourceServers'),
    clientGrants: list('clientGrants'),
    hooks,
  };
}

/**
 * A hook's `script`: a path to a side file (relative to `hooks/` in the directory format, to the
 * folder of tenant.yaml in YAML), read with keyword replacement; anything else is inline code.
 */
function loadScript(hook: Item, base: string, read: Read) {
  const script = hook.data.script;
  if (typeof script !== 'string' || script.includes('\n') || !/\.js$/i.test(script.trim())) return;
  const path = resolveInside(base, script.trim());
  if (path === undefined)
    throw new TenantError(`${hook.origin}: script ${script} is outside the export folder`);
  const code = read(path, path);
  if (code === undefined) throw new TenantError(`${hook.origin}: script file ${path} not found`);
  hook.data = { ...hook.data, script: code };
  hook.scriptFile = path;
}
