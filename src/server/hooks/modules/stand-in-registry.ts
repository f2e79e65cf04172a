/**
 * For tests: npm tarballs built in memory (a tiny tar writer and node:zlib) and a registry stand-in
 * on 127.0.0.1 serving packuments and tarballs, so that module tests never need the internet.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface TarInput {
  path: string;
  data?: string | Buffer;
  /** '0' file (default), '5' directory, '1' hard link, '2' symbolic link. */
  type?: '0' | '1' | '2' | '5';
  linkname?: string;
}

function header(name: string, size: number, type: string, linkname: string): Buffer {
  const h = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) =>
    h.write(text, offset, Math.min(Buffer.byteLength(text), length), 'utf8');
  const num = (value: number, offset: number, length: number) =>
    put(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  put(name, 0, 100);
  num(type === '5' ? 0o755 : 0o644, 100, 8);
  num(0, 108, 8);
  num(0, 116, 8);
  num(size, 124, 12);
  num(0, 136, 12);
  h.fill(0x20, 148, 156);
  put(type, 156, 1);
  put(linkname, 157, 100);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

const pad = (data: Buffer) =>
  Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);

/** A gzipped tar archive; names longer than 100 bytes get a pax header. */
export function makeTarGz(entries: TarInput[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? '');
    if (Buffer.byteLength(entry.path) > 100) {
      const record = (len: number) => `${len} path=${entry.path}\n`;
      let len = record(0).length;
      while (record(len).length !== len) len = record(len).length;
      const pax = Buffer.from(record(len));
      blocks.push(header('PaxHeader', pax.length, 'x', ''), pad(pax));
    }
    blocks.push(
      header(
        entry.path.slice(0, 100),
        entry.type === '5' ? 0 : data.length,
        entry.type ?? '0',
        entry.linkname ?? '',
      ),
    );
    if (entry.type !== '5' && data.length) blocks.push(pad(data));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}

export interface StandInPackage {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  /** Files inside `package/`; a package.json is made from name, version and `main` unless given. */
  files?: Record<string, string>;
  main?: string;
  exports?: unknown;
  /** Raw tar entries instead of `files` (for hostile archives). */
  entries?: TarInput[];
  /** Serve these bytes instead of the tarball whose integrity the packument lists. */
  tamperedTarball?: Buffer;
  /** Only a sha1 shasum in the packument, as for packages published before 2017. */
  shasumOnly?: boolean;
}

/** Starts the stand-in on `port` (0: any free one); `requests` records every path asked for. */
export async function startStandInRegistry(
  packages: StandInPackage[],
  distTags: Record<string, Record<string, string>> = {},
  port = 0,
) {
  const requests: string[] = [];
  const tarballs = new Map<string, Buffer>();
  const packuments = new Map<string, unknown>();
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '/');
    requests.push(url);
    const tarball = tarballs.get(url);
    if (tarball) {
      res.setHeader('content-type', 'application/octet-stream');
      res.end(tarball);
      return;
    }
    const packument = packuments.get(url.slice(1));
    if (!packument) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const byName = new Map<string, StandInPackage[]>();
  for (const p of packages) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  for (const [name, list] of byName) {
    const versions: Record<string, unknown> = {};
    for (const p of list) {
      const manifest = {
        name,
        version: p.version,
        main: p.main,
        exports: p.exports,
        dependencies: p.dependencies ?? {},
      };
      const files = { 'package.json': JSON.stringify(manifest), ...p.files };
      const entries =
        p.entries ??
        Object.entries(files).map(([path, data]) => ({ path: `package/${path}`, data }));
      const tgz = makeTarGz(entries);
      const path = `/${name}/-/${name.split('/').pop()}-${p.version}.tgz`;
      tarballs.set(path, p.tamperedTarball ?? tgz);
      const integrity = `sha512-${crypto.createHash('sha512').update(tgz).digest('base64')}`;
      const shasum = crypto.createHash('sha1').update(tgz).digest('hex');
      versions[p.version] = {
        ...manifest,
        dist: { tarball: `${origin}${path}`, shasum, ...(p.shasumOnly ? {} : { integrity }) },
      };
    }
    const latest = list[list.length - 1]!.version;
    packuments.set(name, { name, 'dist-tags': { latest, ...distTags[name] }, versions });
  }
  return {
    url: `${origin}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
