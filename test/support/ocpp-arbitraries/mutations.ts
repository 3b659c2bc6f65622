/**
 * The hostile layer: one mutation of a payload at one of its positions, chosen with the schema in
 * hand. Each mutation says what it did (a note) and what kind it is (tags), so a failure names its
 * cause and KNOWN_FAILURES lists can match kinds.
 *
 * Kinds (tags): wrong-type, missing-required, extra-field, enum-odd, numeric-string, extreme-number,
 * long-string, long-array, large (a part that fills the frame), deep<=64 / deep>64 (by the depth of
 * the whole frame), proto-key, duplicate-key, not-an-object, arbitrary-object.
 */
import fc from 'fast-check'
import { Deep, Long, RawJson, isMarker, toJsonText, withExtraMembers } from './json-text'
import { pointer, setOwn, sitesOf, updateAt, type Path, type SchemaNode, type Site } from './schema-tree'
import { validOf } from './valid'

export interface Mutated {
  value: unknown
  notes: string[]
  tags: string[]
}

export interface MutationOptions {
  /** Weight (out of about 100) of the parts that fill a frame or nest 10,000 levels and more. */
  largeWeight: number
}

/** The frame depth the nesting limit counts: the frame array, then every container down to the value. */
const frameDepth = (path: Path, depth: number): number => 1 + path.length + depth

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !isMarker(value)

const anyJson = fc.jsonValue({ maxDepth: 2 })

/** A value of another JSON type than the schema node wants. */
function wrongTypeFor(node: SchemaNode | undefined): fc.Arbitrary<unknown> {
  const type = node?.type
  const choices: fc.Arbitrary<unknown>[] = []
  if (type !== 'null') choices.push(fc.constant(null))
  if (type !== 'boolean') choices.push(fc.boolean())
  if (type !== 'number' && type !== 'integer') choices.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })))
  if (type === 'integer') choices.push(fc.constantFrom(1.5, -0.25, 3.000001))
  if (type !== 'string' || node?.enum) choices.push(fc.string({ maxLength: 12 }))
  if (type !== 'array') choices.push(fc.array(anyJson, { maxLength: 3 }))
  if (type !== 'object') choices.push(fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3, noNullPrototype: true }))
  return fc.oneof(...choices)
}

const EXTREME_NUMBERS: unknown[] = [1e308, -1e308, new RawJson('-0'), 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, 1e-7, 0.1 + 0.2, 1.5, -1, 1e21, 0.05, -2147483648]
const EXTREME_LITERALS = ['1e999', '-1e999', '9007199254740993', '1.0', '-0.0', '1E+2', '123456789012345678901234567890', '0.00000000000000000000000000001']
const extremeNumber = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...EXTREME_NUMBERS) }, { weight: 1, arbitrary: fc.constantFrom(...EXTREME_LITERALS).map((text) => new RawJson(text)) })

const NUMERIC_STRINGS = (n: number): string[] => [String(n), ` ${n}`, `${n}abc`, '1e3', '0x1F', 'NaN', 'Infinity', '-0', '', '1,5', '١٢', '9007199254740993']

function oddEnum(value: string): fc.Arbitrary<string> {
  return fc.oneof(fc.constantFrom(value.toLowerCase(), value.toUpperCase(), ` ${value}`, `${value} `, '', `Unknown${value}`, `${value}\u0000`, value.replace(/[aeo]/, (c) => ({ a: 'а', e: 'е', o: 'о' })[c]!)), fc.string({ maxLength: 12 }))
}

/** Units of long strings: bytes of one, two and four in UTF-8, JSON escapes, a line separator, a lone surrogate. */
const LONG_STRING_UNITS = ['x', 'é', '𝄞', '"', '\\', '\u0000', '\u2028', '\ud800', 'ab ']

function longCount(largeWeight: number, small: number[]): fc.Arbitrary<number | 'fill'> {
  return fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...small) }, { weight: largeWeight, arbitrary: fc.constant('fill' as const) })
}

interface Candidate {
  weight: number
  arbitrary: fc.Arbitrary<Mutated>
}

