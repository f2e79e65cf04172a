/**
 * The part of npm's semver (https://semver.org, ranges as in https://github.com/npm/node-semver#ranges)
 * that resolving hooks' modules needs: versions, their order, ranges (`^`, `~`, x-ranges, hyphen
 * ranges, comparators, `||`) and the highest version satisfying a range. Prereleases satisfy a
 * range only when a comparator of the same [major, minor, patch] names a prerelease, as in npm.
 */

export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
  text: string;
}

type Op = '<' | '<=' | '>' | '>=' | '=';
interface Comparator {
  op: Op;
  version: Version;
}
/** Alternatives (`||`), each a list of comparators that must all hold; an empty list matches every version. */
export type Range = Comparator[][];

const VERSION =
  /^[=v\s]*(\d{1,15})\.(\d{1,15})\.(\d{1,15})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

const v = (
  major: number,
  minor: number,
  patch: number,
  prerelease: (string | number)[] = [],
): Version => ({
  major,
  minor,
  patch,
  prerelease,
  text: `${major}.${minor}.${patch}${prerelease.length ? `-${prerelease.join('.')}` : ''}`,
});
/** Parses a full version (`1.2.3`, `v1.2.3-beta.1+build`); undefined when it is not one. */
export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  const prerelease = m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : [];
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return v(major, minor, patch, prerelease);
}

function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative, zero or positive as a is lower than, equal to or higher than b (semver.org §11). */
export function compareVersions(a: Version, b: Version): number {
  const main = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (main !== 0) return main;
  if (!a.prerelease.length || !b.prerelease.length)
    return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = compareIds(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

/** The lowest version with this [major, minor, patch]: `<X.Y.Z-0` excludes X.Y.Z's prereleases too. */
const floor = (major: number, minor: number, patch: number) => v(major, minor, patch, [0]);

interface Partial {
  major: number | undefined;
  minor: number | undefined;
  patch: number | undefined;
  prerelease: (string | number)[];
}

const PARTIAL =
  /^v?(\d{1,15}|[xX*])(?:\.(\d{1,15}|[xX*]))?(?:\.(\d{1,15}|[xX*]))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

function parsePartial(text: string): Partial | undefined {
  const m = PARTIAL.exec(text);
  if (!m) return undefined;
  const num = (s: string | undefined) =>
    s === undefined || /^[xX*]$/.test(s) ? undefined : Number(s);
  const major = num(m[1]);
  const minor = major === undefined ? undefined : num(m[2]);
  const patch = minor === undefined ? undefined : num(m[3]);
  const prerelease =
    patch !== undefined && m[4]
      ? m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id))
      : [];
  return { major, minor, patch, prerelease };
}

/** Comparators for one token (`^1.2`, `~1`, `>=1.2.3`, `1.x`); undefined when it is not one. */
function desugar(token: string): Comparator[] | undefined {
  const m = /^(<=|>=|<|>|=|~>|~|\^)?(.*)$/.exec(token);
  const op = m?.[1] ?? '';
  const p = parsePartial(m?.[2] ?? '');
  if (!p) return undefined;
  const { major: M, minor: m2, patch: P, prerelease: pre } = p;
  const ge = (x: Version): Comparator => ({ op: '>=', version: x });
  const lt = (x: Version): Comparator => ({ op: '<', version: x });
  if (M === undefined) {
    // `*`, `x`, `>=*`: any version; `<*` and `>*`: none.
    return op === '<' || op === '>' ? [lt(floor(0, 0, 0))] : [];
  }
  switch (op) {
    case '^':
      if (m2 === undefined) return [ge(v(M, 0, 0)), lt(floor(M + 1, 0, 0))];
      if (P === undefined) {
        return M === 0
          ? [ge(v(0, m2, 0)), lt(floor(0, m2 + 1, 0))]
          : [ge(v(M, m2, 0)), lt(floor(M + 1, 0, 0))];
      }
      if (M > 0) return [ge(v(M, m2, P, pre)), lt(floor(M + 1, 0, 0))];
      if (m2 > 0) return [ge(v(0, m2, P, pre)), lt(floor(0, m2 + 1, 0))];
      return [ge(v(0, 0, P, pre)), lt(floor(0, 0, P + 1))];
    case '~':
    case '~>':
      if (m2 === undefined) return [ge(v(M, 0, 0)), lt(floor(M + 1, 0, 0))];
      return [ge(v(M, m2, P ?? 0, pre)), lt(floor(M, m2 + 1, 0))];
    case '>':
      if (m2 === undefined) return [ge(v(M + 1, 0, 0))];
      if (P === undefined) return [ge(v(M, m2 + 1, 0))];
      return [{ op: '>', version: v(M, m2, P, pre) }];
    case '>=':
      return [ge(v(M, m2 ?? 0, P ?? 0, pre))];
    case '<':
      return [lt(P === undefined ? floor(M, m2 ?? 0, 0) : v(M, m2 ?? 0, P, pre))];
    case '<=':
      if (m2 === undefined) return [lt(floor(M + 1, 0, 0))];
      if (P === undefined) return [lt(floor(M, m2 + 1, 0))];
      return [{ op: '<=', version: v(M, m2, P, pre) }];
    default:
      if (m2 === undefined) return [ge(v(M, 0, 0)), lt(floor(M + 1, 0, 0))];
      if (P === undefined) return [ge(v(M, m2, 0)), lt(floor(M, m2 + 1, 0))];
      return [{ op: '=', version: v(M, m2, P, pre) }];
  }
}

