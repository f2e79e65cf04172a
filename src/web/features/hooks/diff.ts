/** One side of the diff: the editor's draft, what runs now, or a numbered version. */
export type DiffSide = { kind: 'draft' } | { kind: 'live' } | { kind: 'version'; number: number };

/** A `<select>` value for a side, and back. */
export function sideKey(side: DiffSide): string {
  return side.kind === 'version' ? `v${side.number}` : side.kind;
}

export function parseSideKey(key: string): DiffSide {
  if (key === 'draft' || key === 'live') return { kind: key };
  return { kind: 'version', number: Number(key.slice(1)) };
}

export function sideLabel(side: DiffSide, liveNumber?: number): string {
  if (side.kind === 'draft') return 'Draft';
  if (side.kind === 'live')
    return liveNumber === undefined ? 'Live' : `Live (version ${liveNumber})`;
  return `Version ${side.number}`;
}

/** "26 Nov 2026, 19:10": when a version was made, in the reader's locale. */
export function versionTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
