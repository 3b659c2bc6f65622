/**
 * A CS→CP task as the CSMS keeps and shows it (memory, task history, `taskUpdated` events): a
 * station's answer (or the message a TriggerMessage brought) larger than MAX_KEPT_ANSWER_BYTES is
 * kept as its short top-level fields (status, ids, ...) with its size and start, not whole. The
 * services that learn from an answer (configuration, charging, local lists) get it whole first;
 * the message log keeps it whole. Without this, 5,000 kept tasks of 1 MiB GetConfiguration or
 * DataTransfer answers (a station rebooting again and again) would hold gigabytes.
 */
import type { CallTask } from '@shared/contract/dto'
import { idRecord } from '@shared/util/id-record'

export const MAX_KEPT_ANSWER_BYTES = 64 * 1024
const PREVIEW_CHARS = 2048
const SHORT_FIELD_CHARS = 1024

/** A value's JSON text, '' when it has none, undefined when it cannot be serialized. */
function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return undefined
  }
}

interface Bounded {
  kept: unknown
  omitted?: { bytes: number; preview: string }
}

/**
 * Large answers already cut, so the same answer is serialized once (issue 18 §3): a task is bounded
 * when it is announced and again when it is stored, and each time cost milliseconds for a 1 MiB
 * answer. Answers are not changed after they arrive.
 */
const decided = new WeakMap<object, Bounded>()

/** `value` when small, else its short fields and a preview; one serialization at most. */
function bounded(value: unknown): Bounded {
  const cacheable = value !== null && typeof value === 'object'
  const known = cacheable ? decided.get(value) : undefined
  if (known) return known
  const text = jsonOf(value)
  const bytes = text === undefined ? Number.POSITIVE_INFINITY : text.length
  if (bytes <= MAX_KEPT_ANSWER_BYTES) return { kept: value }
  const result = shortened(value, bytes, text ?? '')
  if (cacheable) decided.set(value, result)
  return result
}

/** The short top-level fields of a large object (numbers, booleans, strings up to 1 KiB), and its start. */
function shortened(value: unknown, bytes: number, text: string): { kept: unknown; omitted: { bytes: number; preview: string } } {
  const preview = text.slice(0, PREVIEW_CHARS)
  // The station chose these names (`__proto__` among them): kept as data, never as a prototype.
  const kept = idRecord<unknown>()
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, field] of Object.entries(value)) {
      if (typeof field === 'number' || typeof field === 'boolean' || (typeof field === 'string' && field.length <= SHORT_FIELD_CHARS)) kept[key] = field
    }
  }
  return { kept, omitted: { bytes, preview } }
}

/** `task` with its answer and triggered message bounded (the same object when nothing is too large). */
export function keptTask(task: CallTask): CallTask {
  let result = task
  if (task.response !== undefined) {
    const { kept, omitted } = bounded(task.response)
    if (omitted) result = { ...result, response: kept, responseOmitted: omitted }
  }
  if (task.triggered) {
    const { kept, omitted } = bounded(task.triggered.payload)
    if (omitted) result = { ...result, triggered: { ...task.triggered, payload: kept, payloadOmitted: omitted } }
  }
  return result
}
