/**
 * Valid payloads from a schema: a fast-check arbitrary for every node kind the project's draft-04
 * schemas use (object with required and optional members, array, string with maxLength / enum /
 * `date-time` / `uri`, integer, number with `multipleOf`, boolean). Values stay mostly small and
 * realistic (connector 0-3, short strings) so they reach domain code, with now and then a value at
 * the schema's edges (a string at maxLength, a 32-bit integer).
 */
import fc from 'fast-check'
import { deref, schemaOf, type SchemaName, type SchemaNode } from './schema-tree'

/** Characters of the strings: printable ASCII mostly, and a few that are longer in UTF-16 or UTF-8. */
const textUnit = fc.oneof({ weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '€', '中', '𝄞', '😀') })

function stringOf(maxLength: number | undefined, minLength = 0): fc.Arbitrary<string> {
  const max = maxLength ?? 60
  const small = fc.string({ unit: textUnit, minLength, maxLength: Math.min(max, 24) })
  if (maxLength === undefined) return small
  // At the limit now and then: maxLength counts code points, as Ajv does.
  return fc.oneof({ weight: 9, arbitrary: small }, { weight: 1, arbitrary: fc.constant('k'.repeat(maxLength)) })
}

const dateTime = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((date) => fc.constantFrom(date.toISOString(), date.toISOString().replace(/\.\d{3}Z$/, 'Z'), date.toISOString().replace('Z', '+02:00')))

const uri = fc.oneof(
  fc.webUrl({ validSchemes: ['http', 'https', 'ftp'] }),
  fc.constantFrom('ftp://user:secret@files.example.com:21/diag/', 'http://127.0.0.1:8080/firmware/v2.bin', 'https://example.com/a?b=c#d'),
)

/** Names whose integers are ids, connectors or counts: small most of the time. */
const SMALL_INTEGER_NAMES = /connectorId|numberPhases|retries|stackLevel/
const integer = (name: string): fc.Arbitrary<number> =>
  SMALL_INTEGER_NAMES.test(name)
    ? fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 31 - 1 }) })
    : fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 1000 }) }, { weight: 3, arbitrary: fc.integer({ min: 1000, max: 10_000_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) })

function number(node: SchemaNode): fc.Arbitrary<number> {
  if (node.multipleOf !== undefined) {
    const step = node.multipleOf
    return fc.integer({ min: 0, max: 10_000 }).map((n) => Math.round(n * step * 1e6) / 1e6)
  }
  return fc.oneof(fc.integer({ min: -1000, max: 100_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }))
}

/** An arbitrary of values valid under `node` (a node of the schema `root`); `name` is the member's name. */
export function validOf(node: SchemaNode, root: SchemaNode, name = ''): fc.Arbitrary<unknown> {
  const n = deref(node, root)
  if (n.enum) return fc.constantFrom(...n.enum)
  switch (n.type) {
    case 'object': {
      const properties = n.properties ?? {}
      const model: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, child] of Object.entries(properties)) model[key] = validOf(child, root, key)
      return fc.record(model, { requiredKeys: (n.required ?? []).filter((key) => key in properties), noNullPrototype: true })
    }
    case 'array': {
      if (!n.items) return fc.constant([])
      return fc.array(validOf(n.items, root, name), { minLength: n.minItems ?? 0, maxLength: Math.min(n.maxItems ?? 4, 4) })
    }
    case 'string':
      if (n.format === 'date-time') return dateTime
      if (n.format === 'uri') return uri
      return stringOf(n.maxLength, n.minLength)
    case 'integer':
      return integer(name)
    case 'number':
      return number(n)
    case 'boolean':
      return fc.boolean()
    default:
      throw new Error(`schema node without a type the walker knows: ${JSON.stringify(n).slice(0, 200)}`)
  }
}

const cache = new Map<SchemaName, fc.Arbitrary<Record<string, unknown>>>()

/** Valid payloads of the schema `name` (e.g. `GetConfigurationResponse`). */
export function validPayload(name: SchemaName): fc.Arbitrary<Record<string, unknown>> {
  let arbitrary = cache.get(name)
  if (!arbitrary) {
    const root = schemaOf(name)
    arbitrary = validOf(root, root) as fc.Arbitrary<Record<string, unknown>>
    cache.set(name, arbitrary)
  }
  return arbitrary
}

/** The smallest valid payload of a node: required members only, the first enum value, 0, '' or a fixed date / URI. */
export function minimalOf(node: SchemaNode, root: SchemaNode): unknown {
  const n = deref(node, root)
  if (n.enum) return n.enum[0]
  switch (n.type) {
    case 'object':
      return Object.fromEntries((n.required ?? []).map((key) => [key, minimalOf(n.properties![key]!, root)]))
    case 'array':
      return []
    case 'string':
      return n.format === 'date-time' ? new Date().toISOString() : n.format === 'uri' ? 'http://127.0.0.1/' : ''
    case 'integer':
    case 'number':
      return 0
    case 'boolean':
      return false
    default:
      throw new Error(`schema node without a type the walker knows: ${JSON.stringify(n).slice(0, 200)}`)
  }
}

/** The smallest valid payload of the schema `name`, e.g. `{ status: 'Accepted' }` for `ResetResponse`. */
export function minimalPayload(name: SchemaName): Record<string, unknown> {
  const root = schemaOf(name)
  return minimalOf(root, root) as Record<string, unknown>
}
