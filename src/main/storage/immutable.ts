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
  return plainCopy(value, false) ?? clonedCopy(value)
}

/** A frozen copy, detached from the caller's object (prototype-free records stay so). */
export function frozenCopy<T>(value: T): T {
  return plainCopy(value, true) ?? deepFreeze(clonedCopy(value))
}

function clonedCopy<T>(value: T): T {
  const copy = structuredClone(value)
  keepPrototypeFree(value, copy)
  return copy
}

// ---- plain data: one walk ------------------------------------------------------------------------

/** Deeper than this, a value is copied by structuredClone (no stored record nests so deep). */
const MAX_PLAIN_DEPTH = 200

class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain()

/**
 * Stored records are plain JSON-like data: objects (with Object.prototype or none), arrays and
 * primitives. Such a value is copied (and frozen) in one walk, several times faster than
 * structuredClone, which made storing a 10,000-period composite report take ~20 ms of the event loop
 * (issue 18 §3). Anything else (a Date, a Map, a cycle, very deep nesting) gives undefined, and the
 * caller copies with structuredClone as before. Own enumerable string keys are copied, as
 * structuredClone does; a key named `__proto__` stays an own property.
 */
function plainCopy<T>(value: T, freeze: boolean): T | undefined {
  try {
    return copyNode(value, 0, freeze) as T
  } catch (error) {
    if (error === NOT_PLAIN) return undefined
    throw error
  }
}

function copyNode(value: unknown, depth: number, freeze: boolean): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw NOT_PLAIN
    return value
  }
  if (depth > MAX_PLAIN_DEPTH) throw NOT_PLAIN
  let copy: unknown[] | Record<string, unknown>
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw NOT_PLAIN
    const list = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i += 1) list[i] = copyNode(value[i], depth + 1, freeze)
    copy = list
  } else {
    const proto = Object.getPrototypeOf(value) as unknown
    if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN
    // The copy keeps the original's prototype: none for records keyed by data, Object.prototype otherwise.
    const record = (proto === null ? Object.create(null) : {}) as Record<string, unknown>
    // Object.keys: own enumerable properties only, so no inherited member is read or copied.
    for (const key of Object.keys(value)) {
      const child = copyNode((value as Record<string, unknown>)[key], depth + 1, freeze)
      if (key === '__proto__') Object.defineProperty(record, key, { value: child, enumerable: true, writable: true, configurable: true })
      else record[key] = child
    }
    copy = record
  }
  return freeze ? Object.freeze(copy) : copy
}

// ---- anything else: structuredClone ------------------------------------------------------------

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
