/**
 * Objects keyed by data: station ids, idTags, configuration keys, upload tokens, file names, list and
 * library ids. Any string is an ordinary key here, `__proto__`, `constructor` and `toString` included.
 *
 * A record made by `idRecord()` has no prototype: reading a key never finds an inherited member, and
 * writing `__proto__` stores an entry instead of replacing the object's prototype. Records that come
 * from elsewhere (JSON from a client or a file, a structuredClone, a spread `{ ...x }`) have
 * Object.prototype again, so reads go through `ownValue` / `hasOwnKey`, which look at own
 * properties only, and writes through `setEntry` / `withEntry`, which never reach a setter.
 * In-memory collections use a Map instead.
 */

declare const prototypeFree: unique symbol

/**
 * A record whose keys are data, made by `idRecord()` (or `withEntry` / `withoutEntry`). The brand
 * exists only for the compiler: a plain `{}` or a spread copy cannot be used where one is expected.
 */
export type IdRecord<T> = Record<string, T> & { readonly [prototypeFree]: true }

type Entries<T> = Iterable<readonly [string, T]>

function isIterable<T>(value: object): value is Entries<T> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
}

/** A record without a prototype, filled from the own enumerable entries of `source` (a record, a Map or entry pairs). */
export function idRecord<T>(source?: Readonly<Record<string, T>> | Entries<T> | null): IdRecord<T> {
  const record = Object.create(null) as IdRecord<T>
  if (source === undefined || source === null) return record
  for (const [key, value] of isIterable<T>(source) ? source : Object.entries(source)) record[key] = value
  return record
}

/** Whether `value` is an object without a prototype (as `idRecord()` makes). */
export function isIdRecord(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === null
}

/** Whether `record` has an entry `key` of its own (inherited members do not count). */
export function hasOwnKey(record: object | null | undefined, key: string): boolean {
  return record !== null && record !== undefined && Object.hasOwn(record, key)
}

/** The entry `key` of `record`, or undefined: never an inherited member such as Object.prototype.toString. */
export function ownValue<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record !== null && record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined
}

/** Stores `value` under `key` as an own entry, whatever the key and whatever the record's prototype. */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
}

/** A prototype-free copy of `record` with `key` set to `value`. */
export function withEntry<T>(record: Readonly<Record<string, T>> | null | undefined, key: string, value: T): IdRecord<T> {
  const copy = idRecord(record)
  copy[key] = value
  return copy
}

/** A prototype-free copy of `record` without `key`. */
export function withoutEntry<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): IdRecord<T> {
  const copy = idRecord(record)
  delete copy[key]
  return copy
}

/**
 * The own key of `record` that equals `key` ignoring case (the exact key first), as stations spell
 * configuration keys in any case.
 */
export function ownKeyIgnoringCase(record: object | null | undefined, key: string): string | undefined {
  if (record === null || record === undefined) return undefined
  if (Object.hasOwn(record, key)) return key
  const lower = key.toLowerCase()
  return Object.keys(record).find((candidate) => candidate.toLowerCase() === lower)
}

/** The entry of `record` whose key equals `key` ignoring case (the exact key first). */
export function ownValueIgnoringCase<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  const found = ownKeyIgnoringCase(record, key)
  return found === undefined ? undefined : record![found]
}
