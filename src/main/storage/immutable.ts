/** Stored objects are frozen, so a caller holding one cannot change stored state behind a repository. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/**
 * A copy detached from the caller's object. Records keyed by data (ids, configuration keys) are
 * made without a prototype (see id-record.ts); structuredClone would give them Object.prototype
 * back, so the copy keeps every prototype-free object prototype-free.
 */
export function detachedCopy<T>(value: T): T {
  const copy = structuredClone(value)
  keepPrototypeFree(value, copy)
  return copy
}

/** A frozen copy, detached from the caller's object (prototype-free records stay so). */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(detachedCopy(value))
}

function keepPrototypeFree(original: unknown, copy: unknown): void {
  if (original === null || typeof original !== 'object' || copy === null || typeof copy !== 'object') return
  if (Array.isArray(original)) {
    for (let i = 0; i < original.length; i += 1) keepPrototypeFree(original[i], (copy as unknown[])[i])
    return
  }
  const proto = Object.getPrototypeOf(original) as unknown
  if (proto === null) Object.setPrototypeOf(copy, null)
  else if (proto !== Object.prototype) return // Dates, Maps and the like: as structuredClone made them
  // Object.keys names own properties only, so these reads never reach an inherited member.
  for (const key of Object.keys(original)) keepPrototypeFree((original as Record<string, unknown>)[key], (copy as Record<string, unknown>)[key])
}
