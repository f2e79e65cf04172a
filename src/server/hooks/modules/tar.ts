/**
 * Reads a gzipped tar archive (an npm package tarball) into memory, safely: regular files and
 * directories only, no absolute paths, no `..`, no device files; links are skipped (npm's own
 * extraction skips them too) and refused when they point outside the package. The first path
 * component (`package/` in npm tarballs) is dropped. Formats: ustar, pax (`path`, `size`,
 * `linkpath`) and GNU long names.
 */
import zlib from 'node:zlib';
import { ModuleResolutionError } from './resolution-error';

export interface TarFile {
  /** Relative path inside the package, `/`-separated. */
  path: string;
  data: Buffer;
}

export interface TarLimits {
  /** Bytes after gunzip. */
  maxUnpackedBytes: number;
  maxFiles: number;
}

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number): number {
  const raw = header.subarray(offset, offset + length);
  // Base-256 (GNU) for sizes past 8 GiB: no tarball we accept is that large.
  if ((raw[0] ?? 0) & 0x80) return Number.POSITIVE_INFINITY;
  const text = field(header, offset, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === octal(header, 148, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const length = Number(data.subarray(pos, space).toString());
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, pos + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq !== -1) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += length;
  }
  return out;
}

/** The path without its first component, checked; undefined for the top folder itself. */
function safePath(archivePath: string, tarball: string): string | undefined {
  const parts = archivePath.split('/').filter((p) => p !== '' && p !== '.');
  if (
    archivePath.startsWith('/') ||
    /^[a-zA-Z]:/.test(archivePath) ||
    archivePath.includes('\\') ||
    archivePath.includes('\0')
  ) {
    throw new ModuleResolutionError(
      `${tarball}: the archive holds an unsafe path "${archivePath}"`,
    );
  }
  if (parts.includes('..'))
    throw new ModuleResolutionError(
      `${tarball}: the archive holds a path leaving the package "${archivePath}"`,
    );
  const inside = parts.slice(1);
  return inside.length === 0 ? undefined : inside.join('/');
}

/** The files of a gzipped tar archive; `tarball` names it in errors. */
export function readTarGz(gzipped: Buffer, limits: TarLimits, tarball: string): TarFile[] {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(gzipped, { maxOutputLength: limits.maxUnpackedBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new ModuleResolutionError(
        `${tarball} is too large: more than ${limits.maxUnpackedBytes} bytes unpacked`,
      );
    }
    throw new ModuleResolutionError(`${tarball} is not a gzipped archive`);
  }
  const files: TarFile[] = [];
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  for (let pos = 0; pos + BLOCK <= tar.length;) {
    const header = tar.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header))
      throw new ModuleResolutionError(
        `${tarball} is not a valid tar archive (bad header checksum)`,
      );
    const type = String.fromCharCode(header[156] ?? 0);
    const size = Number(pax.size ?? octal(header, 124, 12));
    const start = pos + BLOCK;
    if (!Number.isSafeInteger(size) || size < 0 || start + size > tar.length) {
      throw new ModuleResolutionError(`${tarball} is not a valid tar archive (truncated)`);
    }
    const data = tar.subarray(start, start + size);
    pos = start + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'K') {
      longLink = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    const prefix = field(header, 345, 155);
    const ustarName =
      field(header, 257, 5) === 'ustar' && prefix
        ? `${prefix}/${field(header, 0, 100)}`
        : field(header, 0, 100);
    const name = pax.path ?? longName ?? ustarName;
    const link = pax.linkpath ?? longLink ?? field(header, 157, 100);
    pax = {};
    longName = undefined;
    longLink = undefined;

    const path = safePath(name, tarball);
    if (type === '1' || type === '2') {
      // Links are not extracted; one that would leave the package is an attack, not a package.
      const base = type === '1' ? [] : (path ?? '').split('/').slice(0, -1);
      const target = link.startsWith('/') ? ['..'] : link.split('/');
      const depth = [...base, ...(type === '1' ? target.slice(1) : target)].reduce(
        (d, part) => (d < 0 ? d : part === '..' ? d - 1 : part === '.' || part === '' ? d : d + 1),
        0,
      );
      if (depth < 0)
        throw new ModuleResolutionError(
          `${tarball}: the archive holds a link leaving the package ("${name}" → "${link}")`,
        );
      continue;
    }
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    if (path === undefined) continue;
    if (files.length >= limits.maxFiles)
      throw new ModuleResolutionError(
        `${tarball} is too large: more than ${limits.maxFiles} files`,
      );
    files.push({ path, data: Buffer.from(data) });
  }
  return files;
}
