/**
 * Where the files of a tenant export come from, without a file system: the CLI reads them from
 * disk, the console from an uploaded zip or tenant.yaml. Paths are relative to the export's root
 * and separated by '/'.
 */
import { unzipSync } from 'fflate';
import { TenantError } from './errors';

export interface TenantFiles {
  /** The text of the file at `path`, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** The names of the files directly in `folder` ('' is the root), or undefined when there is no such folder. */
  list(folder: string): string[] | undefined;
}

/** The Deploy CLI's folder per resource type in the directory format. */
export const DIRECTORY_FOLDERS = {
  clients: 'clients',
  resourceServers: 'resource-servers',
  clientGrants: 'grants',
  hooks: 'hooks',
} as const;

/** Files held in memory (path → text). */
export function fileMap(files: ReadonlyMap<string, string>): TenantFiles {
  return {
    read: (path) => files.get(path),
    list: (folder) => {
      const prefix = folder === '' ? '' : `${folder}/`;
      const names = [...files.keys()]
        .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
        .map((p) => p.slice(prefix.length));
      const isFolder = folder === '' || [...files.keys()].some((p) => p.startsWith(prefix));
      return isFolder ? names : undefined;
    },
  };
}

/**
 * `relative` seen from the folder `base`, as a path from the root; undefined when it leaves the
 * root (`../` too far, or an absolute path: an export names its side files relative to itself).
 */
export function resolveInside(base: string, relative: string): string | undefined {
  if (relative.startsWith('/') || /^[A-Za-z]:[\\/]/.test(relative)) return undefined;
  const parts = base === '' ? [] : base.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.join('/');
}

/** The text files an export holds: resources, hook code, tenant.yaml. */
const EXPORT_FILE = /\.(json|js|ya?ml)$/i;
/** Uncompressed, all files together: far above any tenant, far below what hangs a browser tab. */
const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;

/**
 * The export files of a zip, relative to the export's root: the shallowest folder holding a
 * tenant.yaml or one of the Deploy CLI folders, so zipping the export folder itself (one top
 * folder) and zipping its contents read alike. macOS's `__MACOSX/` copies are skipped.
 */
export function unzipExport(zip: Uint8Array, name: string): Map<string, string> {
  let entries: Record<string, Uint8Array>;
  let total = 0;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        if (
          file.name.endsWith('/') ||
          file.name.startsWith('__MACOSX/') ||
          !EXPORT_FILE.test(file.name)
        )
          return false;
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES)
          throw new TenantError(
            `${name}: more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB of export files once unzipped`,
          );
        return true;
      },
    });
  } catch (err) {
    if (err instanceof TenantError) throw err;
    throw new TenantError(
      `${name}: not a zip file (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const decoder = new TextDecoder();
  const unzipped = Object.entries(entries).map(
    ([path, bytes]) => [path.replace(/\\/g, '/'), bytes] as const,
  );
  const depth = (folder: string) => (folder === '' ? 0 : folder.split('/').length);
  let root: string | undefined;
  for (const [path] of unzipped) {
    const folder = exportRootOf(path);
    if (folder !== undefined && (root === undefined || depth(folder) < depth(root))) root = folder;
  }
  const prefix = root ? `${root}/` : '';
  const files = new Map<string, string>();
  for (const [path, bytes] of unzipped) {
    if (path.startsWith(prefix)) files.set(path.slice(prefix.length), decoder.decode(bytes));
  }
  return files;
}

/** The root of the export `path` belongs to, if it is a tenant.yaml or a file in a Deploy CLI folder. */
function exportRootOf(path: string): string | undefined {
  const segments = path.split('/');
  const file = segments.length - 1;
  if (/^tenant\.ya?ml$/.test(segments[file]!)) return segments.slice(0, file).join('/');
  if (file >= 1 && (Object.values(DIRECTORY_FOLDERS) as string[]).includes(segments[file - 1]!))
    return segments.slice(0, file - 1).join('/');
  return undefined;
}
