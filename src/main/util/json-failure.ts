/**
 * Why a value could not be written as JSON, in words a person can read (never the engine's own
 * message, which names internals): a value nested too deeply, one that refers to itself, a BigInt.
 */
export function jsonFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : ''
  if (error instanceof RangeError) return 'it is nested too deeply to be written as JSON'
  if (/circular/i.test(message)) return 'it refers to itself, so it cannot be written as JSON'
  if (/bigint/i.test(message)) return 'it holds a number JSON cannot carry (a BigInt)'
  return 'it cannot be written as JSON'
}
