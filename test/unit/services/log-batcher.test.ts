import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LogEntry } from '@shared/contract/dto'
import { EventBus } from '../../../src/main/services/event-bus'
import { LogBatcher } from '../../../src/main/services/log-batcher'

const entry = (seq: number): LogEntry => ({ seq, time: '2026-11-30T00:00:00.000Z', stationId: 'CP1', direction: 'in', kind: 'CALL', action: 'Heartbeat', messageId: `m${seq}`, payload: {} })

afterEach(() => vi.useRealTimers())

describe('message log events for the UI', () => {
  it('a burst of frames reaches the UI as one event within 50 ms, oldest first', () => {
    vi.useFakeTimers()
    const bus = new EventBus()
    const batches: LogEntry[][] = []
    bus.on('messagesLogged', (batch) => batches.push(batch))
    const batcher = new LogBatcher(bus)
    for (let seq = 1; seq <= 1000; seq += 1) batcher.add(entry(seq))
    vi.advanceTimersByTime(49)
    expect(batches).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(batches).toHaveLength(1)
    expect(batches[0]!.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
    batcher.add(entry(1001))
    vi.advanceTimersByTime(50)
    expect(batches.map((b) => b.length)).toEqual([1000, 1])
  })

  it('a flood beyond the batch limit keeps only the newest frames in the event (all stay in the log)', () => {
    vi.useFakeTimers()
    const bus = new EventBus()
    const batches: LogEntry[][] = []
    bus.on('messagesLogged', (batch) => batches.push(batch))
    const batcher = new LogBatcher(bus, 50, 100)
    for (let seq = 1; seq <= 1000; seq += 1) batcher.add(entry(seq))
    batcher.flush()
    expect(batches[0]!.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 901 + i))
  })
})
