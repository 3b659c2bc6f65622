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

function sizeOf(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/** The short top-level fields of a large object (numbers, booleans, strings up to 1 KiB), and its start. */
function shortened(value: unknown, bytes: number): { kept: unknown; omitted: { bytes: number; preview: string } } {
  let preview: string
  try {
    preview = (JSON.stringify(value) ?? '').slice(0, PREVIEW_CHARS)
  } catch {
    preview = ''
  }
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
    const bytes = sizeOf(task.response)
    if (bytes > MAX_KEPT_ANSWER_BYTES) {
      const { kept, omitted } = shortened(task.response, bytes)
      result = { ...result, response: kept, responseOmitted: omitted }
    }
  }
  if (task.triggered && sizeOf(task.triggered.payload) > MAX_KEPT_ANSWER_BYTES) {
    const bytes = sizeOf(task.triggered.payload)
    const { kept, omitted } = shortened(task.triggered.payload, bytes)
    result = { ...result, triggered: { ...task.triggered, payload: kept, payloadOmitted: omitted } }
  }
  return result
}
