/**
 * The last resort for errors nothing else caught (uncaughtException, unhandledRejection, and what
 * the servers' own guards report): each distinct error is logged once, with where it happened when
 * that is known, later repeats are only counted, and the servers keep running. Only a failure of
 * the state store itself (a StorageError: the data directory or a journal cannot be written) stops
 * the app, with a clear message and a non-zero exit code: answering stations and clients without
 * being able to keep what they were told would lose data.
 */
import { StorageError } from '../storage/storage-logger'

/** The part of `process` the handler uses (a plain EventEmitter in tests). */
export interface ProcessEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (...args: unknown[]) => void): unknown
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (...args: unknown[]) => void): unknown
}

export interface LastResortOptions {
  /** Default: the real process. */
  process?: ProcessEvents
  /** Where each distinct error goes (once). */
  log(line: string): void
  /** The state store failed: show `message`, stop what can be stopped, exit non-zero. Called once. */
  onFatal(message: string, error: unknown): void
  /** Distinct errors remembered; beyond it, repeats of forgotten ones are logged again. */
  maxDistinct?: number
}

export interface EscapedError {
  key: string
  context: string
  count: number
}

export interface LastResort {
  /** An error that escaped a handler, and where (e.g. "file host GET /firmware/…"). */
  report(error: unknown, context?: string): void
  /** What was seen so far, most recent last. */
  seen(): EscapedError[]
  uninstall(): void
}

/** Storage errors that are a question asked wrongly, not a store that cannot write. */
const NOT_A_STORE_FAILURE = new Set<string>(['INVALID_QUERY'])

/** The StorageError in an error or its causes, when the store itself failed. */
export function storeFailure(error: unknown): StorageError | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof StorageError) return NOT_A_STORE_FAILURE.has(current.code) ? undefined : current
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

function describe(error: unknown): { key: string; text: string } {
  if (error instanceof Error) {
    const frame = (error.stack ?? '').split('\n').find((line) => line.trim().startsWith('at ')) ?? ''
    return { key: `${error.name}: ${error.message} ${frame.trim()}`, text: error.stack ?? `${error.name}: ${error.message}` }
  }
  let text: string
  try {
    text = typeof error === 'string' ? error : JSON.stringify(error) ?? String(error)
  } catch {
    text = String(error)
  }
  return { key: `non-error: ${text.slice(0, 200)}`, text: `A non-Error value was thrown: ${text.slice(0, 2000)}` }
}

export function fatalMessage(failure: StorageError): string {
  return `The Central System stops: its data store failed (${failure.code}): ${failure.message}. Nothing more can be kept on disk, so it no longer answers stations or clients. Check free space and permissions of the data directory, then start it again.`
}

/** Creates the reporter without touching any process (used by installLastResort, and by tests). */
export function createLastResort(options: LastResortOptions): LastResort {
  const maxDistinct = options.maxDistinct ?? 500
  const seen = new Map<string, EscapedError>()
  let fatal = false
  const report = (error: unknown, context = 'no handler (escaped to the process)'): void => {
    const failure = storeFailure(error)
    if (failure) {
      if (fatal) return
      fatal = true
      const message = fatalMessage(failure)
      options.log(`${message}\n${describe(error).text}`)
      options.onFatal(message, error)
      return
    }
    const { key, text } = describe(error)
    const known = seen.get(key)
    if (known) {
      known.count += 1
      return
    }
    if (seen.size >= maxDistinct) seen.delete(seen.keys().next().value!)
    seen.set(key, { key, context, count: 1 })
    options.log(`Unexpected error in ${context}; the Central System keeps running (this error is logged once, repeats are counted):\n${text}`)
  }
  return {
    report,
    seen: () => [...seen.values()].map((entry) => ({ ...entry })),
    uninstall: () => undefined,
  }
}

let installed: LastResort | undefined

/**
 * Installs the handler on the process (both entries do, first thing). Only one is installed at a
 * time; installing again replaces it.
 */
export function installLastResort(options: LastResortOptions): LastResort {
  installed?.uninstall()
  const target: ProcessEvents = options.process ?? (process as unknown as ProcessEvents)
  const lastResort = createLastResort(options)
  const onException = (error: unknown) => lastResort.report(error, 'no handler (uncaught exception)')
  const onRejection = (reason: unknown) => lastResort.report(reason, 'no handler (unhandled promise rejection)')
  target.on('uncaughtException', onException)
  target.on('unhandledRejection', onRejection)
  const handle: LastResort = {
    report: lastResort.report,
    seen: lastResort.seen,
    uninstall: () => {
      target.off('uncaughtException', onException)
      target.off('unhandledRejection', onRejection)
      if (installed === handle) installed = undefined
    },
  }
  installed = handle
  return handle
}

const fallback = createLastResort({ log: (line) => console.error(line), onFatal: () => undefined })

/**
 * For the servers' guards: an error a request or socket handler let escape, with where. Goes to the
 * installed last resort (the entries install one); without one (tests, benchmarks) it is logged
 * once to the console.
 */
export function reportEscapedError(error: unknown, context: string): void {
  ;(installed ?? fallback).report(error, context)
}

/**
 * Stops the app after a fatal error: `stop` gets at most `graceMs` to flush and close, then
 * `exit(code)` runs whatever happened.
 */
export async function stopAndExit(stop: (() => Promise<void>) | undefined, exit: (code: number) => void, code = 1, graceMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  try {
    if (stop) await Promise.race([stop().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))])
  } finally {
    clearTimeout(timer)
    exit(code)
  }
}
