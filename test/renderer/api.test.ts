import { afterEach, describe, expect, it, vi } from 'vitest'
import { getClient, resetClient, useConnectionState } from '@renderer/api'

afterEach(() => {
  resetClient()
  delete window.csms
  vi.unstubAllGlobals()
})

describe('api', () => {
  it('uses the preload bridge when window.csms exists', async () => {
    const invoke = vi.fn(async () => ({ ok: true, json: '[]' }))
    window.csms = { invoke, on: () => () => {}, subscribe: () => {} }
    await getClient().invoke('listStations', {})
    expect(invoke).toHaveBeenCalledWith('listStations', {})
    expect(useConnectionState().value).toBe('open')
  })

  it('falls back to the web bridge (HTTP + /api/events WebSocket) in a plain browser', async () => {
    const urls: string[] = []
    class FakeWebSocket {
      onopen: (() => void) | null = null
      onclose: (() => void) | null = null
      onmessage = null
      onerror = null
      constructor(url: string) {
        urls.push(url)
      }
      close(): void {}
    }
    vi.stubGlobal('WebSocket', FakeWebSocket)
    const fetchMock = vi.fn(async () => new Response('[]', { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)
    const state = useConnectionState()
    expect(state.value).toBe('connecting')
    expect(urls[0]).toMatch(/^wss?:\/\/[^/]+\/api\/events$/)
    await getClient().invoke('listStations', {})
    expect(String((fetchMock.mock.calls[0] as unknown as [string])[0])).toMatch(/\/api\/listStations$/)
  })
})
