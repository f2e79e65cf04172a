/**
 * Reads packuments and tarballs from an npm registry (NPM_CONFIG_REGISTRY). The registry is the
 * server's own configuration, not the hook's, so these requests do not go through the hooks'
 * egress policy; they are bounded in time and size.
 */
import { isPackageName } from '@/shared/hook-modules';
import { ModuleResolutionError } from './resolution-error';

/** The fields of a version's manifest that installing needs. */
export interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  bundleDependencies?: string[] | boolean;
  bundledDependencies?: string[] | boolean;
  dist?: { tarball?: string; integrity?: string; shasum?: string };
}

export interface Packument {
  name: string;
  'dist-tags'?: Record<string, string>;
  versions: Record<string, Manifest>;
}

export interface RegistryOptions {
  /** Base URL with a trailing slash. */
  registry: string;
  /** Per request. */
  timeoutMs?: number;
  maxPackumentBytes?: number;
  maxTarballBytes?: number;
}

async function readCapped(res: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max)
    throw new ModuleResolutionError(`${what} is too large: more than ${max} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > max)
      throw new ModuleResolutionError(`${what} is too large: more than ${max} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export interface RegistryClient {
  packument(name: string): Promise<Packument>;
  tarball(url: string, what: string): Promise<Buffer>;
}

type Limits = Omit<RegistryOptions, 'registry'>;

async function get(
  url: string,
  accept: string,
  what: string,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetch(url, {
      headers: { accept },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
  } catch (err) {
    const reason =
      (err as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : 'the registry cannot be reached';
    throw new ModuleResolutionError(`${what}: ${reason}`);
  }
}

/** Downloads a package tarball; `what` names the package in errors. */
export async function downloadTarball(
  url: string,
  what: string,
  options: Limits = {},
): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ModuleResolutionError(`${what}: the tarball address "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ModuleResolutionError(`${what}: the tarball address must be http: or https:`);
  }
  const res = await get(
    url,
    'application/octet-stream',
    what,
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if (!res.ok)
    throw new ModuleResolutionError(`${what}: downloading the tarball answered ${res.status}`);
  return readCapped(res, options.maxTarballBytes ?? 64 * 1024 * 1024, `the tarball of ${what}`);
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function createRegistryClient(options: RegistryOptions): RegistryClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxPackumentBytes = options.maxPackumentBytes ?? 64 * 1024 * 1024;
  const base = options.registry.endsWith('/') ? options.registry : `${options.registry}/`;

  return {
    async packument(name) {
      if (!isPackageName(name))
        throw new ModuleResolutionError(`"${name}" is not a valid npm package name`);
      // Scoped names keep their @ and escape the slash, as npm does.
      const accept = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8';
      const res = await get(
        `${base}${name.replace('/', '%2f')}`,
        accept,
        `package ${name}`,
        timeoutMs,
      );
      if (res.status === 404)
        throw new ModuleResolutionError(`package ${name} does not exist in the registry`);
      if (!res.ok)
        throw new ModuleResolutionError(`package ${name}: the registry answered ${res.status}`);
      const body = await readCapped(res, maxPackumentBytes, `the registry's document for ${name}`);
      let doc: unknown;
      try {
        doc = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ModuleResolutionError(
          `package ${name}: the registry answered something that is not JSON`,
        );
      }
      const versions = (doc as Partial<Packument> | null)?.versions;
      if (typeof versions !== 'object' || versions === null) {
        throw new ModuleResolutionError(
          `package ${name}: the registry's document lists no versions`,
        );
      }
      return doc as Packument;
    },
    tarball: (url, what) => downloadTarball(url, what, options),
  };
}
