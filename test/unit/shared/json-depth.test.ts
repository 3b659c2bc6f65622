/** The nesting limits for JSON from outside: a linear scan of text and an iterative walk of values. */
import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, jsonTextTooDeep, tooDeepMessage, valueTooDeep } from '@shared/util/json-depth'

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
const objects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`

function nestedValue(depth: number): unknown {
  let value: unknown = []
  for (let i = 1; i < depth; i += 1) value = { a: value }
  return value
}

describe('jsonTextTooDeep', () => {
  it('accepts nesting up to the limit and refuses one level more, for arrays and objects', () => {
    expect(MAX_JSON_DEPTH).toBe(64)
    expect(jsonTextTooDeep(arrays(64))).toBe(false)
    expect(jsonTextTooDeep(arrays(65))).toBe(true)
    expect(jsonTextTooDeep(objects(64))).toBe(false)
    expect(jsonTextTooDeep(objects(65))).toBe(true)
    expect(jsonTextTooDeep(`[1,{"a":[2,3]},[[4]]]`, 3)).toBe(false)
    expect(jsonTextTooDeep(`[1,{"a":[2,3]},[[[4]]]]`, 3)).toBe(true)
  })

  it('scans 100,000 levels without recursing (a frame that would overflow JSON.stringify)', () => {
    expect(jsonTextTooDeep(`[3,"id",${arrays(100_000)}]`)).toBe(true)
    expect(jsonTextTooDeep(`[3,"id",${objects(100_000)}]`)).toBe(true)
  })

  it('does not count brackets inside strings', () => {
    const text = JSON.stringify([2, 'id', 'DataTransfer', { vendorId: 'x', data: '['.repeat(10_000) + '{'.repeat(10_000) }])
    expect(jsonTextTooDeep(text)).toBe(false)
  })

  it('skips escaped quotes and backslashes inside strings', () => {
    // "a\"[[[" is one string; "\\" ends with an escaped backslash, so the quote after it closes the string.
    expect(jsonTextTooDeep(JSON.stringify(['a"' + '['.repeat(100), 'b\\', '['.repeat(100)]), 2)).toBe(false)
    expect(jsonTextTooDeep(`["\\\\",[[1]]]`, 2)).toBe(true)
    expect(jsonTextTooDeep(`["\\"[[",[1]]`, 2)).toBe(false)
  })

  it('leaves validity to JSON.parse: unbalanced text is not its business', () => {
    expect(jsonTextTooDeep(']]]]')).toBe(false)
    expect(jsonTextTooDeep('"unterminated [[[[')).toBe(false)
    expect(jsonTextTooDeep('')).toBe(false)
  })
})

describe('valueTooDeep', () => {
  it('counts the value itself as level 1; scalars have no depth', () => {
    expect(valueTooDeep(nestedValue(64))).toBe(false)
    expect(valueTooDeep(nestedValue(65))).toBe(true)
    expect(valueTooDeep('[[[[')).toBe(false)
    expect(valueTooDeep(null)).toBe(false)
    expect(valueTooDeep({ a: [1, { b: 2 }] }, 3)).toBe(false)
    expect(valueTooDeep({ a: [1, { b: [] }] }, 3)).toBe(true)
  })

  it('walks 100,000 levels iteratively', () => {
    expect(valueTooDeep(nestedValue(100_000))).toBe(true)
  })

  it('a value that contains itself is too deep, and the walk ends', () => {
    const looped: Record<string, unknown> = { a: 1 }
    looped.self = looped
    expect(valueTooDeep(looped)).toBe(true)
    const list: unknown[] = []
    list.push({ back: list })
    expect(valueTooDeep(list)).toBe(true)
  })

  it('shared sub-values cost bounded work (2^60 paths, 60 objects)', () => {
    let shared: unknown = {}
    for (let i = 0; i < 60; i += 1) shared = [shared, shared]
    expect(valueTooDeep(shared)).toBe(false)
    expect(valueTooDeep([[shared]])).toBe(false)
    for (let i = 0; i < 10; i += 1) shared = [shared, shared]
    expect(valueTooDeep(shared)).toBe(true)
  })

  it('says what was refused and how to fix it', () => {
    expect(tooDeepMessage('The request body', 'Send a flatter structure.')).toBe('The request body is nested deeper than 64 levels of arrays and objects: not read. Send a flatter structure.')
    expect(tooDeepMessage('The frame')).toBe('The frame is nested deeper than 64 levels of arrays and objects: not read.')
  })
})
