/**
 * Auth0 Deploy CLI (`a0deploy`) tenant files: the directory format (`clients/`, `resource-servers/`,
 * `grants/`, `hooks/*.json` + `*.js`) and the YAML format (`tenant.yaml` + `hooks/*.js`), read with
 * the Deploy CLI's keyword replacement and written the way `a0deploy export` writes them
 * (reference: auth0-next.md Part A).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { CliError } from './errors';

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

const KEY = '[A-Za-z0-9_]+';

/**
 * The Deploy CLI's keyword replacement on raw file text: `@@KEY@@` becomes `JSON.stringify(value)`
 * (a surrounding pair of quotes is consumed, so `"@@LIST@@"` becomes a real array), then `##KEY##`
 * becomes the value as text. Only the mappings file is consulted, never the environment; a marker
 * without a mapping is an error naming it.
 */
export function replaceKeywords(text: string, keywords: Keywords, origin: string): string {
  const missing = new Set<string>();
  const lookup = (key: string) => {
    if (!Object.hasOwn(keywords, key)) {
      missing.add(key);
      return undefined;
    }
    return keywords[key];
  };
  let out = text.replace(new RegExp(`(["']?)@@(${KEY})@@(["']?)`, 'g'), (match, open: string, key: string, close: string) => {
    const value = lookup(key);
    if (value === undefined) return match;
    const json = JSON.stringify(value);
    return open && open === close ? json : `${open}${json}${close}`;
  });
  out = out.replace(new RegExp(`##(${KEY})##`, 'g'), (match, key: string) => {
    const value = lookup(key);
    if (value === undefined) return match;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  if (missing.size > 0) {
    const keys = [...missing];
    throw new CliError(`${origin}: unknown keyword${keys.length > 1 ? 's' : ''} ${keys.join(', ')}: add ${keys.length > 1 ? 'them' : 'it'} to the --keywords file`);
  }
  return out;
}

/** `--keywords FILE`: a JSON or YAML object, or a Deploy CLI config with AUTH0_KEYWORD_REPLACE_MAPPINGS. */
export function readKeywords(file: string | undefined): Keywords {
  if (file === undefined) return {};
  const parsed = parseYaml(readText(file), file);
  if (!isRecord(parsed)) throw new CliError(`${file}: the keywords file must hold an object of KEY: value`);
  const nested = parsed.AUTH0_KEYWORD_REPLACE_MAPPINGS;
  return isRecord(nested) ? nested : parsed;
}

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function parseYaml(text: string, origin: string): unknown {
  try {
    return YAML.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${origin}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${origin}: not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

export const DIRECTORY_FOLDERS = { clients: 'clients', resourceServers: 'resource-servers', clientGrants: 'grants', hooks: 'hooks' } as const;

/** Reads PATH: a `tenant.yaml` (or a folder holding one) or a directory export. */
export function readTenant(target: string, keywords: Keywords): TenantAssets {
  if (isFile(target)) return readYamlTenant(target, keywords);
  if (!isDir(target)) throw new CliError(`Cannot read ${target}: no such file or directory`);
  for (const name of ['tenant.yaml', 'tenant.yml']) {
    if (isFile(path.join(target, name))) return readYamlTenant(path.join(target, name), keywords);
  }
  const present = Object.values(DIRECTORY_FOLDERS).filter((f) => isDir(path.join(target, f)));
  if (present.length === 0) {
    throw new CliError(`${target} holds neither a tenant.yaml nor any of the folders clients/, resource-servers/, grants/, hooks/`);
  }
  return readDirectoryTenant(target, keywords);
}

function jsonFiles(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.json') && isFile(path.join(folder, f)))
    .sort()
    .map((f) => path.join(folder, f));
}

function readDirectoryTenant(root: string, keywords: Keywords): TenantAssets {
  const rel = (p: string) => path.relative(root, p) || p;
  const load = (folder: string): Item[] | null => {
    const dir = path.join(root, folder);
    if (!isDir(dir)) return null;
    return jsonFiles(dir).map((file) => {
      const origin = rel(file);
      const data = parseJson(replaceKeywords(readText(file), keywords, origin), origin);
      if (!isRecord(data)) throw new CliError(`${origin}: expected a JSON object`);
      return { origin, data };
    });
  };
  const hooks = load(DIRECTORY_FOLDERS.hooks);
  for (const hook of hooks ?? []) loadScript(hook, path.join(root, DIRECTORY_FOLDERS.hooks), root, keywords);
  return {
    format: 'directory',
    clients: load(DIRECTORY_FOLDERS.clients),
    resourceServers: load(DIRECTORY_FOLDERS.resourceServers),
    clientGrants: load(DIRECTORY_FOLDERS.clientGrants),
    hooks,
  };
}

function readYamlTenant(file: string, keywords: Keywords): TenantAssets {
  const origin = path.basename(file);
  const doc = parseYaml(replaceKeywords(readText(file), keywords, origin), origin);
  if (!isRecord(doc)) throw new CliError(`${origin}: expected a mapping with clients, resourceServers, clientGrants or hooks`);
  const base = path.dirname(file);
  const list = (key: string): Item[] | null => {
    if (!(key in doc) ) return null;
    const value = doc[key];
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) throw new CliError(`${origin}: ${key} must be a list`);
    return value.map((data: unknown, i) => {
      const where = `${origin} ${key}[${i}]`;
      if (!isRecord(data)) throw new CliError(`${where}: expected a mapping`);
      return { origin: typeof data.name === 'string' ? `${where} (${data.name})` : where, data };
    });
  };
  const hooks = list('hooks');
  for (const hook of hooks ?? []) loadScript(hook, base, base, keywords);
  return { format: 'yaml', clients: list('clients'), resourceServers: list('resourceServers'), clientGrants: list('clientGrants'), hooks };
}

/**
 * A hook's `script`: a path to a side file (relative to `hooks/` in the directory format, to the
 * folder of tenant.yaml in YAML), read with keyword replacement; anything else is inline code.
 */
function loadScript(hook: Item, base: string, root: string, keywords: Keywords) {
  const script = hook.data.script;
  if (typeof script !== 'string' || script.includes('\n') || !/\.js$/i.test(script.trim())) return;
  const file = path.resolve(base, script.trim());
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new CliError(`${hook.origin}: script ${script} is outside the export folder`);
  if (!isFile(file)) throw new CliError(`${hook.origin}: script file ${rel} not found`);
  hook.data = { ...hook.data, script: replaceKeywords(readText(file), keywords, rel) };
  hook.scriptFile = rel;
}

// ---- writing ----

/** sanitize-filename with `-` as replacement, as the Deploy CLI names files; spaces stay. */
export function sanitizeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let out = name.replace(/[/?<>\\:*|"\x00-\x1f\x80-\x9f]/g, '-');
  if (/^\.+$/.test(out)) out = out.replace(/\./g, '-');
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(out)) out = `-${out}`;
  out = out.replace(/[. ]+$/, (m) => '-'.repeat(m.length));
  return out.slice(0, 200) || '-';
}

/** a0deploy's `formatResults` order for YAML records: these keys first, the rest alphabetically. */
const YAML_FIRST_KEYS = ['name', 'client_id', 'audience', 'template', 'identifier', 'strategy', 'script', 'stage', 'id'];

export function yamlOrder(record: Rec): Rec {
  const first = YAML_FIRST_KEYS.filter((k) => k in record);
  const rest = Object.keys(record)
    .filter((k) => !YAML_FIRST_KEYS.includes(k))
    .sort();
  return Object.fromEntries([...first, ...rest].map((k) => [k, record[k]]));
}

export interface ExportData {
  clients: Rec[];
  resourceServers: Rec[];
  /** `client_id` already holds the client's name where known. */
  clientGrants: Rec[];
  /** Each with `script` holding the code. */
  hooks: Rec[];
  /** Audience → API name, for grant file names. */
  apiNames: Map<string, string>;
}

const dumpJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Picks a file name not used yet in this folder (two names may sanitize alike). */
function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** Writes the export; returns the files written, relative to `target`. */
export function writeTenant(target: string, format: 'directory' | 'yaml', data: ExportData): string[] {
  const written: string[] = [];
  const write = (rel: string, text: string) => {
    const file = path.join(target, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(rel);
  };
  fs.mkdirSync(target, { recursive: true });

  if (format === 'directory') {
    // The four folders are the export's own: stale files from an earlier export would come back on import.
    for (const folder of Object.values(DIRECTORY_FOLDERS)) {
      const dir = path.join(target, folder);
      if (!isDir(dir)) continue;
      for (const f of fs.readdirSync(dir)) if (/\.(json|js)$/.test(f) && isFile(path.join(dir, f))) fs.rmSync(path.join(dir, f));
    }
    const emit = (folder: string, records: Rec[], nameOf: (r: Rec) => string) => {
      fs.mkdirSync(path.join(target, folder), { recursive: true });
      const used = new Set<string>();
      for (const r of records) write(path.join(folder, `${uniqueName(sanitizeFileName(nameOf(r)), used)}.json`), dumpJson(r));
    };
    emit(DIRECTORY_FOLDERS.clients, data.clients, (r) => String(r.name));
    emit(DIRECTORY_FOLDERS.resourceServers, data.resourceServers, (r) => String(r.name ?? r.identifier));
    emit(DIRECTORY_FOLDERS.clientGrants, data.clientGrants, (r) => `${String(r.client_id)}-${data.apiNames.get(String(r.audience)) ?? String(r.audience)}`);
    fs.mkdirSync(path.join(target, DIRECTORY_FOLDERS.hooks), { recursive: true });
    const used = new Set<string>();
    for (const hook of data.hooks) {
      const name = uniqueName(sanitizeFileName(String(hook.name)), used);
      write(path.join('hooks', `${name}.js`), String(hook.script));
      write(path.join('hooks', `${name}.json`), dumpJson({ ...hook, script: `./${name}.js` }));
    }
    return written;
  }

  const used = new Set<string>();
  const hooks = data.hooks.map((hook) => {
    const name = uniqueName(sanitizeFileName(String(hook.name)), used);
    write(path.join('hooks', `${name}.js`), String(hook.script));
    return yamlOrder({ ...hook, script: `./hooks/${name}.js` });
  });
  const byKey = (...keys: string[]) => (a: Rec, b: Rec) => {
    for (const k of keys) {
      const c = String(a[k] ?? '').localeCompare(String(b[k] ?? ''));
      if (c !== 0) return c;
    }
    return 0;
  };
  const doc = {
    clients: [...data.clients].sort(byKey('name')).map(yamlOrder),
    resourceServers: [...data.resourceServers].sort(byKey('name')).map(yamlOrder),
    clientGrants: [...data.clientGrants].sort(byKey('client_id', 'audience')).map(yamlOrder),
    hooks: hooks.sort(byKey('name')),
  };
  write('tenant.yaml', YAML.stringify(doc, { lineWidth: 0 }));
  return written;
}
