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

/** Where a depth scan of JSON text stands, so a long text can be scanned a piece at a time. */
export interface DepthScan {
  /** The next character to read. */
  next: number
  depth: number
  inString: boolean
}

export const depthScanStart = (): DepthScan => ({ next: 0, depth: 0, inString: false })

/**
 * Goes on with `scan` up to character `end` of `text`; true as soon as the nesting is deeper than
 * `limit`. Scanning a text in pieces answers as scanning it whole.
 */
export function scanDepth(text: string, scan: DepthScan, end: number, limit: number = MAX_JSON_DEPTH): boolean {
  let { depth, inString } = scan
  let i = scan.next
  const stop = Math.min(end, text.length)
  for (; i < stop; i += 1) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i += 1 // the escaped character, whatever it is (it may be the next piece's first)
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth += 1
      if (depth > limit) return true
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth -= 1
  }
  scan.next = i
  scan.depth = depth
  scan.inString = inString
  return false
}

/**
 * Whether JSON text nests arrays and objects deeper than `limit` (the outermost one is level 1).
 * One linear scan that skips string contents (escaped quotes included); it does not check that the
 * text is valid JSON: JSON.parse does that, once this said the depth is fine.
 */
export function jsonTextTooDeep(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  return scanDepth(text, depthScanStart(), text.length, limit)
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
