/**
 * Payloads as the wire carries them. A payload is a JSON value that may hold markers for what a
 * JavaScript value cannot say or should not hold: raw number literals (`1e999`, `9007199254740993`),
 * nesting thousands of levels deep, strings and arrays that fill the frame up to its limit, and
 * objects with raw extra members (a key twice, a `__proto__` member). `toJsonText` writes it out.
 * Deep and large parts exist only as text, so generating, shrinking and printing a case never
 * recurses into them.
 */
import { EXTRA_MEMBERS, copyExtras } from './schema-tree'

/** The OCPP endpoint's frame limit (ws maxPayload); larger frames close the connection with 1009. */
export const FRAME_LIMIT_BYTES = 1024 * 1024
/** Room left in a frame for the envelope around the payload: `[3,"<36-char id>",…]` or `[2,"<id>","<Action>",…]`. */
export const ENVELOPE_BYTES = 128
/** What a payload may take of a frame. */
export const PAYLOAD_LIMIT_BYTES = FRAME_LIMIT_BYTES - ENVELOPE_BYTES

/** A long part of a fixed count takes at most this much, so a few of them and a frame-filling one fit together. */
const FIXED_LONG_BYTES = PAYLOAD_LIMIT_BYTES / 8

/** Verbatim JSON text, e.g. a number literal no double can hold. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Nesting `depth` levels deep: `[[[…]]]`, `{"a":{"a":…}}` or both in turn, around `leaf`. */
export class Deep {
  constructor(
    readonly depth: number,
    readonly shape: 'array' | 'object' | 'mixed',
    readonly leaf = '0',
  ) {}

  text(): string {
    if (this.shape === 'array') return '['.repeat(this.depth) + this.leaf + ']'.repeat(this.depth)
    if (this.shape === 'object') return '{"a":'.repeat(this.depth) + this.leaf + '}'.repeat(this.depth)
    const open: string[] = []
    const close: string[] = []
    for (let level = 0; level < this.depth; level += 1) {
      open.push(level % 2 === 0 ? '[' : '{"a":')
      close.push(level % 2 === 0 ? ']' : '}')
    }
    return open.join('') + this.leaf + close.reverse().join('')
  }
}

/**
 * A string (`unit` repeated) or an array (`item`, JSON text, repeated) of `count` units, or, with
 * count 'fill', as many as fit so the whole payload reaches PAYLOAD_LIMIT_BYTES.
 */
export class Long {
  constructor(
    readonly kind: 'string' | 'array',
    readonly unit: string,
    readonly count: number | 'fill',
  ) {}

  /** Bytes one unit takes in the JSON text. */
  unitBytes(): number {
    return this.kind === 'string' ? Buffer.byteLength(JSON.stringify(this.unit)) - 2 : Buffer.byteLength(this.unit) + 1
  }

  text(count: number): string {
    if (this.kind === 'string') return JSON.stringify(this.unit.repeat(count))
    return `[${Array.from({ length: count }, () => this.unit).join(',')}]`
  }

  describe(): string {
    return `${this.kind} of ${this.count === 'fill' ? 'frame-filling' : this.count} × ${JSON.stringify(this.unit).slice(0, 40)}`
  }
}

export const isMarker = (value: unknown): value is RawJson | Deep | Long => value instanceof RawJson || value instanceof Deep || value instanceof Long

/** An object with extra raw members after its own, e.g. `"status":{"x":1}` a second time, or `"__proto__":{…}`. */
export function withExtraMembers(object: Record<string, unknown>, members: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...object }
  copyExtras(object, copy)
  const holder = copy as { [EXTRA_MEMBERS]?: string[] }
  holder[EXTRA_MEMBERS] = [...(holder[EXTRA_MEMBERS] ?? []), ...members]
  return copy
}

function write(value: unknown, fills: Map<Long, number>, out: string[]): void {
  if (value instanceof RawJson) out.push(value.text)
  else if (value instanceof Deep) out.push(value.text())
  else if (value instanceof Long) out.push(value.text(value.count === 'fill' ? (fills.get(value) ?? 0) : Math.min(value.count, Math.floor(FIXED_LONG_BYTES / value.unitBytes()))))
  else if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, index) => {
      if (index > 0) out.push(',')
      write(item === undefined ? null : item, fills, out)
    })
    out.push(']')
  } else if (value !== null && typeof value === 'object') {
    out.push('{')
    let first = true
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue
      if (!first) out.push(',')
      first = false
      out.push(JSON.stringify(key), ':')
      write(child, fills, out)
    }
    for (const member of (value as { [EXTRA_MEMBERS]?: string[] })[EXTRA_MEMBERS] ?? []) {
      if (!first) out.push(',')
      first = false
      out.push(member)
    }
    out.push('}')
  } else if (typeof value === 'number' && !Number.isFinite(value)) out.push('null')
  else out.push(JSON.stringify(value) ?? 'null')
}

function collectFills(value: unknown, found: Long[]): Long[] {
  if (value instanceof Long) {
    if (value.count === 'fill') found.push(value)
  } else if (Array.isArray(value)) value.forEach((item) => collectFills(item, found))
  else if (value !== null && typeof value === 'object' && !isMarker(value)) Object.values(value).forEach((child) => collectFills(child, found))
  return found
}

/** The payload's JSON text; frame-filling parts share what is left up to `limitBytes`. */
export function toJsonText(value: unknown, limitBytes = PAYLOAD_LIMIT_BYTES): string {
  const fills = collectFills(value, [])
  const counts = new Map<Long, number>()
  if (fills.length > 0) {
    const empty: string[] = []
    write(value, new Map(fills.map((fill) => [fill, 0])), empty)
    const spare = Math.max(0, limitBytes - Buffer.byteLength(empty.join('')))
    for (const fill of fills) counts.set(fill, Math.floor(spare / fills.length / fill.unitBytes()))
  }
  const out: string[] = []
  write(value, counts, out)
  return out.join('')
}
