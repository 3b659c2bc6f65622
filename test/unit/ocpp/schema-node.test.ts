/** Walking the project's schemas (schema-node.ts): local references only, never a prototype name. */
import { describe, expect, it } from 'vitest'
import { isPlainObject, pointerToken, resolve, type Schema } from '../../../src/main/ocpp/schema-node'

describe('resolving a schema reference', () => {
  // `undefined` and a name 14 characters into a ref (the length of "#/definitions/") catch a reader that skips the prefix check.
  const root: Schema = { definitions: { Period: { type: 'object' }, undefined: { type: 'string' } } }

  it('a schema without $ref is itself; #/definitions/<name> is that definition', () => {
    const plain: Schema = { type: 'string' }
    expect(resolve(plain, root)).toBe(plain)
    expect(resolve({ $ref: '#/definitions/Period' }, root)).toBe(root.definitions!.Period)
  })

  it('a reference to anything else, a missing definition or a prototype name is an error naming it', () => {
    for (const ref of ['#/properties//Period', 'undefined', '#/definitions/Missing', 'other.json#/definitions/Period', '#/properties/Period', '#/definitions/constructor', '#/definitions/__proto__', '#/definitions/toString']) {
      expect(() => resolve({ $ref: ref }, root), ref).toThrow(`schema reference ${ref} not found`)
    }
    expect(() => resolve({ $ref: '#/definitions/Period' }, {})).toThrow('schema reference #/definitions/Period not found')
  })
})

describe('schema-node helpers', () => {
  it('a plain object is neither null nor an array', () => {
    expect(isPlainObject({})).toBe(true)
    expect(isPlainObject(null)).toBe(false)
    expect(isPlainObject([])).toBe(false)
    expect(isPlainObject('x')).toBe(false)
  })

  it('a JSON-pointer token escapes ~ before /', () => {
    expect(pointerToken('a/b~c')).toBe('a~1b~0c')
    expect(pointerToken('~1')).toBe('~01')
    expect(pointerToken('//')).toBe('~1~1')
  })
})
