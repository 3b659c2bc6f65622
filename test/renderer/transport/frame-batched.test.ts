import { describe, expect, it, vi } from 'vitest'
import type { CsmsBridge } from '@renderer/transport/bridge'
import { frameBatched } from '@renderer/transport/frame-batched'
import { createIpcTransport } from '@renderer/transport/ipc-transport'

function setup() {
  const listeners = new Map<string, Set<(data: unknown) => void>>()
  const bridge: CsmsBridge = {
    invoke: vi.fn(async () => ({ ok: true, json: '[]' })),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set.add(listener))
      return () => set.delete(listener)
    },
    subscribe: () => {},
  }
  const frames: Array<() => void> = []
  const transport = frameBatched(createIpcTransport(bridge), (run) => frames.push(run))
  const send = (event: string, data: unknown) => listeners.get(event)?.forEach((listener) => listener(data))
  return { transport, frames, send, bridge }
}

describe('events delivered in batches, at most ten a second, on an animation frame', () => {
  it('queues a burst of events and delivers them together, in arrival order across event names, at the next frame', () => {
    const { transport, frames, send } = setup()
    const seen: string[] = []
    transport.on('stationUpdated', (s) => seen.push(`station ${s.id}`))
    transport.on('taskUpdated', (t) => seen.push(`task ${t.id}`))
    for (let i = 0; i < 500; i += 1) send('stationUpdated', { id: `CP${i}` })
    send('taskUpdated', { id: 't1' })
    send('stationUpdated', { id: 'CP-last' })
    expect(seen).toEqual([])
    expect(frames).toHaveLength(1) // one frame for the whole burst
    frames.shift()!()
    expect(seen).toHaveLength(502)
    expect(seen.slice(-3)).toEqual(['station CP499', 'task t1', 'station CP-last'])
    send('taskUpdated', { id: 't2' })
    expect(frames).toHaveLength(1) // the next burst gets the next frame
    frames.shift()!()
    expect(seen.at(-1)).toBe('task t2')
  })

  it('an unsubscribed listener gets nothing still queued; a throwing listener does not stop the others', () => {
    const { transport, frames, send } = setup()
    const gone = vi.fn()
    const kept = vi.fn()
    const off = transport.on('taskUpdated', gone)
    transport.on('taskUpdated', () => {
      throw new Error('broken listener')
    })
    transport.on('taskUpdated', kept)
    send('taskUpdated', { id: 't1' })
    off()
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    frames.shift()!()
    error.mockRestore()
    expect(gone).not.toHaveBeenCalled()
    expect(kept).toHaveBeenCalledWith({ id: 't1' })
  })

  it('by default a burst waits 100 ms, then an animation frame, and arrives as one delivery', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame', 'performance'] })
    try {
      const listeners = new Map<string, (data: unknown) => void>()
      const bridge: CsmsBridge = { invoke: async () => ({ ok: true, json: 'null' }), on: (event, listener) => (listeners.set(event, listener), () => listeners.delete(event)), subscribe: () => {} }
      const transport = frameBatched(createIpcTransport(bridge))
      const seen: string[] = []
      transport.on('stationUpdated', (s) => seen.push(s.id))
      for (let i = 0; i < 300; i += 1) listeners.get('stationUpdated')!({ id: `CP${i}` })
      vi.advanceTimersByTime(99)
      expect(seen).toEqual([])
      vi.advanceTimersByTime(1 + 17) // the timer, then the next frame
      expect(seen).toHaveLength(300)
    } finally {
      vi.useRealTimers()
    }
  })

  it('commands and the channel state go straight through', async () => {
    const { transport, bridge } = setup()
    expect(await transport.invoke('listStations', {})).toEqual([])
    expect(bridge.invoke).toHaveBeenCalledWith('listStations', {})
    expect(transport.getState()).toBe('open')
  })
})
