/**
 * What every operation form shares: its props, and how it turns the text of its fields into the
 * CALL payload. Forms never refuse a value the schema could take: an integer field only refuses text
 * that is not an integer; everything else is sent and judged by checkCall (warnings) and the station.
 */

/** The props every form in the operation registry takes. */
export interface OperationFormProps {
  stationId: string
  /** False = the station is not connected (the call would end as "offline"). */
  online?: boolean
  /** Initial field values, e.g. { key: 'HeartbeatInterval', value: '300' } (numbers or strings). */
  prefill?: Record<string, unknown>
}

export type IntegerParse = { state: 'empty' } | { state: 'ok'; value: number } | { state: 'invalid'; message: string }

/** Any integer (negative too); refuses only what is not one, or one JSON cannot carry exactly. */
export function parseInteger(text: string): IntegerParse {
  const trimmed = text.trim()
  if (trimmed === '') return { state: 'empty' }
  if (!/^[+-]?\d+$/.test(trimmed)) return { state: 'invalid', message: `“${trimmed}” is not an integer` }
  const value = Number(trimmed)
  if (!Number.isSafeInteger(value)) return { state: 'invalid', message: `${trimmed} is too large to send exactly` }
  return { state: 'ok', value }
}

export type JsonParse = { state: 'empty' } | { state: 'ok'; value: unknown } | { state: 'invalid'; message: string }

export function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { state: 'empty' }
  try {
    return { state: 'ok', value: JSON.parse(text) as unknown }
  } catch (err) {
    return { state: 'invalid', message: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` }
  }
}

/** A prefill value as the text of a field. */
export function prefillText(prefill: Record<string, unknown> | undefined, name: string): string {
  const value = prefill?.[name]
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return ''
}

/** What a form hands to OperationSender: the payload, or what is still missing. */
export interface BuiltPayload {
  payload?: Record<string, unknown>
  missing?: string
}

/** Collects fields into a payload in order, noting every required field left empty or unparsable. */
export class PayloadBuilder {
  private readonly payload = new Map<string, unknown>()
  private readonly problems: string[] = []

  /** An integer field; empty = omitted (or missing when required). */
  integer(name: string, text: string, required: boolean): this {
    const parsed = parseInteger(text)
    if (parsed.state === 'ok') this.payload.set(name, parsed.value)
    else if (parsed.state === 'invalid') this.problems.push(`${name}: ${parsed.message}`)
    else if (required) this.problems.push(`${name} is required`)
    return this
  }

  /** A text field sent as typed; empty = omitted unless `keepEmpty` (or missing when required). */
  text(name: string, text: string, options: { required?: boolean; keepEmpty?: boolean } = {}): this {
    if (text !== '' || options.keepEmpty) this.payload.set(name, text)
    else if (options.required) this.problems.push(`${name} is required`)
    return this
  }

  /** A choice (enum) field; null = not chosen yet. */
  choice(name: string, value: string | null, required: boolean): this {
    if (value !== null && value !== '') this.payload.set(name, value)
    else if (required) this.problems.push(`choose ${name}`)
    return this
  }

  /** A JSON field; empty = omitted. */
  json(name: string, text: string): this {
    const parsed = parseJson(text)
    if (parsed.state === 'ok') this.payload.set(name, parsed.value)
    else if (parsed.state === 'invalid') this.problems.push(`${name}: ${parsed.message}`)
    return this
  }

  /** Any value, as is. */
  raw(name: string, value: unknown): this {
    this.payload.set(name, value)
    return this
  }

  build(): BuiltPayload {
    return this.problems.length > 0 ? { missing: this.problems.join('; ') } : { payload: Object.fromEntries(this.payload) }
  }
}

/** An option of a picker: a known value and how it is shown. */
export type PickOption = { value: string; label: string }
