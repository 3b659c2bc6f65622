import { describe, expect, it } from 'vitest'
import { hasOwnKey, idRecord, isIdRecord, ownKeyIgnoringCase, ownValue, ownValueIgnoringCase, setEntry, withEntry, withoutEntry } from '@shared/util/id-record'
import { PROTOTYPE_NAMES, prototypeChanges } from '../../support/prototype-names'

describe('id records: any string is an ordinary key', () => {
  it('a new record has no prototype and no entries, so no name finds an inherited member', () => {
    const record = idRecord<number>()
    expect(isIdRecord(record)).toBe(true)
    expect(Object.keys(record)).toEqual([])
    for (const name of PROTOTYPE_NAMES) {
      expect(record[name], name).toBeUndefined()
      expect(name in record, name).toBe(false)
      expect(hasOwnKey(record, name)).toBe(false)
    }
  })

  it('stores and reads every name as an own entry, __proto__ included, and serialises it', () => {
    const record = idRecord<string>()
    for (const name of PROTOTYPE_NAMES as readonly string[]) record[name] = `value of ${name}`
    expect(Object.getPrototypeOf(record)).toBeNull()
    expect(Object.keys(record)).toEqual([...PROTOTYPE_NAMES])
    for (const name of PROTOTYPE_NAMES) expect(ownValue(record, name)).toBe(`value of ${name}`)
    const parsed = JSON.parse(JSON.stringify(record)) as Record<string, string>
    expect(Object.keys(parsed)).toEqual([...PROTOTYPE_NAMES])
    expect(prototypeChanges()).toEqual([])
  })

  it('reads only own entries of ordinary objects (JSON from a client, a spread copy)', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "toString": "mine"}') as Record<string, unknown>
    expect(ownValue(parsed, '__proto__')).toEqual({ polluted: 1 })
    expect(ownValue(parsed, 'toString')).toBe('mine')
    for (const name of PROTOTYPE_NAMES.filter((n) => n !== '__proto__' && n !== 'toString')) {
      expect(ownValue(parsed, name), name).toBeUndefined()
      expect(ownValue({}, name), name).toBeUndefined()
    }
    expect(ownValue({}, '__proto__')).toBeUndefined()
    expect(ownValue(undefined, 'x')).toBeUndefined()
    expect(hasOwnKey(null, 'x')).toBe(false)
    expect(prototypeChanges()).toEqual([])
  })

  it('copies from records, Maps and entry lists stay prototype-free; setEntry never reaches a setter', () => {
    const fromJson = JSON.parse('{"__proto__": 1, "constructor": 2}') as Record<string, number>
    for (const copy of [idRecord(fromJson), idRecord(new Map(Object.entries(fromJson))), idRecord(Object.entries(fromJson))]) {
      expect(Object.getPrototypeOf(copy)).toBeNull()
      expect(Object.keys(copy)).toEqual(['__proto__', 'constructor'])
      expect(copy.__proto__).toBe(1)
    }
    const plain: Record<string, unknown> = {}
    setEntry(plain, '__proto__', { polluted: true })
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype)
    expect(Object.keys(plain)).toEqual(['__proto__'])
    const added = withEntry(fromJson, 'toString', 3)
    expect(Object.getPrototypeOf(added)).toBeNull()
    expect(Object.keys(added)).toEqual(['__proto__', 'constructor', 'toString'])
    expect(Object.keys(fromJson)).toEqual(['__proto__', 'constructor'])
    const removed = withoutEntry(added, '__proto__')
    expect(Object.keys(removed)).toEqual(['constructor', 'toString'])
    expect(prototypeChanges()).toEqual([])
  })

  it('finds keys ignoring case among own keys only, the exact key first', () => {
    const keys = idRecord<string>([['HeartbeatInterval', 'a'], ['heartbeatinterval', 'b'], ['Constructor', 'c']])
    expect(ownKeyIgnoringCase(keys, 'heartbeatinterval')).toBe('heartbeatinterval')
    expect(ownKeyIgnoringCase(keys, 'HEARTBEATINTERVAL')).toBe('HeartbeatInterval')
    expect(ownValueIgnoringCase(keys, 'constructor')).toBe('c')
    expect(ownKeyIgnoringCase({}, 'constructor')).toBeUndefined()
    expect(ownKeyIgnoringCase({}, 'toString')).toBeUndefined()
    expect(ownValueIgnoringCase({}, '__proto__')).toBeUndefined()
    expect(ownKeyIgnoringCase(undefined, 'x')).toBeUndefined()
  })
})
