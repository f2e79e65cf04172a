/**
 * Test support: writes small MaxMind DB files (https://maxmind.github.io/MaxMind-DB/), IPv4 only
 * with 24-bit records. Only tests import this file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** An unsigned integer of the given MaxMind DB type; plain JS numbers are written as doubles. */
class Uint {
  constructor(
    readonly value: number,
    readonly type: 5 | 6 | 9,
  ) {}
}
export const uint16 = (value: number) => new Uint(value, 5);
export const uint32 = (value: number) => new Uint(value, 6);
export const uint64 = (value: number) => new Uint(value, 9);

/** Control byte(s) of a field: type in the top 3 bits (extended types in a byte after), then size. */
function control(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let sizeBits: number;
  const extra: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 285) {
    sizeBits = 29;
    extra.push(size - 29);
  } else {
    sizeBits = 30;
    extra.push((size - 285) >> 8, (size - 285) & 0xff);
  }
  if (type <= 7) bytes.push((type << 5) | sizeBits);
  else bytes.push(sizeBits, type - 7);
  return Buffer.from([...bytes, ...extra]);
}

/** One value in the data section format. */
export function encodeMmdbValue(value: unknown): Buffer {
  if (value instanceof Uint) {
    const bytes: number[] = [];
    for (let v = value.value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    return Buffer.concat([control(value.type, bytes.length), Buffer.from(bytes)]);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'number') {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), bytes]);
  }
  if (Array.isArray(value)) {
    return Buffer.concat([control(11, value.length), ...value.map(encodeMmdbValue)]);
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return Buffer.concat([
      control(7, entries.length),
      ...entries.flatMap(([k, v]) => [encodeMmdbValue(k), encodeMmdbValue(v)]),
    ]);
  }
  throw new Error(`cannot encode ${typeof value}`);
}

interface TreeNode {
  /** Child per bit: a node, a data record's index, or nothing. */
  children: [TreeNode | number | undefined, TreeNode | number | undefined];
}

/** A MaxMind DB file mapping each IPv4 network (`10.0.0.0/8`) to its record. */
export function writeMmdb(
  networks: Record<string, Record<string, unknown>>,
  databaseType = 'GeoLite2-City',
): Buffer {
  const records = Object.values(networks);
  const root: TreeNode = { children: [undefined, undefined] };
  Object.keys(networks).forEach((cidr, index) => {
    const [address, bits] = cidr.split('/');
    const prefix = Number(bits);
    const value = address!.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
    let node = root;
    for (let depth = 0; depth < prefix; depth++) {
      const bit = Math.floor(value / 2 ** (31 - depth)) % 2;
      if (depth === prefix - 1) node.children[bit] = index;
      else {
        const next = node.children[bit];
        if (typeof next === 'object') node = next;
        else node = node.children[bit] = { children: [undefined, undefined] };
      }
    }
  });
  const nodes: TreeNode[] = [];
  (function number(node: TreeNode) {
    nodes.push(node);
    for (const child of node.children) if (typeof child === 'object') number(child);
  })(root);

  const data = records.map(encodeMmdbValue);
  const offsets = data.map((_, i) => data.slice(0, i).reduce((n, b) => n + b.length, 0));
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  nodes.forEach((node, i) => {
    node.children.forEach((child, side) => {
      // A record is a node number, a data section offset (+ node count + 16), or the node count (none).
      const record =
        typeof child === 'object'
          ? nodes.indexOf(child)
          : child === undefined
            ? nodeCount
            : nodeCount + 16 + offsets[child]!;
      tree.writeUIntBE(record, i * 6 + side * 3, 3);
    });
  });
  const metadata = encodeMmdbValue({
    node_count: uint32(nodeCount),
    record_size: uint16(24),
    ip_version: uint16(4),
    database_type: databaseType,
    languages: ['en'],
    binary_format_major_version: uint16(2),
    binary_format_minor_version: uint16(0),
    build_epoch: uint64(1_700_000_000),
    description: { en: 'Tokenhook test database' },
  });
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...data,
    Buffer.from('\xAB\xCD\xEFMaxMind.com', 'latin1'),
    metadata,
  ]);
}

/** A GeoLite2-City record, as MaxMind ships them. */
export const PARIS = {
  city: { geoname_id: 2988507, names: { en: 'Paris', fr: 'Paris' } },
  continent: { code: 'EU', names: { en: 'Europe' } },
  country: { iso_code: 'FR', names: { en: 'France', de: 'Frankreich' } },
  location: { latitude: 48.8566, longitude: 2.3522, time_zone: 'Europe/Paris' },
  subdivisions: [{ iso_code: 'IDF', names: { en: 'Île-de-France' } }],
};

/** PARIS as Auth0's event.request.geoip names it: what a hook reads for 127.0.0.0/8. */
export const PARIS_GEOIP = {
  cityName: 'Paris',
  continentCode: 'EU',
  countryCode: 'FR',
  countryCode3: 'FRA',
  countryName: 'France',
  latitude: 48.8566,
  longitude: 2.3522,
  subdivisionCode: 'IDF',
  subdivisionName: 'Île-de-France',
  timeZone: 'Europe/Paris',
};

/** A database file knowing 127.0.0.0/8 (Paris) and 10.0.0.0/8 (a country only). */
export function writeTestGeoIpDb(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tokenhook-geoip-')), 'city.mmdb');
  writeFileSync(
    file,
    writeMmdb({
      '127.0.0.0/8': PARIS,
      '10.0.0.0/8': { continent: { code: 'NA' }, country: { iso_code: 'US' } },
    }),
  );
  return file;
}
