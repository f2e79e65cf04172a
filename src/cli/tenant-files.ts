/**
 * Auth0 Deploy CLI (`a0deploy`) tenant files on disk: PATH read into the shared parser
 * (`@/shared/tenant/parse`, which the console runs on an upload) and exports written the way
 * `a0deploy export` writes them (https://github.com/auth0/auth0-deploy-cli).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DIRECTORY_FOLDERS, type TenantFiles } from '@/shared/tenant/files';
import {
  parseKeywords,
  parseTenant,
  type Keywords,
  type Rec,
  type TenantAssets,
  type TenantTerms,
} from '@/shared/tenant/parse';
import { CliError } from './errors';

/** The CLI's words in shared messages. */
export const cliTerms: TenantTerms = {
  keywordsFile: 'the --keywords file',
  allowDelete: '--allow-delete',
};

/** `--keywords FILE`: a JSON or YAML object, or a Deploy CLI config with AUTH0_KEYWORD_REPLACE_MAPPINGS. */
export function readKeywords(file: string | undefined): Keywords {
  if (file === undefined) return {};
  return parseKeywords(readText(file), file);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
}

const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

/** The files under `root`, read when the parser asks for them. */
function diskFiles(root: string): TenantFiles {
  return {
    read: (rel) => {
      const file = path.join(root, rel);
      return isFile(file) ? readText(file) : undefined;
    },
    list: (rel) => {
      const dir = path.join(root, rel);
      return isDir(dir) ? fs.readdirSync(dir).filter((f) => isFile(path.join(dir, f))) : undefined;
    },
  };
}

/** Reads PATH: a `tenant.yaml` (or a folder holding one) or a directory export. */
export function readTenant(target: string, keywords: Keywords): TenantAssets {
  const opts = { keywords, terms: cliTerms, name: target };
  if (isFile(target))
    return parseTenant(diskFiles(path.dirname(target)), { ...opts, entry: path.basename(target) });
  if (!isDir(target)) throw new CliError(`Cannot read ${target}: no such file or directory`);
  return parseTenant(diskFiles(target), opts);
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
const YAML_FIRST_KEYS = [
  'name',
  'client_id',
  'audience',
  'template',
  'identifier',
  'strategy',
  'script',
  'stage',
  'id',
];

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
export function writeTenant(
  target: string,
  format: 'directory' | 'yaml',
  data: ExportData,
): string[] {
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
      for (const f of fs.readdirSync(dir))
        if (/\.(json|js)$/.test(f) && isFile(path.join(dir, f))) fs.rmSync(path.join(dir, f));
    }
    const emit = (folder: string, records: Rec[], nameOf: (r: Rec) => string) => {
      fs.mkdirSync(path.join(target, folder), { recursive: true });
      const used = new Set<string>();
      for (const r of records)
        write(
          path.join(folder, `${uniqueName(sanitizeFileName(nameOf(r)), used)}.json`),
          dumpJson(r),
        );
    };
    emit(DIRECTORY_FOLDERS.clients, data.clients, (r) => String(r.name));
    emit(DIRECTORY_FOLDERS.resourceServers, data.resourceServers, (r) =>
      String(r.name ?? r.identifier),
    );
    emit(
      DIRECTORY_FOLDERS.clientGrants,
      data.clientGrants,
      (r) =>
        `${String(r.client_id)}-${data.apiNames.get(String(r.audience)) ?? String(r.audience)}`,
    );
    fs.mkdirSync(path.join(target, DIRECTORY_FOLDERS.hooks), { recursive: true });
    const used = new Set<string>();
    for (const hook of data.hooks) {
      const name = uniqueName(sanitizeFileName(String(hook.name)), used);
      write(path.join(DIRECTORY_FOLDERS.hooks, `${name}.js`), String(hook.script));
      write(
        path.join(DIRECTORY_FOLDERS.hooks, `${name}.json`),
        dumpJson({ ...hook, script: `./${name}.js` }),
      );
    }
    return written;
  }

  const used = new Set<string>();
  const hooks = data.hooks.map((hook) => {
    const name = uniqueName(sanitizeFileName(String(hook.name)), used);
    write(path.join('hooks', `${name}.js`), String(hook.script));
    return yamlOrder({ ...hook, script: `./hooks/${name}.js` });
  });
  const byKey =
    (...keys: string[]) =>
    (a: Rec, b: Rec) => {
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
