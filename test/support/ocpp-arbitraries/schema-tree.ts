/**
 * The project's OCPP 1.6 schemas (schemas/*.json, draft-04) as trees to walk: loading, local
 * `$ref`s, and which schema node describes each position of a payload. The node type and `deref`
 * also serve the schema-equivalence corpus (test/unit/schemas/schema-corpus.ts), which walks OCA's
 * schemas the same way.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export interface SchemaNode {
  $ref?: string
  type?: string
  properties?: Record<string, SchemaNode>
  required?: string[]
  additionalProperties?: boolean
  items?: SchemaNode
  enum?: unknown[]
  maxLength?: number
  minLength?: number
  minItems?: number
  maxItems?: number
  minimum?: number
  maximum?: number
  format?: string
  multipleOf?: number
  definitions?: Record<string, SchemaNode>
}

/** The keywords the walker understands; a schema using any other one fails loudly (unit test). */
export const KNOWN_KEYWORDS = new Set(['$schema', 'id', 'title', 'description', '$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'maxLength', 'minLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'format', 'multipleOf', 'definitions'])

export const SCHEMA_DIR = resolve(import.meta.dirname, '../../../schemas')

/** `Authorize` (the CALL) or `AuthorizeResponse` (the CALLRESULT): the file name without `.json`. */
export type SchemaName = string

let cache: Map<SchemaName, SchemaNode> | undefined

/** Every schema under schemas/, by name. */
export function loadSchemas(): Map<SchemaName, SchemaNode> {
  if (!cache) {
    cache = new Map()
    for (const file of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.json')).sort()) {
      cache.set(file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as SchemaNode)
    }
  }
  return cache
}

export function schemaOf(name: SchemaName): SchemaNode {
  const schema = loadSchemas().get(name)
  if (!schema) throw new Error(`no schema ${name}.json in ${SCHEMA_DIR}`)
  return schema
}

/** Follows local `$ref`s (`#/definitions/X`, any JSON pointer into the same document). */
export function deref(node: SchemaNode, root: SchemaNode): SchemaNode {
  let current = node
  for (let hops = 0; current.$ref !== undefined; hops += 1) {
    if (hops > 20 || !current.$ref.startsWith('#')) throw new Error(`unsupported $ref ${current.$ref}`)
    let target: unknown = root
    for (const token of current.$ref.slice(1).split('/').filter(Boolean)) {
      target = (target as Record<string, unknown> | undefined)?.[token.replace(/~1/g, '/').replace(/~0/g, '~')]
    }
    if (!target || typeof target !== 'object') throw new Error(`dangling $ref ${current.$ref}`)
    current = target as SchemaNode
  }
  return current
}

/** Keywords of the node and of every node below it that the walker does not know. */
export function unknownKeywords(node: unknown, path = ''): string[] {
  if (node === null || typeof node !== 'object') return []
  const found: string[] = []
  for (const [key, value] of Object.entries(node)) {
    if (!KNOWN_KEYWORDS.has(key)) found.push(`${path}/${key}`)
    if (key === 'properties' || key === 'definitions') {
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) found.push(...unknownKeywords(child, `${path}/${key}/${name}`))
    } else if (key === 'items') found.push(...unknownKeywords(value, `${path}/items`))
  }
  return found
}

export type Path = (string | number)[]

export const pointer = (path: Path): string => (path.length === 0 ? '/' : path.map((p) => `/${String(p)}`).join(''))

/** A position in a payload and the schema node that describes it (undefined: the schema says nothing). */
export interface Site {
  path: Path
  node: SchemaNode | undefined
  value: unknown
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)

/** Every position of `value` (the root first) with its schema node. Markers (json-text.ts) are leaves. */
export function sitesOf(value: unknown, node: SchemaNode | undefined, root: SchemaNode, path: Path = [], out: Site[] = []): Site[] {
  const resolved = node && deref(node, root)
  out.push({ path, node: resolved, value })
  if (Array.isArray(value)) {
    value.forEach((item, index) => sitesOf(item, resolved?.type === 'array' ? resolved.items : undefined, root, [...path, index], out))
  } else if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) sitesOf(child, resolved?.type === 'object' ? resolved.properties?.[key] : undefined, root, [...path, key], out)
  }
  return out
}

/** A copy of `value` with the position at `path` replaced by `replace(current)` (undefined removes a member). */
export function updateAt(value: unknown, path: Path, replace: (current: unknown) => unknown): unknown {
  if (path.length === 0) return replace(value)
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = value.slice()
    const next = updateAt(copy[head as number], rest, replace)
    if (next === undefined && rest.length === 0) copy.splice(head as number, 1)
    else copy[head as number] = next
    return copy
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = { ...value }
    copyExtras(value, copy)
    const next = updateAt(copy[head as string], rest, replace)
    if (next === undefined && rest.length === 0) delete copy[head as string]
    else setOwn(copy, head as string, next)
    return copy
  }
  return value
}

/** Sets an own data member, even one named `__proto__` (never the object's prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Raw members an object carries beyond its own keys (json-text.ts), kept across copies. */
export const EXTRA_MEMBERS: unique symbol = Symbol('extra raw members')

export function copyExtras(from: object, to: object): void {
  const extras = (from as { [EXTRA_MEMBERS]?: string[] })[EXTRA_MEMBERS]
  if (extras) (to as { [EXTRA_MEMBERS]?: string[] })[EXTRA_MEMBERS] = extras.slice()
}
