/**
 * Single-constraint mutants of a schema, for checking that a corpus has teeth: a corpus that
 * cannot tell a schema from any of its mutants would also miss a wrong constraint in our schemas.
 */
import type { SchemaNode } from './schema-corpus'

export interface Mutant {
  what: string
  schema: SchemaNode
}

type Node = SchemaNode & Record<string, unknown>

/** Every mutant of `root` that changes one constraint at one node (local `$ref`s are not followed). */
export function mutants(root: SchemaNode): Mutant[] {
  const out: Mutant[] = []
  const paths: string[][] = []
  collect(root as Node, [], paths)
  for (const path of paths) {
    const node = at(root as Node, path)
    const where = `/${path.join('/')}`
    const mutate = (what: string, change: (n: Node) => void): void => {
      const copy = structuredClone(root) as Node
      change(at(copy, path))
      out.push({ what: `${where}: ${what}`, schema: copy })
    }
    if (typeof node.maxLength === 'number') {
      const max = node.maxLength
      mutate('maxLength+1', (n) => (n.maxLength = max + 1))
      mutate('maxLength-1', (n) => (n.maxLength = max - 1))
      mutate('no maxLength', (n) => delete n.maxLength)
    }
    if (Array.isArray(node.enum)) {
      node.enum.forEach((value, i) => mutate(`enum without ${JSON.stringify(value)}`, (n) => (n.enum as unknown[]).splice(i, 1)))
      mutate('no enum', (n) => delete n.enum)
    }
    if (Array.isArray(node.required)) {
      node.required.forEach((name) =>
        mutate(`${name} optional`, (n) => {
          const rest = n.required!.filter((r) => r !== name)
          if (rest.length > 0) n.required = rest
          else delete n.required // draft-04: `required` must not be empty
        }),
      )
    }
    if (node.properties) {
      for (const name of Object.keys(node.properties)) {
        if (!(node.required ?? []).includes(name)) mutate(`${name} required`, (n) => (n.required = [...(n.required ?? []), name]))
      }
    }
    if (node.additionalProperties === false && node.type === 'object') mutate('additional properties allowed', (n) => delete n.additionalProperties)
    if (node.type === 'integer') mutate('integer → number', (n) => (n.type = 'number'))
    if (node.type === 'number') mutate('number → integer', (n) => (n.type = 'integer'))
    if (node.type === 'boolean') mutate('boolean → string', (n) => (n.type = 'string'))
    if (node.type === 'string' && !node.enum) mutate('string → integer', (n) => (n.type = 'integer'))
    if (typeof node.format === 'string') mutate(`no ${node.format} format`, (n) => delete n.format)
    if (typeof node.multipleOf === 'number') {
      mutate('no multipleOf', (n) => delete n.multipleOf)
      mutate('multipleOf 0.01', (n) => (n.multipleOf = 0.01))
      mutate('multipleOf 1', (n) => (n.multipleOf = 1))
    }
    if (node.type === 'array' && node.items) mutate('no items schema', (n) => delete n.items)
  }
  return out
}

function collect(node: Node, path: string[], out: string[][]): void {
  out.push(path)
  for (const [name, child] of Object.entries(node.properties ?? {})) collect(child as Node, [...path, 'properties', name], out)
  for (const [name, child] of Object.entries(node.definitions ?? {})) collect(child as Node, [...path, 'definitions', name], out)
  if (node.items) collect(node.items as Node, [...path, 'items'], out)
}

function at(root: Node, path: string[]): Node {
  let node: Record<string, unknown> = root
  for (const key of path) node = node[key] as Record<string, unknown>
  return node as Node
}
