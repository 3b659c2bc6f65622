/**
 * Issue 18 §4 over real sockets: the API never leaks an internal error, and one bad record never
 * fails a whole list. A task nested thousands deep in the command history (as a future bug could
 * leave it in memory) made listTasks answer 500 for every caller until a restart; now the list is
 * answered record by record, the same over HTTP and IPC. A handler throwing a plain Error is a 500
 * naming an id only; an ApiError stays a 4xx; payloads of the wrong type are the caller's fault.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import { IPC_INVOKE, type IpcEnvelope } from '@shared/ipc/channels'
import { ApiError, createApi, type Api, type ApiCore } from '../../../src/main/api'
import { appPage } from '../../../src/main/electron/app-page'
import { registerIpc, type IpcMainLike } from '../../../src/main/electron/ipc'
import { EventBus } from '../../../src/main/services/event-bus'
import { StorageError } from '../../../src/main/storage/storage-logger'
import { WebBridge } from '../../../src/main/web/web-bridge'
import { startHarness, type Harness } from '../../support/csms-harness'

const deep = (depth: number): unknown => {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i += 1) value = { next: value }
  return value
}
const task = (id: string, response: unknown): CallTask => ({ id, stationId: 'CP-1', action: 'GetConfiguration', payload: {}, state: 'answered', createdAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', response })
const INTERNAL = /ENOENT|\/home|state\.json|\.ts:\d+|\bat \w|Maximum call stack|Cannot read/

/** The API over a core whose answers are made up by the test (only what the commands used here touch). */
function fakeApi(): Api {
  const core = {
    calls: { list: () => [task('good', { configurationKey: [] }), task('deep', deep(20_000)), task('also-good', {})] },
    transactions: { list: () => ({ items: [{ transactionId: 1, stationId: 'CP-1' }, { transactionId: 2, stationId: 'CP-1', idTagInfo: deep(20_000) }], total: 2 }) },
    stations: {
      get: (id: string) => (id === 'CP-1' ? { id } : undefined),
      detail: (id: string) => {
        if (id === 'CP-DEEP') return { id, boot: deep(20_000) }
        if (id === 'CP-BUG') throw new Error("Cannot read properties of undefined (reading 'x') at /home/op/csms/src/main/services/station-service.ts:12:3")
        throw new ApiError('NotFound', `No charge point "${id}" is known to this Central System`)
      },
    },
    messageLog: {
      query: () => {
        throw new StorageError('JOURNAL_FAILED', "The messages journal cannot write: EIO in /home/op/.config/csms/message-log")
      },
    },
  }
  return createApi(core as unknown as ApiCore)
}

