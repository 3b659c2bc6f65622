import { describe, expect, it, vi } from 'vitest'
import { IPC_EVENT, IPC_INVOKE, IPC_SUBSCRIBE, type IpcEnvelope } from '@shared/ipc/channels'
import type { LogEntry } from '@shared/contract'
import { registerIpc, type IpcMainLike } from '../../../src/main/electron/ipc'
import { appPage } from '../../../src/main/electron/app-page'
import { ApiError, createApi, type Api, type ApiCore } from '../../../src/main/api'
import { EventBus } from '../../../src/main/services/event-bus'

type OnListener = Parameters<IpcMainLike['on']>[1]

function fakeIpcMain() {
  const handlers = new Map<string, (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => Promise<unknown>>()
  const listeners = new Map<string, OnListener>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
    on: (channel, listener) => void listeners.set(channel, listener),
    removeAllListeners: (channel) => void listeners.delete(channel),
  }
  return { ipcMain, handlers, listeners }
}

function frame(stationId: string, seq: number): LogEntry {
  return { seq, time: '2026-11-30T00:00:00.000Z', stationId, direction: 'in', kind: 'CALL', messageId: String(seq), action: 'Heartbeat', payload: {}, raw: '' } as LogEntry
}

const app = { url: 'file:///app/index.html' }
/** The packaged app's page: its built index.html. */
const packaged = appPage(true, {}, '/app/index.html')
const development = appPage(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, '/app/index.html')

const api: Api = {
  invoke: async (command, args) => {
    if (command === 'boom') throw new ApiError('NotFound', 'no such thing')
    return { command, args }
  },
  describe: () => [],
}

