// A hook's result crosses from the guest to the host as one JSON string. These checks and the
// decode never recurse, so no nesting depth can overflow a host stack.

/** Deepest nesting of arrays/objects a result may have (the guest checks it too, before serialising). */
export const MAX_RESULT_DEPTH = 100;

/** The nesting depth of a JSON text (strings skipped), counted with a loop. */
export function jsonDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export function tooDeep(max = MAX_RESULT_DEPTH): string {
  return `The hook result is nested too deeply (more than ${max} levels of objects and arrays)`;
}

/**
 * Parses a result JSON text. V8's JSON.parse does not recurse; the `"__proto__"` keys it makes own
 * properties are then removed with an explicit stack (a consumer doing Object.assign(target, value)
 * would otherwise swap target's prototype). Throws on bad JSON or excessive depth.
 */
export function decodeResult(json: string): unknown {
  if (jsonDepth(json) > MAX_RESULT_DEPTH) throw new RangeError(tooDeep());
  const value: unknown = JSON.parse(json);
  if (!json.includes('"__proto__"')) return value;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Object.prototype.hasOwnProperty.call(v, '__proto__'))
      delete (v as Record<string, unknown>).__proto__;
    for (const child of Object.values(v))
      if (child !== null && typeof child === 'object') stack.push(child);
  }
  return value;
}
