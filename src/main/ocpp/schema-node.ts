/** The subset of JSON Schema draft-04 the project's OCPP schemas use, and how to walk it. */

export interface Schema {
  type?: string
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean
  items?: Schema
  enum?: unknown[]
  maxLength?: number
  format?: string
  multipleOf?: number
  $ref?: string
  definitions?: Record<string, Schema>
}

/** `schema` itself, or the local definition its `$ref` names (the project's schemas refer only to `#/definitions/…`). */
export function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref
  if (ref === undefined) return schema
  const name = ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined
  const target = name !== undefined && root.definitions && Object.hasOwn(root.definitions, name) ? root.definitions[name] : undefined
  if (!target) throw new Error(`schema reference ${ref} not found`)
  return target
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One JSON-pointer token (RFC 6901). */
export const pointerToken = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1')
