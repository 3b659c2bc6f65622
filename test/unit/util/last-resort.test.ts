import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StorageError } from '../../../src/main/storage/storage-logger'
import { createLastResort, installLastResort, reportEscapedError, stopAndExit, storeFailure, type LastResort, type ProcessEvents } from '../../../src/main/util/last-resort'

let installed: LastResort | undefined
afterEach(() => {
  installed?.uninstall()
  installed = undefined
})

function fakeProcess(): EventEmitter & ProcessEvents {
  return new EventEmitter() as EventEmitter & ProcessEvents
}

function install(processLike: ProcessEvents) {
  const lines: string[] = []
  const fatal = vi.fn()
  installed = installLastResort({ process: processLike, log: (line) => lines.push(line), onFatal: fatal })
  return { lines, fatal }
}

describe('the last-resort handler', () => {
  it('logs an uncaught exception once per distinct error, counts repeats, and does not stop', () => {
    const proc = fakeProcess()
    const { lines, fatal } = install(proc)
    const bug = () => new TypeError("Cannot read properties of undefined (reading 'status')")
    proc.emit('uncaughtException', bug(), 'uncaughtException')
    proc.emit('uncaughtException', bug(), 'uncaughtException')
    proc.emit('uncaughtException', bug(), 'uncaughtException')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/Unexpected error in no handler \(uncaught exception\).*keeps running/)
    expect(lines[0]).toContain("TypeError: Cannot read properties of undefined (reading 'status')")
    expect(installed!.seen()).toEqual([expect.objectContaining({ count: 3 })])
    expect(fatal).not.toHaveBeenCalled()
  })

  it('logs an unhandled rejection, whatever was rejected (an Error, a string, undefined, a cycle)', () => {
    const proc = fakeProcess()
    const { lines, fatal } = install(proc)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    for (const reason of [new Error('ftp socket gone'), 'plain string', undefined, cyclic]) proc.emit('unhandledRejection', reason, Promise.resolve())
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/unhandled promise rejection[\s\S]*ftp socket gone/)
    expect(lines[1]).toContain('plain string')
    expect(fatal).not.toHaveBeenCalled()
  })

  it('names where an error escaped when a server reports it', () => {
    const { lines } = install(fakeProcess())
    const bug = () => new Error('handler bug')
    reportEscapedError(bug(), 'file host (GET /firmware/x)')
    reportEscapedError(bug(), 'file host (GET /firmware/y)')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Unexpected error in file host \(GET \/firmware\/x\)/)
  })

  it('stops the app, once, with a clear message when the data store fails', () => {
    const proc = fakeProcess()
    const { lines, fatal } = install(proc)
    const failure = new StorageError('JOURNAL_FAILED', 'The message log journal cannot write: ENOSPC')
    proc.emit('unhandledRejection', failure, Promise.resolve())
    proc.emit('uncaughtException', new StorageError('STORE_CLOSED', 'The state store is closed'), 'uncaughtException')
    expect(fatal).toHaveBeenCalledTimes(1)
    const [message, error] = fatal.mock.calls[0]!
    expect(error).toBe(failure)
    expect(message).toMatch(/stops: its data store failed \(JOURNAL_FAILED\).*ENOSPC.*free space and permissions/)
    expect(lines[0]).toContain(message as string)
  })

  it('a store failure wrapped as the cause of another error is still fatal; a badly asked query is not', () => {
    expect(storeFailure(new Error('saving the task failed', { cause: new StorageError('DATA_DIR_UNUSABLE', 'read-only') }))?.code).toBe('DATA_DIR_UNUSABLE')
    expect(storeFailure(new StorageError('INVALID_QUERY', '"from" must be an ISO-8601 time'))).toBeUndefined()
    expect(storeFailure(new Error('other'))).toBeUndefined()
    expect(storeFailure('a string')).toBeUndefined()
  })

  it('uninstalling removes its listeners; installing again replaces the previous handler', () => {
    const proc = fakeProcess()
    install(proc)
    expect(proc.listenerCount('uncaughtException')).toBe(1)
    install(proc)
    expect(proc.listenerCount('uncaughtException')).toBe(1)
    installed!.uninstall()
    expect(proc.listenerCount('uncaughtException')).toBe(0)
    expect(proc.listenerCount('unhandledRejection')).toBe(0)
  })

  it('remembers a bounded number of distinct errors', () => {
    const lines: string[] = []
    const lastResort = createLastResort({ log: (line) => lines.push(line), onFatal: () => undefined, maxDistinct: 3 })
    for (let i = 0; i < 10; i += 1) lastResort.report(new Error(`distinct ${i}`))
    expect(lastResort.seen()).toHaveLength(3)
    expect(lines).toHaveLength(10)
  })
})

describe('stopping after a fatal error', () => {
  it('exits non-zero after the stop, or after the grace time when the stop hangs', async () => {
    const exit = vi.fn()
    await stopAndExit(async () => undefined, exit)
    expect(exit).toHaveBeenCalledWith(1)
    const hung = vi.fn()
    await stopAndExit(() => new Promise(() => undefined), hung, 1, 20)
    expect(hung).toHaveBeenCalledWith(1)
    const failing = vi.fn()
    await stopAndExit(() => Promise.reject(new Error('flush failed')), failing)
    expect(failing).toHaveBeenCalledWith(1)
  })
})
