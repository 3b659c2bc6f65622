/**
 * Nesting limits for JSON from outside (station frames, API bodies, IPC arguments), checked without
 * recursion so a hostile depth can never overflow the stack here, and refused before anything that
 * does recurse (JSON.stringify, validators, copies) ever sees it.
 */

/** The deepest nesting of arrays and objects accepted from outside; an OCPP 1.6 frame needs 7. */
export const MAX_JSON_DEPTH = 64

const OPEN_ARRAY = 0x5b // [
const OPEN_OBJECT = 0x7b // {
const CLOSE_ARRAY = 0x5d // ]
const CLOSE_OBJECT = 0x7d // }
const QUOTE = 0x22 // "
const BACKSLASH = 0x5c // \

/**
 * Whether JSON text nests arrays and objects deeper than `limit` (the outermost one is level 1).
 * One linear scan that skips string contents (escaped quotes included); it does not check that the
 * text is valid JSON: JSON.parse does that, once this said the depth is fine.
 */
export function jsonTextTooDeep(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i += 1 // the escaped character, whatever it is
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth += 1
      if (depth > limit) return true
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth -= 1
  }
  return false
}

/**
 * Whether a value nests arrays and objects deeper than `limit` (the value itself, when it is one,
 * is level 1). Iterative; a value that contains itself counts as infinitely deep. Shared
 * sub-values are visited again only when reached deeper than before, so the work stays bounded by
 * `limit` times the number of references.
 */
export function valueTooDeep(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false
  const deepestSeen = new Map<object, number>()
  const stack: { node: object; depth: number }[] = [{ node: value, depth: 1 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    if (depth > limit) return true
    const seen = deepestSeen.get(node)
    if (seen !== undefined && seen >= depth) continue
    deepestSeen.set(node, depth)
    const children = Array.isArray(node) ? node : Object.values(node)
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1 })
    }
  }
  return false
}

/** The words a refusal uses, the same for every intake (`advice` for a sender who can act on it). */
export function tooDeepMessage(what: string, advice = '', limit: number = MAX_JSON_DEPTH): string {
  return `${what} is nested deeper than ${limit} levels of arrays and objects: not read.${advice ? ` ${advice}` : ''}`
}

/** What an API client is told to do about it. */
export const FLATTER = 'Send a flatter structure.'
