/**
 * The JSON text of an API answer, in slices (issue 18 §3): a long list (the command history with
 * answers of up to 64 KiB each, thousands of stations) is serialized one item at a time with turns
 * of the event loop between, instead of in one JSON.stringify of tens of megabytes. The text is the
 * same as JSON.stringify's.
 */
import { TimeSlices } from './time-slices'

/** Lists shorter than this are serialized in one go. */
const MIN_SLICED_ITEMS = 64

export async function jsonText(value: unknown, slices: TimeSlices = new TimeSlices()): Promise<string> {
  if (!Array.isArray(value) || value.length < MIN_SLICED_ITEMS) return JSON.stringify(value) ?? 'null'
  const parts = new Array<string>(value.length)
  for (let i = 0; i < value.length; i += 1) {
    if (i % 8 === 0) await slices.pause()
    // In an array, what JSON.stringify cannot write (undefined, a function) is written as null.
    parts[i] = JSON.stringify(value[i]) ?? 'null'
  }
  return `[${parts.join(',')}]`
}