function hyphen(from: string, to: string): Comparator[] | undefined {
  const a = parsePartial(from);
  const b = parsePartial(to);
  if (!a || !b) return undefined;
  const lower: Comparator[] =
    a.major === undefined
      ? []
      : [{ op: '>=', version: v(a.major, a.minor ?? 0, a.patch ?? 0, a.prerelease) }];
  let upper: Comparator[];
  if (b.major === undefined) upper = [];
  else if (b.minor === undefined) upper = [{ op: '<', version: floor(b.major + 1, 0, 0) }];
  else if (b.patch === undefined) upper = [{ op: '<', version: floor(b.major, b.minor + 1, 0) }];
  else upper = [{ op: '<=', version: v(b.major, b.minor, b.patch, b.prerelease) }];
  return [...lower, ...upper];
}

/** Parses a range (`^1.2.3`, `~1.2 || >=3 <4`, `1.2.3 - 2`, `*`, ``); undefined when it is not one. */
export function parseRange(text: string): Range | undefined {
  if (text.length > 256) return undefined;
  const sets: Range = [];
  for (const alternative of text.split('||')) {
    const trimmed = alternative.trim().replace(/(<=|>=|<|>|=|~>|~|\^)\s+/g, '$1');
    const dash = /^(\S+)\s+-\s+(\S+)$/.exec(trimmed);
    if (dash) {
      const set = hyphen(dash[1] ?? '', dash[2] ?? '');
      if (!set) return undefined;
      sets.push(set);
      continue;
    }
    const set: Comparator[] = [];
    for (const token of trimmed === '' ? [] : trimmed.split(/\s+/)) {
      const comparators = desugar(token);
      if (!comparators) return undefined;
      set.push(...comparators);
    }
    sets.push(set);
  }
  return sets;
}

function holds(c: Comparator, version: Version): boolean {
  const d = compareVersions(version, c.version);
  switch (c.op) {
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '=':
      return d === 0;
  }
}

/** Whether the version is in the range. */
export function satisfies(version: Version, range: Range): boolean {
  return range.some((set) => {
    if (!set.every((c) => holds(c, version))) return false;
    if (!version.prerelease.length) return true;
    // A prerelease only matches a comparator that names a prerelease of the same [major, minor, patch].
    return set.some(
      (c) =>
        c.version.prerelease.length > 0 &&
        !(c.version.prerelease.length === 1 && c.version.prerelease[0] === 0 && c.op === '<') &&
        c.version.major === version.major &&
        c.version.minor === version.minor &&
        c.version.patch === version.patch,
    );
  });
}

/** The highest of `versions` in the range, or undefined. */
export function maxSatisfying(versions: string[], range: Range): string | undefined {
  let best: Version | undefined;
  let bestText: string | undefined;
  for (const text of versions) {
    const version = parseVersion(text);
    if (version && satisfies(version, range) && (!best || compareVersions(version, best) > 0)) {
      best = version;
      bestText = text;
    }
  }
  return bestText;
}
