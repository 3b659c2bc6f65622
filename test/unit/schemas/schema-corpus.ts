/**
 * Builds a corpus of test documents for one OCPP payload schema by walking it: a minimal and a
 * maximal valid document, then variants of both at every node (missing required fields, wrong JSON
 * types, values outside enums, strings at and past maxLength, unknown properties, bad date-times
 * and URIs, non-integers, non-multiples of 0.1, empty and mixed arrays, ...).
 *
 * Each document may carry the verdict it must get (`expect`), where that follows from the schema
 * alone; the format and multipleOf edge cases carry none, only the two schema sets must agree.
 */
import { deref, type SchemaNode } from '../../support/ocpp-arbitraries/schema-tree'

export type { SchemaNode }

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface CorpusDoc {
  doc: Json
  /** What the variant is, e.g. "/idTag maxLength+1". */
  note: string
  /** The verdict the document must get, when the schema alone decides it. */
  expect?: boolean
}

type Path = (string | number)[]
type Mode = 'min' | 'max'

/** JSON text with object keys sorted: two documents that differ only in key order get the same key. */
export function canonical(doc: Json): string {
  if (Array.isArray(doc)) return `[${doc.map(canonical).join(',')}]`
  if (doc !== null && typeof doc === 'object') {
    const keys = Object.keys(doc).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(doc[k]!)}`).join(',')}}`
  }
  return JSON.stringify(doc)
}

const pointer = (path: Path): string => path.map((p) => `/${String(p)}`).join('')

/** A valid value for the node: required fields only (min) or every field (max); arrays hold one item. */
export function sample(node: SchemaNode, root: SchemaNode, mode: Mode): Json {
  const n = deref(node, root)
  const options = n.enum as Json[] | undefined // schemas are JSON: their enum values are too
  if (options) return options[mode === 'min' ? 0 : options.length - 1] ?? null
  switch (n.type) {
    case 'object': {
      const out: Record<string, Json> = {}
      for (const [name, child] of Object.entries(n.properties ?? {})) {
        if (mode === 'max' || (n.required ?? []).includes(name)) out[name] = sample(child, root, mode)
      }
      return out
    }
    case 'array':
      return n.items ? [sample(n.items, root, mode)] : []
    case 'string':
      if (n.format === 'date-time') return mode === 'min' ? '2024-01-01T10:00:00Z' : '2024-06-30T23:59:59.999+02:00'
      if (n.format === 'uri') return mode === 'min' ? 'http://example.com/file' : 'ftp://user:secret@files.example.com:21/firmware/v2.bin'
      if (n.maxLength !== undefined) return mode === 'min' ? 'a' : 'm'.repeat(n.maxLength)
      return mode === 'min' ? 'text' : 'some longer free text'
    case 'integer':
      return mode === 'min' ? 0 : 42
    case 'number':
      return mode === 'min' ? 0 : 32
    case 'boolean':
      return mode === 'max'
    default:
      throw new Error(`sample: unsupported node ${JSON.stringify(n)}`)
  }
}

const clone = (doc: Json): Json => JSON.parse(JSON.stringify(doc)) as Json

function setAt(doc: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : value
  const copy = clone(doc)
  let parent = copy as Record<string | number, Json>
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>
  const last = path[path.length - 1]!
  if (value === undefined) delete parent[last]
  else parent[last] = value
  return copy
}

function getAt(doc: Json, path: Path): Json | undefined {
  let current: Json | undefined = doc
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, Json>)[key]
  }
  return current
}

const WRONG_TYPES: [kind: string, value: Json][] = [
  ['string', 'x'],
  ['integer', 7],
  ['number', 7.5],
  ['boolean', false],
  ['null', null],
  ['object', {}],
  ['array', []],
]

const typeAccepts = (declared: string | undefined, kind: string): boolean =>
  declared === kind || (declared === 'number' && kind === 'integer')

const DATE_TIMES: [string, boolean | undefined][] = [
  ['2024-01-01T10:00:00Z', true],
  ['2024-01-01T10:00:00.5Z', true],
  ['2024-01-01T10:00:00+05:30', true],
  ['2024-01-01T10:00:00-00:00', undefined],
  ['2024-01-01t10:00:00z', undefined],
  ['2024-01-01 10:00:00Z', undefined],
  ['2024-01-01T10:00:00', undefined],
  ['2024-01-01T10:00Z', undefined],
  ['2024-01-01', undefined],
  ['10:00:00Z', undefined],
  ['2024-13-01T10:00:00Z', false],
  ['2023-02-29T10:00:00Z', undefined],
  ['2024-01-01T25:00:00Z', false],
  ['2016-12-31T23:59:60Z', undefined],
  ['yesterday', false],
  ['', false],
]

const URIS: [string, boolean | undefined][] = [
  ['http://example.com/file', true],
  ['https://example.com:8443/a/b?c=d#e', true],
  ['ftp://user:pw@10.0.0.1/diag/', true],
  ['urn:isbn:0451450523', undefined],
  ['file:///tmp/x', undefined],
  ['relative/path', false],
  ['/absolute/path', false],
  ['http://exa mple.com/', undefined],
  ['http://example.com/a b', undefined],
  ['', false],
]

const INTEGERS: [number | string, boolean][] = [
  [0, true],
  [-1, true],
  [2147483647, true],
  [2147483648, true],
  [Number.MAX_SAFE_INTEGER, true],
  [1.5, false],
  [0.001, false],
  [-2.5, false],
  ['1', false],
]

