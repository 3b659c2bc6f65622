/** Stored objects are frozen, so a caller holding one cannot change stored state behind a repository. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/** A frozen copy, detached from the caller's object. */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value))
}