describe('answers and errors over HTTP and IPC', () => {
  const stops: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop()
  })

  async function bridge(): Promise<{ post(command: string, body?: unknown): Promise<{ status: number; body: unknown }>; logged: string[] }> {
    const logged: string[] = []
    const web = new WebBridge({ host: '127.0.0.1', port: 0, api: fakeApi(), bus: new EventBus(), log: (line) => void logged.push(line) })
    const address = await web.listen()
    stops.push(() => web.stop())
    return {
      logged,
      async post(command, body = {}) {
        const response = await fetch(`http://127.0.0.1:${address.port}/api/${command}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        return { status: response.status, body: await response.json() }
      },
    }
  }

  it('listTasks answers 200 with every task: the one nested 20,000 deep as a stub with its id and why', async () => {
    const { post } = await bridge()
    const { status, body } = await post('listTasks')
    expect(status).toBe(200)
    const tasks = body as CallTask[]
    expect(tasks.map((t) => t.id)).toEqual(['good', 'deep', 'also-good'])
    expect(tasks[1]).toMatchObject({ id: 'deep', stationId: 'CP-1', action: 'GetConfiguration', state: 'answered', unreadable: expect.stringMatching(/could not be shown: it is nested too deeply/) })
    expect(tasks[1]).not.toHaveProperty('response')
    expect(tasks[0]!.unreadable).toBeUndefined()
    // Again and again: nothing was poisoned.
    expect((await post('listTasks')).status).toBe(200)
  })

  it('listTransactions leaves the record it cannot write out and counts it in skipped', async () => {
    const { post } = await bridge()
    const { status, body } = await post('listTransactions')
    expect(status).toBe(200)
    expect(body).toEqual({ items: [{ transactionId: 1, stationId: 'CP-1' }], total: 2, skipped: 1 })
  })

  it('an answer that cannot be written at all, and a handler throwing a plain Error, are 500s with an id and nothing else; an ApiError stays a 404', async () => {
    const { post, logged } = await bridge()
    for (const stationId of ['CP-DEEP', 'CP-BUG']) {
      const { status, body } = await post('getStation', { stationId })
      expect(status).toBe(500)
      const message = (body as { error: { code: string; message: string } }).error.message
      expect((body as { error: { code: string } }).error.code).toBe('Internal')
      expect(message).not.toMatch(INTERNAL)
      const id = /id ([0-9a-f]{8})/.exec(message)?.[1]
      expect(logged.some((line) => line.includes(id!))).toBe(true)
    }
    expect(logged.join('\n')).toContain('/home/op/csms/src/main/services/station-service.ts')
    expect(await post('getStation', { stationId: 'CP-NONE' })).toEqual({ status: 404, body: { error: { code: 'NotFound', message: 'No charge point "CP-NONE" is known to this Central System' } } })
  })

  it('storage that cannot write is a 503 saying what to check, without the data folder’s path', async () => {
    const { post } = await bridge()
    const { status, body } = await post('queryLog')
    expect(status).toBe(503)
    expect((body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'Unavailable', message: expect.stringMatching(/data folder/) })
    expect(JSON.stringify(body)).not.toMatch(/\/home|EIO|message-log/)
  })

  it('over IPC the same: the list record by record, errors as data with an id only', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
    const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener as never), removeHandler: () => undefined, on: () => undefined, removeAllListeners: () => undefined }
    const unregister = registerIpc(ipcMain, fakeApi(), new EventBus(), () => [], appPage(true, {}, '/app/index.html'))
    stops.push(async () => unregister())
    const invoke = (command: string, args: unknown) => handlers.get(IPC_INVOKE)!({ senderFrame: { url: 'file:///app/index.html' } }, command, args) as Promise<IpcEnvelope>
    const listed = await invoke('listTasks', {})
    expect(listed.ok).toBe(true)
    const tasks = JSON.parse((listed as { json: string }).json) as CallTask[]
    expect(tasks.map((t) => Boolean(t.unreadable))).toEqual([false, true, false])
    const failed = await invoke('getStation', { stationId: 'CP-DEEP' })
    expect(failed).toMatchObject({ ok: false, error: { code: 'Internal', message: expect.stringMatching(/id [0-9a-f]{8}/) } })
    expect(JSON.stringify(failed)).not.toMatch(INTERNAL)
  })
})

describe('payloads of the wrong type are the caller’s fault, not an internal error', () => {
  let h: Harness
  afterEach(async () => h?.stop())

  it('checkCall and sendCall with a charging profile of the wrong types answer with the violations; exportAuthListCsv with a wrong entry answers 400 naming it', async () => {
    h = await startHarness()
    await h.booted('CP-P')
    const profile = { chargingSchedule: { chargingSchedulePeriod: [5, null, { startPeriod: 'x', limit: 'y' }] } }
    for (const action of ['SetChargingProfile', 'RemoteStartTransaction']) {
      const payload = { connectorId: 1, idTag: 'A', chargingProfile: profile, csChargingProfiles: profile }
      const checked = await h.http('checkCall', { stationId: 'CP-P', action, payload })
      expect(checked.status).toBe(200)
      expect(checked.body).toMatchObject({ sendable: false, violations: expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]) })
      const sent = await h.http('sendCall', { stationId: 'CP-P', action, payload, wait: true })
      expect(sent.status).toBe(200)
      expect(sent.body).toMatchObject({ state: 'refused' })
    }
    const exported = await h.http('exportAuthListCsv', { entries: [{ idTag: 'OK' }, null] })
    expect(exported.status).toBe(400)
    expect(exported.body).toMatchObject({ error: { code: 'BadRequest', message: expect.stringMatching(/entries\/1/) } })
  })
})
