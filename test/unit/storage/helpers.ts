import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isMainThread } from 'node:worker_threads'
import { afterAll, beforeAll } from 'vitest'
import { JsonLinesJournal, type JournalOptions } from '../../../src/main/storage/json-lines-journal'
import { StateStore } from '../../../src/main/storage/state-store'
import type { StorageLogger } from '../../../src/main/storage/storage-logger'

export interface RecordingLogger extends StorageLogger {
  warnings: string[]
  errors: string[]
}

export function recordingLogger(): RecordingLogger {
  const warnings: string[] = []
  const errors: string[] = []
  return { warnings, errors, warn: (message) => void warnings.push(message), error: (message) => void errors.push(message) }
}

/** A fresh directory under the OS temp dir; `cleanup` removes every one made so far. */
export function tempDirs(): { make(): Promise<string>; cleanup(): Promise<void> } {
  const made: string[] = []
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), 'csms-storage-test-'))
      made.push(dir)
      return dir
    },
    async cleanup() {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
    },
  }
}

/** A gate for an injected datasync: the first `hold` calls wait until `release()`. */
export function syncGate(hold = 1) {
  let calls = 0
  let release!: () => void
  let started!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const firstStarted = new Promise<void>((resolve) => (started = resolve))
  return {
    get calls() {
      return calls
    },
    release,
    firstStarted,
    datasync: async (handle: { datasync(): Promise<void> }) => {
      calls += 1
      if (calls <= hold) {
        started()
        await released
      }
      await handle.datasync()
    },
  }
}

export async function turns(count = 5): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve))
}

/**
 * Runs the enclosing describe under the common umask 022 (files would be 0644, directories 0755), so
 * tests of private modes prove something. A worker thread (the mutation runner's pool) cannot set
 * the umask; there the process's own applies.
 */
export function underCommonUmask(): void {
  let umask: number | undefined
  beforeAll(() => {
    if (isMainThread) umask = process.umask(0o022)
  })
  afterAll(() => {
    if (umask !== undefined) process.umask(umask)
  })
}

/** State stores in memory; `closeAll` (in afterEach) closes every one opened so far. */
export function memoryStores(): { open(): Promise<StateStore>; closeAll(): Promise<void> } {
  const stores: StateStore[] = []
  return {
    async open() {
      const store = await StateStore.open({ logger: recordingLogger() })
      stores.push(store)
      return store
    },
    async closeAll() {
      await Promise.all(stores.splice(0).map((store) => store.close()))
    },
  }
}

/** The records of the journal tests: a number, and text to give a line some length. */
export interface Item {
  n: number
  text?: string
}

export async function openItemsJournal(dir: string, options: Partial<JournalOptions<Item>> = {}): Promise<{ journal: JsonLinesJournal<Item>; logger: RecordingLogger }> {
  const logger = recordingLogger()
  const journal = await JsonLinesJournal.open<Item>({ dir, name: 'items', logger, ...options })
  return { journal, logger }
}

/** The `n` of every record on disk, oldest segment first. */
export async function allItems(journal: JsonLinesJournal<Item>): Promise<number[]> {
  const seen: number[] = []
  for (const segment of journal.segments()) await journal.scan(segment, 0, (line) => JSON.parse(line.toString()) as Item, (item) => seen.push(item.n))
  return seen
}
