/**
 * Settings read from a file are laid over the defaults with deepMerge: what the file names replaces
 * the default, what it leaves out (or gives with another kind of value) keeps the default, and
 * nothing the file says reaches a prototype or the objects passed in.
 */
import { describe, expect, it } from 'vitest'
import { deepMerge } from '../../../src/main/storage/deep-merge'

describe('laying stored settings over the defaults', () => {
  it('a nested value replaces the default; its siblings keep theirs; the result is a new object', () => {
    const base = { ocpp: { heartbeatIntervalSec: 300, lenient: false }, files: { maxUploadMb: 256 } }
    const merged = deepMerge(base, { ocpp: { heartbeatIntervalSec: 60 } })
    expect(merged).toEqual({ ocpp: { heartbeatIntervalSec: 60, lenient: false }, files: { maxUploadMb: 256 } })
    expect(merged).not.toBe(base)
    expect(merged.ocpp).not.toBe(base.ocpp)
    expect(merged.files).not.toBe(base.files)
    expect(base.ocpp.heartbeatIntervalSec).toBe(300)
  })

  it('no patch, or an undefined member, keeps the defaults (as a copy)', () => {
    const base = { ocpp: { heartbeatIntervalSec: 300 } }
    const kept = deepMerge(base, undefined)
    expect(kept).toEqual(base)
    expect(kept).not.toBe(base)
    expect(deepMerge(base, { ocpp: { heartbeatIntervalSec: undefined } })).toEqual(base)
    // An undefined member the defaults lack is not added as a key either.
    expect(Object.keys(deepMerge<Record<string, unknown>>({ a: 1 }, { b: undefined }))).toEqual(['a'])
    expect(deepMerge<string | null>(null, undefined)).toBeNull()
  })

  it('a value of another kind than the default is ignored: a string for a number, a list for an object, an object for a list', () => {
    const base = { n: 1, o: { a: 1 }, list: ['x'], flag: true }
    expect(deepMerge(base, { n: '5' as unknown as number })).toEqual(base)
    expect(deepMerge(base, { o: [1] as unknown as { a: number } })).toEqual(base)
    expect(deepMerge(base, { list: { 0: 'y' } as unknown as string[] })).toEqual(base)
    expect(deepMerge(base, { flag: 'yes' as unknown as boolean })).toEqual(base)
    expect(deepMerge(base, 'junk' as never)).toEqual(base)
  })

  it('a list replaces the default list whole, as a copy of the stored one', () => {
    const stored = ['a.example', 'b.example']
    const merged = deepMerge({ hosts: ['default'] }, { hosts: stored })
    expect(merged.hosts).toEqual(stored)
    expect(merged.hosts).not.toBe(stored)
  })

  it('a default that is unset (undefined or null) takes whatever the file has', () => {
    const base = { host: null as string | null, extra: undefined as unknown }
    expect(deepMerge(base, { host: 'csms.local', extra: { a: 1 } })).toEqual({ host: 'csms.local', extra: { a: 1 } })
  })

  it('a member the defaults do not have is added, as a copy', () => {
    const added = { deep: 1 }
    const merged = deepMerge<Record<string, unknown>>({ a: 1 }, { b: added })
    expect(merged).toEqual({ a: 1, b: { deep: 1 } })
    expect(merged.b).not.toBe(added)
  })

  it('prototype-free objects merge like plain ones', () => {
    const base = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: 2 })
    const patch = Object.assign(Object.create(null) as Record<string, unknown>, { b: 3 })
    expect({ ...deepMerge(base, patch) }).toEqual({ a: 1, b: 3 })
    expect(deepMerge({ o: base }, { o: patch }).o).toMatchObject({ a: 1, b: 3 })
  })

  it('"__proto__", "constructor" and "prototype" in a file are skipped; "toString" becomes an own member, not a change to Object.prototype', () => {
    const patch = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":{"polluted":true},"toString":{"x":1},"ok":2}') as Record<string, unknown>
    const merged = deepMerge<Record<string, unknown>>({ ok: 1 }, patch)
    expect(merged).toEqual({ ok: 2, toString: { x: 1 } })
    expect(Object.hasOwn(merged, 'constructor')).toBe(false)
    expect(Object.hasOwn(merged, 'prototype')).toBe(false)
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(typeof Object.prototype.toString).toBe('function')
  })

  it('an object that is not plain data (a Date) is not merged into: it is kept unless the file has the same kind', () => {
    const when = new Date(0)
    const kept = deepMerge({ when }, { when: { getTime: 5 } as unknown as Date }).when
    expect(kept).toBeInstanceOf(Date)
    expect(Object.keys(kept)).toEqual([])
    expect(kept.getTime()).toBe(0)
    expect(deepMerge({ o: { a: 1 } }, { o: new Date(5) as unknown as { a: number } }).o).toEqual({ a: 1 })
    expect(deepMerge({ list: ['x'] }, { list: new Map() as unknown as string[] }).list).toEqual(['x'])
  })
})
