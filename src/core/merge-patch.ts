/** A JSON value as `JSON.parse` gives it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON Merge Patch (RFC 7386), what `PATCH` with `application/merge-patch+json` means: objects
 * merge key by key, recursively; `null` removes a key; anything else (arrays included) replaces.
 * @example
 * mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { d: null }, e: [1] }) // { a: 1, b: { c: 2 }, e: [1] }
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
