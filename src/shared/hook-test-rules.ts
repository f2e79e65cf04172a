/*
 * How a hook test case's expectations compare with a run, in one place: the server decides with
 * these (the verdict and the gate), the console shows its expected-against-actual rows with them.
 */

/** Deep equality of JSON values (object key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && sameJson((a as Record<string, unknown>)[k], rb[k]));
}

/** Two scope lists hold the same scopes, in any order (an absent list holds none). */
export function sameScopes(a: string[] | undefined, b: string[] | undefined): boolean {
  return sameJson([...(a ?? [])].sort(), [...(b ?? [])].sort());
}
