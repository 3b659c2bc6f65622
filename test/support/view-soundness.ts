/**
 * Issue 18 §1 from the outside: "no handler, view or store ever sees a wrong type" and "an
 * out-of-range number is never adopted". A view the API answers (a station, its configuration,
 * charging view, local list, transactions, ...) may only show what the CSMS made sound: every member
 * named like an OCPP field has that field's JSON type (from schemas/, where the name has one type in
 * every schema), and no integer is beyond 2^53 (1e308, 2^53+2 ...), wherever it is.
 *
 * Raw echoes are not views: the command history (listTasks) and the message log (queryLog) show
 * what the station sent as it sent it, and so do the members listed in RAW_MEMBERS.
 */
import { loadSchemas, type SchemaNode } from './ocpp-arbitraries'
import { deref } from './ocpp-arbitraries/schema-tree'

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object'

/** Members whose content is what a station or client sent, shown as it came. */
const RAW_MEMBERS = new Set(['payload', 'response', 'request', 'raw', 'error', 'details', 'triggered', 'violations', 'recentViolations', 'preview'])
/** OCPP names the contract's DTOs use for something else (`id` of a task or record is a string). */
const NOT_OCPP_HERE = new Set(['id', 'key'])
/** Reads whose answers echo raw station data by design. */
export const RAW_ECHO_COMMANDS = new Set(['listTasks', 'queryLog'])

function fieldTypes(): Map<string, JsonType> {
  const seen = new Map<string, Set<JsonType>>()
  const walk = (node: SchemaNode, root: SchemaNode, name: string | undefined): void => {
    const n = deref(node, root)
    if (name !== undefined && n.type) seen.set(name, (seen.get(name) ?? new Set()).add(n.type as JsonType))
    if (n.type === 'object') for (const [key, child] of Object.entries(n.properties ?? {})) walk(child, root, key)
    if (n.type === 'array' && n.items) walk(n.items, root, undefined)
  }
  for (const schema of loadSchemas().values()) walk(schema, schema, undefined)
  const types = new Map<string, JsonType>()
  for (const [name, set] of seen) if (set.size === 1 && !NOT_OCPP_HERE.has(name)) types.set(name, [...set][0]!)
  return types
}

let cached: Map<string, JsonType> | undefined
/** OCPP field name → its one JSON type in every schema (e.g. readonly → boolean, listVersion → integer). */
export function ocppFieldTypes(): Map<string, JsonType> {
  cached ??= fieldTypes()
  return cached
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string'
    case 'integer':
      return Number.isSafeInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'array':
      return Array.isArray(value)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
  }
}

const show = (value: unknown): string => (JSON.stringify(value) ?? String(value)).slice(0, 80)

/** Wrong types and unsafe integers in one API answer (iterative: the body may be anything). */
export function viewSoundnessProblems(command: string, body: unknown): string[] {
  if (RAW_ECHO_COMMANDS.has(command)) return []
  const types = ocppFieldTypes()
  const problems: string[] = []
  const stack: { value: unknown; path: string; name: string | undefined }[] = [{ value: body, path: '', name: undefined }]
  let visited = 0
  while (stack.length > 0 && problems.length < 5 && visited < 200_000) {
    const { value, path, name } = stack.pop()!
    visited += 1
    const expected = name === undefined ? undefined : types.get(name)
    if (expected && value !== null && !hasType(value, expected)) problems.push(`${command} shows ${path} = ${show(value)}, not ${expected === 'integer' ? 'a safe integer' : `a ${expected}`} as OCPP's ${name}`)
    else if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) && types.get(name ?? '') !== 'number') problems.push(`${command} shows ${path} = ${show(value)}, an integer beyond 2^53`)
    if (Array.isArray(value)) value.forEach((item, index) => stack.push({ value: item, path: `${path}/${index}`, name: undefined }))
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) if (!RAW_MEMBERS.has(key)) stack.push({ value: child, path: `${path}/${key}`, name: key })
    }
  }
  return problems
}
