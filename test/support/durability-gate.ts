/**
 * A gate for a journal's injected datasync: while it is closed, every durable write waits at it.
 * Tests use it to prove that an answer waits for durability: close the gate, send the CALL, wait
 * until a write waits at the gate (the CSMS got the CALL and reached its durable write), check that
 * no answer left, then open it.
 */
import type { FileHandle } from 'node:fs/promises'

export interface DurabilityGate {
  /** Pass to the journal as its `datasync`. */
  datasync(handle: FileHandle): Promise<void>
  close(): void
  open(): void
  /** Writes waiting at the gate now. */
  readonly waiting: number
  /** Resolves once at least `count` writes wait at the gate (rejects after `timeoutMs`). */
  whenWaiting(count?: number, timeoutMs?: number): Promise<void>
}

export function durabilityGate(): DurabilityGate {
  let closed = false
  let opened: Promise<void> = Promise.resolve()
  let release: () => void = () => undefined
  let waiting = 0
  const watchers: { count: number; resolve: () => void }[] = []
  const notify = (): void => {
    for (const watcher of watchers.filter((w) => waiting >= w.count)) {
      watchers.splice(watchers.indexOf(watcher), 1)
      watcher.resolve()
    }
  }
  return {
    async datasync(handle) {
      if (closed) {
        waiting += 1
        notify()
        await opened
        waiting -= 1
      }
      await handle.datasync()
    },
    close() {
      if (closed) return
      closed = true
      opened = new Promise<void>((resolve) => (release = resolve))
    },
    open() {
      closed = false
      release()
    },
    get waiting() {
      return waiting
    },
    whenWaiting(count = 1, timeoutMs = 10_000) {
      if (waiting >= count) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${count} durable write(s) reached the gate within ${timeoutMs} ms (${waiting} waiting)`)), timeoutMs)
        watchers.push({ count, resolve: () => (clearTimeout(timer), resolve()) })
      })
    },
  }
}

/**
 * Runs `action` with the gate closed until one durable write waits at it and ten more loop turns
 * have passed; answers whether `action` settled in that time (it must not: it waits for
 * durability), and its value once the gate is open again.
 */
export async function heldAtGate<T>(gate: DurabilityGate, action: () => Promise<T>): Promise<{ settledWhileClosed: boolean; value: T }> {
  gate.close()
  let settled = false
  const pending = action().finally(() => (settled = true))
  await gate.whenWaiting(1)
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve))
  const settledWhileClosed = settled
  gate.open()
  return { settledWhileClosed, value: await pending }
}