describe('Electron IPC glue', () => {
  it('forwards invoke to the API and answers with an envelope', async () => {
    const { ipcMain, handlers } = fakeIpcMain()
    registerIpc(ipcMain, api, new EventBus(), () => [], packaged)
    const invoke = handlers.get(IPC_INVOKE)!
    const frame = { senderFrame: { url: 'file:///app/index.html' } }
    expect(await invoke(frame, 'listStations', {})).toEqual({ ok: true, json: JSON.stringify({ command: 'listStations', args: {} }) })
    expect(await invoke(frame, 'boom', {})).toEqual({ ok: false, error: { code: 'NotFound', message: 'no such thing' } } satisfies IpcEnvelope)
  })

  it('refuses calls from pages that are not the app', async () => {
    const { ipcMain, handlers } = fakeIpcMain()
    registerIpc(ipcMain, api, new EventBus(), () => [], packaged)
    const answer = (await handlers.get(IPC_INVOKE)!({ senderFrame: { url: 'https://evil.example/' } }, 'listStations', {})) as IpcEnvelope
    expect(answer.ok).toBe(false)
  })

  it('pushes every bus event to every live window and stops when unregistered', () => {
    const { ipcMain, handlers } = fakeIpcMain()
    const bus = new EventBus()
    const sent: unknown[] = []
    const contents = { id: 1, isDestroyed: () => false, send: (channel: string, message: unknown) => sent.push([channel, message]) }
    const dead = { id: 2, isDestroyed: () => true, send: () => sent.push('dead') }
    const unregister = registerIpc(ipcMain, api, bus, () => [contents, dead], packaged)
    bus.emit('messagesLogged', [])
    expect(sent).toEqual([[IPC_EVENT, { event: 'messagesLogged', data: [] }]])
    unregister()
    bus.emit('messagesLogged', [])
    expect(sent.length).toBe(1)
    expect(handlers.has(IPC_INVOKE)).toBe(false)
  })

  it('a window that subscribed gets only the events it named, and frames only of its stations', () => {
    const { ipcMain, listeners } = fakeIpcMain()
    const bus = new EventBus()
    const sent = new Map<number, unknown[]>([[1, []], [2, []]])
    const window = (id: number) => ({ id, isDestroyed: () => false, send: (_channel: string, message: unknown) => void sent.get(id)!.push(message) })
    const unregister = registerIpc(ipcMain, api, bus, () => [window(1), window(2)], packaged)
    const subscribe = listeners.get(IPC_SUBSCRIBE)!
    subscribe({ sender: { id: 1 }, senderFrame: app }, { messagesLogged: ['CP1'] })
    bus.emit('messagesLogged', [frame('CP1', 1), frame('CP2', 2)])
    bus.emit('messagesLogged', [frame('CP2', 3)])
    bus.emit('settingsUpdated', {} as never)
    expect(sent.get(1)).toEqual([{ event: 'messagesLogged', data: [frame('CP1', 1)] }])
    expect(sent.get(2)).toHaveLength(3) // never subscribed: everything
    unregister()
    expect(listeners.has(IPC_SUBSCRIBE)).toBe(false)
  })

  it('ignores a subscription from a page that is not the app, and a malformed one', () => {
    const { ipcMain, listeners } = fakeIpcMain()
    const bus = new EventBus()
    const sent: unknown[] = []
    registerIpc(ipcMain, api, bus, () => [{ id: 7, isDestroyed: () => false, send: (_c: string, m: unknown) => void sent.push(m) }], packaged)
    const subscribe = listeners.get(IPC_SUBSCRIBE)!
    subscribe({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } }, {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    subscribe({ sender: { id: 7 }, senderFrame: app }, { messagesLogged: 5 })
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/messagesLogged/))
    error.mockRestore()
    bus.emit('messagesLogged', [frame('CP1', 1)])
    expect(sent).toHaveLength(1)
  })

  it('packaged: answers only the app’s own index.html (any #route), no other file:// page and no sub-frame', async () => {
    const { ipcMain, handlers } = fakeIpcMain()
    registerIpc(ipcMain, api, new EventBus(), () => [], packaged)
    const invoke = handlers.get(IPC_INVOKE)!
    const from = async (senderFrame: { url: string; parent?: unknown } | null) => ((await invoke({ senderFrame }, 'listStations', {})) as IpcEnvelope).ok
    expect(await from({ url: 'file:///app/index.html', parent: null })).toBe(true)
    expect(await from({ url: 'file:///app/index.html#/stations/CP-1' })).toBe(true)
    expect(await from({ url: 'file:///etc/evil.html' })).toBe(false)
    expect(await from({ url: 'file:///app/index.html.evil.html' })).toBe(false)
    expect(await from({ url: 'file:///app/other/index.html' })).toBe(false)
    expect(await from({ url: 'file://evil-host/app/index.html' })).toBe(false)
    expect(await from({ url: 'http://localhost:5173/' })).toBe(false) // ELECTRON_RENDERER_URL does not count once packaged
    expect(await from({ url: 'file:///app/index.html', parent: { url: 'file:///app/index.html' } })).toBe(false)
    expect(await from(null)).toBe(false)
  })

  it('development: answers only the dev server’s exact origin, not look-alikes', async () => {
    const { ipcMain, handlers } = fakeIpcMain()
    registerIpc(ipcMain, api, new EventBus(), () => [], development)
    const invoke = handlers.get(IPC_INVOKE)!
    const from = async (url: string) => ((await invoke({ senderFrame: { url } }, 'listStations', {})) as IpcEnvelope).ok
    expect(await from('http://localhost:5173/')).toBe(true)
    expect(await from('http://localhost:5173/#/firmware')).toBe(true)
    for (const evil of ['http://localhost:5173.evil.com/', 'http://localhost:51730/', 'https://localhost:5173/', 'http://localhost:5173@evil.com/', 'http://127.0.0.1:5173/', 'file:///etc/evil.html']) {
      expect(await from(evil), evil).toBe(false)
    }
  })

  it('accepts only contract commands, with arguments checked before any domain code runs', async () => {
    const ran = vi.fn()
    const anything: unknown = new Proxy(function () {}, { get: () => anything, apply: () => ran() })
    const { ipcMain, handlers } = fakeIpcMain()
    registerIpc(ipcMain, createApi(anything as ApiCore), new EventBus(), () => [], packaged)
    const invoke = handlers.get(IPC_INVOKE)!
    const answer = (command: unknown, args: unknown) => invoke({ senderFrame: app }, command, args) as Promise<IpcEnvelope>
    expect(await answer('noSuchCommand', {})).toMatchObject({ ok: false, error: { code: 'UnknownCommand' } })
    expect(await answer('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UnknownCommand' } })
    expect(await answer('constructor', {})).toMatchObject({ ok: false, error: { code: 'UnknownCommand' } })
    expect(await answer(['listStations'], {})).toMatchObject({ ok: false, error: { code: 'BadRequest' } })
    expect(await answer('getStation', { stationId: 5 })).toMatchObject({ ok: false, error: { code: 'BadRequest' } })
    expect(await answer('importFirmwareFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'BadRequest', message: expect.stringContaining('path') } })
    // A sendCall payload nested 5,000 levels (IPC hands objects): refused before the contract check, never a task.
    let deep: unknown = {}
    for (let i = 0; i < 5_000; i += 1) deep = { a: deep }
    expect(await answer('sendCall', { stationId: 'CP', action: 'DataTransfer', payload: { vendorId: 'v', data: deep } })).toMatchObject({ ok: false, error: { code: 'BadRequest', message: expect.stringMatching(/nested deeper than 64 levels/) } })
    expect(ran).not.toHaveBeenCalled()
  })

  it('ignores a subscription from a file:// page that is not the app', () => {
    const { ipcMain, listeners } = fakeIpcMain()
    const bus = new EventBus()
    const sent: unknown[] = []
    registerIpc(ipcMain, api, bus, () => [{ id: 7, isDestroyed: () => false, send: (_c: string, m: unknown) => void sent.push(m) }], packaged)
    listeners.get(IPC_SUBSCRIBE)!({ sender: { id: 7 }, senderFrame: { url: 'file:///etc/evil.html' } }, { messagesLogged: [] })
    bus.emit('messagesLogged', [frame('CP1', 1)])
    expect(sent).toHaveLength(1) // still every event: the subscription was ignored
  })
})