/** Every mutation of `value` (valid or already mutated) that its positions allow, weighted. */
export function mutationsOf(value: unknown, root: SchemaNode, options: MutationOptions): fc.Arbitrary<Mutated> {
  const sites = sitesOf(value, root, root).filter((site) => site.path.length === 0 || !isMarker(site.value))
  const objects = sites.filter((site) => isObject(site.value))
  const candidates: Candidate[] = []
  const at = (site: Site, replacement: unknown, note: string, ...tags: string[]): Mutated => ({ value: updateAt(value, site.path, () => replacement), notes: [`${note} at ${pointer(site.path)}`], tags })
  const pick = (list: Site[]) => fc.constantFrom(...list)

  candidates.push({
    weight: 14,
    arbitrary: pick(sites).chain((site) => wrongTypeFor(site.node).map((bad) => at(site, bad, `wrong type ${JSON.stringify(bad)?.slice(0, 60)}`, 'wrong-type'))),
  })

  const requiredMembers = objects.flatMap((site) => (site.node?.required ?? []).filter((key) => Object.hasOwn(site.value as object, key)).map((key) => ({ site, key })))
  if (requiredMembers.length > 0) {
    candidates.push({
      weight: 8,
      arbitrary: fc.constantFrom(...requiredMembers).map(({ site, key }) => ({ value: updateAt(value, [...site.path, key], () => undefined), notes: [`required "${key}" missing at ${pointer(site.path)}`], tags: ['missing-required'] })),
    })
  }

  if (objects.length > 0) {
    const extraKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('extra', 'status', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'toJSON', 'then', '__defineGetter__'))
    candidates.push({
      weight: 8,
      arbitrary: fc.tuple(pick(objects), extraKey, fc.jsonValue({ maxDepth: 3 })).map(([site, key, extra]) => ({
        value: updateAt(value, site.path, (object) => {
          const copy = { ...(object as Record<string, unknown>) }
          setOwn(copy, key, extra)
          return copy
        }),
        notes: [`extra member ${JSON.stringify(key)}: ${JSON.stringify(extra)?.slice(0, 60)} at ${pointer(site.path)}`],
        tags: ['extra-field'],
      })),
    })
    const protoMembers = fc.constantFrom('"__proto__":{"polluted":"yes"}', '"__proto__":{"status":"Accepted","toString":"x","polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}', '"__proto__":null', '"__proto__":[]', '"__proto__":"x"', '"prototype":{"polluted":"yes"}', '"__proto__":{"__proto__":{"polluted":"yes"}}')
    candidates.push({
      weight: 6,
      arbitrary: fc.tuple(pick(objects), protoMembers).map(([site, member]) => ({ value: updateAt(value, site.path, (object) => withExtraMembers(object as Record<string, unknown>, [member])), notes: [`raw member ${member} at ${pointer(site.path)}`], tags: ['proto-key'] })),
    })
    const withKeys = objects.filter((site) => Object.keys(site.value as object).length > 0)
    if (withKeys.length > 0) {
      candidates.push({
        weight: 5,
        arbitrary: pick(withKeys).chain((site) =>
          fc.tuple(fc.constantFrom(...Object.keys(site.value as object)), fc.boolean()).chain(([key, hostileLast]) =>
            wrongTypeFor(site.node?.properties?.[key]).map((bad) => {
              const own = (site.value as Record<string, unknown>)[key]
              // The parser keeps the last of two members with one name: the hostile one, or the valid one after a hostile one.
              const [first, last] = hostileLast ? [own, bad] : [bad, own]
              const replaced = updateAt(value, site.path, (object) => {
                const copy = { ...(object as Record<string, unknown>) }
                setOwn(copy, key, first)
                return withExtraMembers(copy, [`${JSON.stringify(key)}:${toJsonText(last)}`])
              })
              return { value: replaced, notes: [`member "${key}" twice, last ${toJsonText(last).slice(0, 60)} at ${pointer(site.path)}`], tags: ['duplicate-key'] }
            }),
          ),
        ),
      })
    }
  }

  const enums = sites.filter((site) => site.node?.enum && typeof site.value === 'string')
  if (enums.length > 0) {
    candidates.push({ weight: 8, arbitrary: pick(enums).chain((site) => oddEnum(site.value as string).map((odd) => at(site, odd, `enum value ${JSON.stringify(odd)}`, 'enum-odd'))) })
  }

  const numbers = sites.filter((site) => (site.node?.type === 'integer' || site.node?.type === 'number') && typeof site.value === 'number')
  if (numbers.length > 0) {
    candidates.push({ weight: 6, arbitrary: pick(numbers).chain((site) => fc.constantFrom(...NUMERIC_STRINGS(site.value as number)).map((text) => at(site, text, `number as string ${JSON.stringify(text)}`, 'numeric-string'))) })
    candidates.push({ weight: 10, arbitrary: fc.tuple(pick(numbers), extremeNumber).map(([site, extreme]) => at(site, extreme, `extreme number ${extreme instanceof RawJson ? extreme.text : String(extreme)}`, 'extreme-number')) })
  }
  candidates.push({ weight: 2, arbitrary: fc.tuple(pick(sites), extremeNumber).map(([site, extreme]) => at(site, extreme, `extreme number ${extreme instanceof RawJson ? extreme.text : String(extreme)}`, 'extreme-number', 'wrong-type')) })

  const strings = sites.filter((site) => site.node?.type === 'string' && typeof site.value === 'string')
  const stringSites = strings.length > 0 ? strings : sites
  candidates.push({
    weight: 6,
    arbitrary: fc.tuple(pick(stringSites), fc.constantFrom(...LONG_STRING_UNITS)).chain(([site, unit]) =>
      longCount(options.largeWeight, [(site.node?.maxLength ?? 50) + 1, 1000, 70_000]).map((count) => {
        const long = new Long('string', unit, count)
        return at(site, long, long.describe(), 'long-string', ...(count === 'fill' ? ['large'] : []), ...(site.node?.type === 'string' ? [] : ['wrong-type']))
      }),
    ),
  })

  const arrays = sites.filter((site) => Array.isArray(site.value))
  const arraySites = arrays.length > 0 ? arrays : sites
  candidates.push({
    weight: 6,
    arbitrary: pick(arraySites).chain((site) => {
      const items = site.node?.type === 'array' && site.node.items ? validOf(site.node.items, root) : anyJson
      const first = Array.isArray(site.value) && site.value.length > 0 ? fc.constant(site.value[0]) : items
      return fc.tuple(fc.oneof(first, items, anyJson), longCount(options.largeWeight, [100, 5000])).map(([item, count]) => {
        const long = new Long('array', toJsonText(item), count)
        return at(site, long, long.describe(), 'long-array', ...(count === 'fill' ? ['large'] : []), ...(site.node?.type === 'array' || site.node === undefined ? [] : ['wrong-type']))
      })
    }),
  })

  const depth: fc.Arbitrary<{ frame: number } | { levels: number }> = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom<{ frame: number } | { levels: number }>({ frame: 63 }, { frame: 64 }, { frame: 65 }, { levels: 100 }, { levels: 1000 }) },
    { weight: options.largeWeight, arbitrary: fc.constantFrom<{ frame: number } | { levels: number }>({ levels: 10_000 }, { levels: 100_000 }) },
  )
  candidates.push({
    weight: 8,
    arbitrary: fc.tuple(pick(sites), depth, fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array' | 'object' | 'mixed'>, fc.constantFrom('0', '"x"', 'null')).map(([site, wanted, shape, leaf]) => {
      const levels = 'frame' in wanted ? Math.max(1, wanted.frame - 1 - site.path.length) : wanted.levels
      const total = frameDepth(site.path, levels)
      return at(site, new Deep(levels, shape, leaf), `${shape} nesting ${levels} levels (frame depth ${total})`, total > 64 ? 'deep>64' : 'deep<=64', ...(levels >= 10_000 ? ['large'] : []))
    }),
  })

  candidates.push({
    weight: 3,
    arbitrary: fc
      .oneof(fc.constantFrom<unknown>(null, [], '', 0, true, 'Accepted'), fc.constant([value]), anyJson)
      .filter((replacement) => !isObject(replacement))
      .map((replacement) => ({ value: replacement, notes: [`payload replaced by ${toJsonText(replacement).slice(0, 60)}`], tags: ['not-an-object'] })),
  })
  candidates.push({
    weight: 3,
    arbitrary: fc.object({ maxDepth: 3, maxKeys: 5 }).map((object) => ({ value: object, notes: [`payload replaced by an arbitrary object ${JSON.stringify(object).slice(0, 60)}`], tags: ['arbitrary-object'] })),
  })

  return fc.oneof(...candidates)
}

/** `count` mutations in a row, each chosen on the result of the one before. */
export function mutatedTimes(value: unknown, root: SchemaNode, count: number, options: MutationOptions): fc.Arbitrary<Mutated> {
  if (count <= 0) return fc.constant({ value, notes: [], tags: [] })
  return mutationsOf(value, root, options).chain((first) =>
    mutatedTimes(first.value, root, count - 1, options).map((rest) => ({ value: rest.value, notes: [...first.notes, ...rest.notes], tags: [...new Set([...first.tags, ...rest.tags])] })),
  )
}
