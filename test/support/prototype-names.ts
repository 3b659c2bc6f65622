/**
 * Strings that name members of Object.prototype (or that JavaScript treats specially): as a station
 * identity, idTag, configuration key, token or file name each must behave like any other string.
 */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf', '__defineGetter__', 'toJSON'] as const

const before = new Map(Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)]))

/**
 * What changed on Object.prototype since this module was loaded (empty when nothing did), and whether
 * a plain object picked up members it should not have.
 */
export function prototypeChanges(): string[] {
  const changes: string[] = []
  const now = Object.getOwnPropertyNames(Object.prototype)
  for (const name of now) {
    const was = before.get(name)
    const is = Object.getOwnPropertyDescriptor(Object.prototype, name)
    if (!was) changes.push(`added ${name}`)
    else if (was.value !== is?.value || was.get !== is?.get || was.set !== is?.set) changes.push(`changed ${name}`)
  }
  for (const name of before.keys()) if (!now.includes(name)) changes.push(`removed ${name}`)
  if (Object.getPrototypeOf(Object.prototype) !== null) changes.push('Object.prototype got a prototype')
  const plain = {} as Record<string, unknown>
  for (const probe of ['polluted', 'id', 'stationId', 'idTag', 'token', 'key', 'value', 'salt', 'hash', 'name', 'path']) {
    if (plain[probe] !== undefined) changes.push(`({}).${probe} is ${String(plain[probe])}`)
  }
  return changes
}

/**
 * Puts Object.prototype back as it was when this module was loaded (after prototypeChanges found a
 * change), so that one polluting case does not fail every later one in the same process.
 */
export function restorePrototype(): void {
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    if (!before.has(name)) Reflect.deleteProperty(Object.prototype, name)
  }
  for (const [name, descriptor] of before) if (descriptor) Object.defineProperty(Object.prototype, name, descriptor)
}
