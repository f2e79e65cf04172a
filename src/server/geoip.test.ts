import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Reader } from 'mmdb-lib';
import { describe, expect, it } from 'vitest';
import { openGeoIpDatabase } from './geoip';
import { PARIS, PARIS_GEOIP, writeMmdb, writeTestGeoIpDb } from './testing-mmdb';

describe('the test MaxMind DB writer', () => {
  it('writes a file mmdb-lib reads', () => {
    const reader = new Reader(writeMmdb({ '127.0.0.0/8': PARIS, '10.0.0.0/8': { a: 'b' } }));
    expect(reader.metadata).toMatchObject({
      databaseType: 'GeoLite2-City',
      ipVersion: 4,
      recordSize: 24,
      binaryFormatMajorVersion: 2,
      languages: ['en'],
      description: { en: 'Tokenhook test database' },
    });
    expect(reader.get('127.0.0.1')).toEqual(PARIS);
    expect(reader.get('127.255.255.255')).toEqual(PARIS);
    expect(reader.get('10.1.2.3')).toEqual({ a: 'b' });
    expect(reader.get('128.0.0.1')).toBeNull();
    expect(reader.get('11.0.0.1')).toBeNull();
  });
});

describe('openGeoIpDatabase', () => {
  const lookup = openGeoIpDatabase(writeTestGeoIpDb());

  it("gives a City record in the names of Auth0's event.request.geoip", () => {
    expect(lookup('127.0.0.1')).toEqual(PARIS_GEOIP);
  });

  it('leaves out what the record lacks', () => {
    expect(lookup('10.0.0.9')).toEqual({
      continentCode: 'NA',
      countryCode: 'US',
      countryCode3: 'USA',
    });
  });

  it('reads IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(lookup('::ffff:127.0.0.1')).toMatchObject({ cityName: 'Paris' });
  });

  it('is empty for unknown addresses, IPv6 in an IPv4 database and non-addresses', () => {
    for (const ip of ['192.0.2.1', '::1', '2001:db8::1', '', 'localhost', '999.1.1.1'])
      expect(lookup(ip), ip).toEqual({});
  });

  it('says why a file cannot be used', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tokenhook-geoip-'));
    expect(() => openGeoIpDatabase(path.join(dir, 'missing.mmdb'))).toThrow(
      /^cannot read .*missing\.mmdb: ENOENT/,
    );
    const text = path.join(dir, 'text.mmdb');
    writeFileSync(text, 'not a database');
    expect(() => openGeoIpDatabase(text)).toThrow(/text\.mmdb is not a MaxMind DB \(\.mmdb\) file/);
  });
});
