import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@renderer/api'
import type { CsmsBridge } from '@renderer/transport/bridge'
import { createIpcTransport } from '@renderer/transport/ipc-transport'

describe('ipc transport', () => {
  it('forwards commands and events to window.csms', async () => {
    const listeners = new Map<string, (data: unknown) => void>()
    const bridge: CsmsBridge = {
      invoke: vi.fn(async () => ({ ok: true, json: JSON.stringify({ version: '1' }) })),
      on: vi.fn((event: string, listener: (data: unknown) => void) => {
        listeners.set(event, listener)
        return () => listeners.delete(event)
      }),
      subscribe: vi.fn(),
    }
    const t = createIpcTransport(bridge)
    expect(await t.invoke('getServerInfo', {})).toEqual({ version: '1' })
    expect(bridge.invoke).toHaveBeenCalledWith('getServerInfo', {})
    const got = vi.fn()
    t.on('taskUpdated', got)
    listeners.get('taskUpdated')?.({ id: 't1' })
    expect(got).toHaveBeenCalledWith({ id: 't1' })
    expect(t.getState()).toBe('open')
  })

  it('turns an error envelope from main into an ApiError with its code, message and details', async () => {
    const refusing: CsmsBridge = {
      invoke: async () => ({ ok: false, error: { code: 'NotFound', message: 'Unknown station', details: { id: 'x' } } }),
      on: () => () => {},
      subscribe: () => {},
    }
    const err = await createIpcTransport(refusing).invoke('getStation', { stationId: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'NotFound', message: 'Unknown station', details: { id: 'x' } })
  })

  it('a broken IPC channel becomes an Internal ApiError, never an unexplained crash', async () => {
    const broken: CsmsBridge = { invoke: async () => Promise.reject(new Error('channel closed')), on: () => () => {}, subscribe: () => {} }
    await expect(createIpcTransport(broken).invoke('listStations', {})).rejects.toMatchObject({ code: 'Internal', message: 'channel closed' })
    const garbled: CsmsBridge = { invoke: async () => 'nonsense', on: () => () => {}, subscribe: () => {} }
    await expect(createIpcTransport(garbled).invoke('listStations', {})).rejects.toMatchObject({ code: 'BadResponse' })
  })

  it('tells main which events the window listens to, before any command that follows', async () => {
    const order: string[] = []
    const bridge: CsmsBridge = {
      invoke: vi.fn(async (command: string) => (order.push(command), { ok: true, json: '[]' })),
      on: () => () => {},
      subscribe: vi.fn((subscription: unknown) => void order.push(JSON.stringify(subscription))),
    }
    const t = createIpcTransport(bridge)
    const off = t.on('messagesLogged', vi.fn(), { stationId: 'CP1' })
    t.on('stationUpdated', vi.fn())
    await t.invoke('queryLog', {})
    expect(order).toEqual(['{"messagesLogged":["CP1"],"stationUpdated":"all"}', 'queryLog'])
    off()
    await Promise.resolve()
    expect(bridge.subscribe).toHaveBeenLastCalledWith({ stationUpdated: 'all' })
    expect(bridge.subscribe).toHaveBeenCalledTimes(2)
  })
})
