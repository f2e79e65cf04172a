import { describe, expect, it } from 'vitest';
import { compareVersions, maxSatisfying, parseRange, parseVersion, satisfies } from './semver';

const sat = (version: string, range: string) =>
  satisfies(parseVersion(version)!, parseRange(range)!);

describe('versions', () => {
  it('parse and order as semver.org §11 says', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
    ];
    const sorted = [...order]
      .reverse()
      .sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!));
    expect(sorted).toEqual(order);
    expect(parseVersion('v1.2.3+build.5')?.text).toBe('1.2.3');
    expect(parseVersion('1.2')).toBeUndefined();
    expect(parseVersion('latest')).toBeUndefined();
  });
});

describe('ranges', () => {
  it.each([
    ['1.7.9', '1.7.9', true],
    ['1.7.10', '1.7.9', false],
    ['1.9.0', '^1.7.9', true],
    ['2.0.0', '^1.7.9', false],
    ['0.2.9', '^0.2.3', true],
    ['0.3.0', '^0.2.3', false],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.9', '~1', true],
    ['1.2.5', '1.2.x', true],
    ['1.3.0', '1.2', false],
    ['3.1.0', '1 || >=3 <4', true],
    ['2.0.0', '1 || >=3 <4', false],
    ['2.3.9', '1.2.3 - 2.3', true],
    ['2.4.0', '1.2.3 - 2.3', false],
    ['9.9.9', '*', true],
    ['9.9.9', '', true],
    ['1.2.3', '>= 1.2.3', true],
    ['1.2.0', '>1.1', true],
    ['1.1.9', '>1.1', false],
    ['1.9.9', '<=1', true],
    ['2.0.0', '<=1', false],
    ['2.0.0-beta.1', '^1.0.0', false],
    ['1.5.0-beta.1', '^1.0.0', false],
    ['1.5.0-beta.2', '^1.5.0-beta.1', true],
    ['1.6.0-beta.2', '^1.5.0-beta.1', false],
    ['1.6.0', '^1.5.0-beta.1', true],
  ])('%s in %s: %s', (version, range, expected) => {
    expect(sat(version, range)).toBe(expected);
  });

  it.each(['latest', '1.2.3.4', '>>1', 'git+https://example.com/x.git', 'file:../x'])(
    '%s is not a range',
    (range) => {
      expect(parseRange(range)).toBeUndefined();
    },
  );

  it('picks the highest satisfying version', () => {
    const versions = ['1.0.0', '1.6.8', '1.7.9', '1.8.0-beta.1', '2.0.0'];
    expect(maxSatisfying(versions, parseRange('^1.0.0')!)).toBe('1.7.9');
    expect(maxSatisfying(versions, parseRange('~1.6')!)).toBe('1.6.8');
    expect(maxSatisfying(versions, parseRange('>2')!)).toBeUndefined();
  });
});
