import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeTarGz } from './stand-in-registry';
import { readTarGz } from './tar';

const limits = { maxUnpackedBytes: 1024 * 1024, maxFiles: 100 };
const read = (gz: Buffer, l = limits) => readTarGz(gz, l, 'package x@1.0.0');

describe('readTarGz', () => {
  it('reads regular files without the first path component, long names included', () => {
    const long = `package/${'deep/'.repeat(30)}file.js`;
    const files = read(
      makeTarGz([
        { path: 'package', type: '5' },
        { path: 'package/package.json', data: '{"name":"x"}' },
        { path: 'package/lib/index.js', data: 'module.exports = 1;' },
        { path: long, data: 'long' },
        { path: 'package/lib/inside', type: '2', linkname: 'index.js' },
      ]),
    );
    expect(files.map((f) => [f.path, f.data.toString()])).toEqual([
      ['package.json', '{"name":"x"}'],
      ['lib/index.js', 'module.exports = 1;'],
      [long.slice('package/'.length), 'long'],
    ]);
  });

  it.each([
    [
      [{ path: 'package/../../evil.js', data: 'x' }],
      'the archive holds a path leaving the package "package/../../evil.js"',
    ],
    [
      [{ path: '/etc/cron.d/evil', data: 'x' }],
      'the archive holds an unsafe path "/etc/cron.d/evil"',
    ],
    [[{ path: 'package/..\\..\\evil.js', data: 'x' }], 'the archive holds an unsafe path'],
    [
      [{ path: 'package/link', type: '2' as const, linkname: '../../../etc/passwd' }],
      'the archive holds a link leaving the package',
    ],
    [
      [{ path: 'package/link', type: '2' as const, linkname: '/etc/passwd' }],
      'the archive holds a link leaving the package',
    ],
    [
      [{ path: 'package/hard', type: '1' as const, linkname: 'package/../../x' }],
      'the archive holds a link leaving the package',
    ],
  ])('refuses %j', (entries, message) => {
    expect(() => read(makeTarGz(entries))).toThrow(message);
  });

  it('refuses archives that unpack too large, hold too many files, or are not gzipped tar', () => {
    const big = makeTarGz([{ path: 'package/big.js', data: 'x'.repeat(200_000) }]);
    expect(() => read(big, { maxUnpackedBytes: 100_000, maxFiles: 10 })).toThrow(
      'package x@1.0.0 is too large: more than 100000 bytes unpacked',
    );
    const many = makeTarGz(
      Array.from({ length: 5 }, (_, i) => ({ path: `package/${i}.js`, data: 'x' })),
    );
    expect(() => read(many, { maxUnpackedBytes: 100_000, maxFiles: 4 })).toThrow(
      'package x@1.0.0 is too large: more than 4 files',
    );
    expect(() => read(Buffer.from('plain'))).toThrow('package x@1.0.0 is not a gzipped archive');
    const tar = zlib.gunzipSync(makeTarGz([{ path: 'package/a.js', data: 'x' }]));
    tar[0] = 'q'.charCodeAt(0);
    expect(() => read(zlib.gzipSync(tar))).toThrow(
      'package x@1.0.0 is not a valid tar archive (bad header checksum)',
    );
  });
});
