export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

function sameKind(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return true
  // null clears an optional text (e.g. a chosen host back to automatic); it never replaces a number or an object.
  if (b === null) return typeof a === 'string'
  if (Array.isArray(a)) return Array.isArray(b)
  return typeof a === typeof b && isPlainObject(a) === isPlainObject(b)
}

/**
 * A new object: `patch` laid over `base`, recursing into plain objects. `undefined` in the patch
 * leaves the base value, and so does a value of another kind than the base's (a hand-edited file
 * cannot put a string where a number belongs). Neither argument is modified.
 */
export function deepMerge<T>(base: T, patch: DeepPartial<T> | undefined): T {
  if (patch === undefined || !sameKind(base, patch)) return structuredClone(base)
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch) as T
  const result: Record<string, unknown> = structuredClone(base)
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || key === '__proto__' || key === 'constructor' || key === 'prototype') continue
    // Own members only: a file naming "toString" must not merge into Object.prototype.toString.
    result[key] = Object.hasOwn(result, key) ? deepMerge(result[key], value as never) : structuredClone(value)
  }
  return result as T
}