const DECIMALS: [number, boolean | undefined][] = [
  [0, true],
  [6, true],
  [6000, true],
  [8.3, undefined],
  [6.1, undefined],
  [16.7, undefined],
  [0.3, undefined],
  [21.4, undefined],
  [230.7, undefined],
  [-0.1, undefined],
  [0.15, false],
  [0.05, false],
  [1.23, false],
  [32.01, false],
  [1e-7, false],
]

/** All documents for one schema, deduplicated by their canonical JSON text. */
export function buildCorpus(root: SchemaNode): CorpusDoc[] {
  const out = new Map<string, CorpusDoc>()
  const add = (doc: Json, note: string, expect?: boolean): void => {
    const key = canonical(doc)
    const seen = out.get(key)
    if (!seen) out.set(key, { doc, note, ...(expect === undefined ? {} : { expect }) })
    else if (seen.expect === undefined && expect !== undefined) seen.expect = expect
  }
  for (const mode of ['min', 'max'] as const) {
    const base = sample(root, root, mode)
    add(base, `${mode}imal valid document`, true)
    visit(root, root, base, [], (doc, note, expect) => add(doc, `${mode}: ${note}`, expect))
  }
  return [...out.values()]
}

type Emit = (doc: Json, note: string, expect?: boolean) => void

function visit(node: SchemaNode, root: SchemaNode, base: Json, path: Path, emit: Emit): void {
  const n = deref(node, root)
  const at = pointer(path) || '(payload)'
  const put = (value: Json | undefined): Json => setAt(base, path, value)

  for (const [kind, value] of WRONG_TYPES) {
    if (!typeAccepts(n.type, kind)) emit(put(value), `${at} as ${kind}`, false)
  }

  if (n.enum) {
    for (const value of n.enum as Json[]) emit(put(value), `${at} = ${JSON.stringify(value)}`, true)
    const first = String(n.enum[0])
    for (const wrong of ['NotInTheEnum', first.toLowerCase(), first.toUpperCase(), `${first} `, ` ${first}`, '']) {
      emit(put(wrong), `${at} outside enum: ${JSON.stringify(wrong)}`, n.enum.includes(wrong))
    }
    return
  }

  switch (n.type) {
    case 'object': {
      const current = getAt(base, path) as Record<string, Json>
      const required = n.required ?? []
      for (const name of Object.keys(current)) {
        const isRequired = required.includes(name)
        emit(put(omit(current, name)), `${at} without ${isRequired ? 'required' : 'optional'} ${name}`, isRequired ? false : true)
        const renamed = name.charAt(0).toUpperCase() + name.slice(1)
        emit(put({ ...omit(current, name), [renamed]: current[name]! }), `${at} with ${name} renamed ${renamed}`, false)
      }
      emit(put({ ...current, unexpectedField: 1 }), `${at} with an unknown property`, false)
      emit(put({ ...current, '': 'x' }), `${at} with an empty-named property`, false)
      for (const [name, child] of Object.entries(n.properties ?? {})) {
        if (name in current) visit(child, root, base, [...path, name], emit)
      }
      return
    }
    case 'array': {
      const current = getAt(base, path) as Json[]
      emit(put([]), `${at} empty`, true)
      if (current.length > 0) {
        emit(put([...current, ...current]), `${at} with two items`, true)
        emit(put([...current, typeof current[0] === 'string' ? 1 : 'x']), `${at} with a wrong-typed second item`, false)
        if (n.items) visit(n.items, root, base, [...path, 0], emit)
      }
      return
    }
    case 'string':
      return stringVariants(n, put, at, emit)
    case 'integer':
      for (const [value, ok] of INTEGERS) emit(put(value), `${at} = ${JSON.stringify(value)}`, ok)
      return
    case 'number':
      for (const [value, ok] of n.multipleOf === undefined ? [[0.5, true] as const] : DECIMALS) {
        emit(put(value), `${at} = ${value}`, ok)
      }
      return
    case 'boolean':
      emit(put(true), `${at} = true`, true)
      emit(put(false), `${at} = false`, true)
      emit(put('true'), `${at} = "true"`, false)
      emit(put(1), `${at} = 1`, false)
      return
  }
}

function stringVariants(n: SchemaNode, put: (value: Json) => Json, at: string, emit: Emit): void {
  if (n.format === 'date-time') {
    for (const [value, ok] of DATE_TIMES) emit(put(value), `${at} date-time ${JSON.stringify(value)}`, ok)
  } else if (n.format === 'uri') {
    for (const [value, ok] of URIS) emit(put(value), `${at} uri ${JSON.stringify(value)}`, ok)
  }
  const max = n.maxLength
  if (max !== undefined) {
    emit(put('x'.repeat(max)), `${at} at maxLength ${max}`, true)
    emit(put('x'.repeat(max + 1)), `${at} at maxLength+1`, false)
    emit(put('x'.repeat(max - 1)), `${at} at maxLength-1`, true)
    emit(put('é'.repeat(max)), `${at} ${max} accented characters`, true)
    emit(put('😀'.repeat(max)), `${at} ${max} astral characters`, true)
    emit(put('😀'.repeat(max + 1)), `${at} ${max + 1} astral characters`, false)
    emit(put(''), `${at} empty`, true)
  } else if (n.format === undefined) {
    emit(put(''), `${at} empty`, true)
    emit(put('y'.repeat(10_000)), `${at} 10000 characters`, true)
  }
}

function omit(obj: Record<string, Json>, name: string): Record<string, Json> {
  const copy = { ...obj }
  delete copy[name]
  return copy
}
