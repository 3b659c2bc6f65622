/**
 * An internal failure is answered with an id only (its message may name files, versions or code);
 * the whole error goes to the log under that id, so a person can find it.
 */
import { randomBytes } from 'node:crypto'

export function internalErrorId(error: unknown, context: string, log: (line: string) => void = console.error): string {
  const id = randomBytes(4).toString('hex')
  log(`Internal error ${id} in ${context}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  return id
}
