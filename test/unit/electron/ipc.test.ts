import { describe, expect, it } from 'vitest'
import { IPC_EVENT, IPC_INVOKE, type IpcEnvelope } from '@shared/ipc/channels'
import { registerIpc, type IpcMainLike } from '../../../src/main/electron/ipc'
import { ApiError, type Api } from '../../../src/main/api'
import { EventBus } from '../../../src/main/services/event-bus'

function fakeIpcMain() {
  const handlers = new Map<string, (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => Promise<unknown>>()
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener), removeHandler: (channel) => void handlers.delete(channel) }
  return { ipcMain, handlers }
}

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
    registerIpc(ipcMain, api, new EventBus(), () => [])
    const invoke = handlers.get(IPC_INVOKE)!
    const frame = { senderFrame: { url: 'file:///app/index.html' } }
    expect(await invoke(frame, 'listStations', {})).toEqual({ ok: true, result: { command: 'listStations', args: {} } })
    expect(await invoke(frame, 'boom', {})).toEqual({ ok: false, error: { code: 'NotFound', message: 'no such thing' } } satisfies IpcEnvelope)
  })

  it('refuses calls from pages that are not the app', async () => {
    const { ipcMain, handlers } = fakeIpcMain()
    registerIpc(ipcMain, api, new EventBus(), () => [])
    const answer = (await handlers.get(IPC_INVOKE)!({ senderFrame: { url: 'https://evil.example/' } }, 'listStations', {})) as IpcEnvelope
    expect(answer.ok).toBe(false)
  })

  it('pushes every bus event to every live window and stops when unregistered', () => {
    const { ipcMain, handlers } = fakeIpcMain()
    const bus = new EventBus()
    const sent: unknown[] = []
    const contents = { isDestroyed: () => false, send: (channel: string, message: unknown) => sent.push([channel, message]) }
    const dead = { isDestroyed: () => true, send: () => sent.push('dead') }
    const unregister = registerIpc(ipcMain, api, bus, () => [contents, dead])
    bus.emit('messagesLogged', [])
    expect(sent).toEqual([[IPC_EVENT, { event: 'messagesLogged', data: [] }]])
    unregister()
    bus.emit('messagesLogged', [])
    expect(sent.length).toBe(1)
    expect(handlers.has(IPC_INVOKE)).toBe(false)
  })
})
