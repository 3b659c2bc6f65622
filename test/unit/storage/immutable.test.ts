import { afterEach, describe, expect, it, vi } from 'vitest'
import { deepFreeze, detachedCopy, frozenCopy } from '../../../src/main/storage/immutable'
import { idRecord } from '../../../src/shared/util/id-record'

afterEach(() => vi.restoreAllMocks())

/** Every object in `value` is frozen. */
function deeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen)
}

const report = () => ({
  connectorId: 1,
  status: 'Accepted',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: Array.from({ length: 10_000 }, (_, i) => ({ startPeriod: i * 3, limit: 6 + (i % 26), ...(i % 7 === 0 ? { numberPhases: 3 } : {}) })) },
  truncated: ['a note'],
  missing: undefined,
  nothing: null,
})

describe('stored records are detached, frozen copies', () => {
  it('plain data (a 10,000-period report) is copied in one walk, without structuredClone, equal to what structuredClone made', () => {
    const clone = vi.spyOn(globalThis, 'structuredClone')
    const original = report()
    const copy = frozenCopy(original)
    const detached = detachedCopy(original)
    expect(clone).not.toHaveBeenCalled()
    clone.mockRestore()
    expect(copy).toStrictEqual(structuredClone(original))
    expect(detached).toStrictEqual(structuredClone(original))
    expect(copy).not.toBe(original)
    expect(copy.chargingSchedule.chargingSchedulePeriod[5]).not.toBe(original.chargingSchedule.chargingSchedulePeriod[5])
    expect(deeplyFrozen(copy)).toBe(true)
    expect(Object.isFrozen(detached)).toBe(false)
    expect(Object.isFrozen(original)).toBe(false)
  })

  it('records keyed by data stay prototype-free, and a key named __proto__ stays an own property', () => {
    const record = idRecord<unknown>([['__proto__', { key: '__proto__', value: 'x' }], ['constructor', { key: 'constructor' }], ['K1', { key: 'K1' }]])
    const plain = JSON.parse('{"__proto__":{"polluted":true},"a":[1,{"b":2}]}') as Record<string, unknown>
    for (const copy of [frozenCopy({ keys: record, plain }), detachedCopy({ keys: record, plain })]) {
      expect(Object.getPrototypeOf(copy.keys)).toBeNull()
      expect(Object.keys(copy.keys)).toEqual(['__proto__', 'constructor', 'K1'])
      expect(Object.getOwnPropertyDescriptor(copy.keys, '__proto__')?.value).toEqual({ key: '__proto__', value: 'x' })
      expect(Object.getPrototypeOf(copy.plain)).toBe(Object.prototype)
      expect(Object.hasOwn(copy.plain, '__proto__')).toBe(true)
      expect((copy.plain as { polluted?: unknown }).polluted).toBeUndefined()
      expect(copy.plain.a).toEqual([1, { b: 2 }])
    }
    // In a detached copy it is an ordinary own field: listed, and it can be changed or deleted like any other.
    expect(Object.getOwnPropertyDescriptor(detachedCopy(plain), '__proto__')).toEqual({ value: { polluted: true }, enumerable: true, writable: true, configurable: true })
  })

  it('anything that is not plain data (a Date, a Map) is copied by structuredClone, as before', () => {
    const at = new Date(0)
    const withDate = frozenCopy({ at, map: new Map([[1, 2]]), keys: idRecord([['k', 1]]) })
    expect(withDate.at).toBeInstanceOf(Date)
    expect(withDate.at).not.toBe(at)
    expect(withDate.map.get(1)).toBe(2)
    expect(Object.getPrototypeOf(withDate.keys)).toBeNull()
    const deep = JSON.parse(`${'['.repeat(300)}1${']'.repeat(300)}`) as unknown
    expect(detachedCopy(deep)).toEqual(deep)
    expect(deepFreeze({ a: { b: 1 } }).a).toSatisfy(Object.isFrozen)
  })
})

describe('what a stored record may hold', () => {
  it('a cyclic value is frozen whole without endless recursion', () => {
    const a: Record<string, unknown> = { name: 'a' }
    const b: Record<string, unknown> = { name: 'b', a }
    a.b = b
    expect(deepFreeze(a)).toBe(a)
    expect(Object.isFrozen(a) && Object.isFrozen(b)).toBe(true)
  })

  it('a function or a symbol cannot be stored: copying one fails as structuredClone does', () => {
    for (const copy of [frozenCopy, detachedCopy]) {
      expect(() => copy({ run: () => 1 })).toThrow(expect.objectContaining({ name: 'DataCloneError' }) as Error)
      expect(() => copy({ list: [Symbol('s')] })).toThrow(expect.objectContaining({ name: 'DataCloneError' }) as Error)
    }
  })

  it('prototype-free records stay so inside anything structuredClone copies: in lists and in nested objects', () => {
    const keys = idRecord([['k', { v: 1 }]])
    const copy = frozenCopy({ at: new Date(0), list: [1, keys], nested: { keys }, none: null })
    expect(Object.getPrototypeOf(copy.list[1])).toBeNull()
    expect(Object.getPrototypeOf(copy.nested.keys)).toBeNull()
    expect(Object.getPrototypeOf(copy.nested)).toBe(Object.prototype)
    expect(copy.list[1]).not.toBe(keys)
    expect(deeplyFrozen(copy)).toBe(true)
    const detached = detachedCopy({ at: new Date(0), list: [keys] })
    expect(Object.getPrototypeOf(detached.list[0])).toBeNull()
    expect(Object.isFrozen(detached.list)).toBe(false)
  })
})
