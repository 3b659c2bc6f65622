import { describe, expect, it, vi } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import { EventBus } from '../../../src/main/services/event-bus'
import { CallService } from '../../../src/main/services/call-service'
import { keptTask, MAX_KEPT_ANSWER_BYTES } from '../../../src/main/services/task-bounds'
import type { CallOutcome } from '../../../src/main/ocpp/call-outcome'

const task = (extra: Partial<CallTask> = {}): CallTask => ({ id: 't1', stationId: 'CP1', action: 'GetConfiguration', payload: {}, state: 'answered', createdAt: '2026-01-01T00:00:00.000Z', ...extra })

describe('a task as the CSMS keeps it', () => {
  it('keeps a small answer as it is', () => {
    const small = task({ response: { status: 'Accepted' } })
    expect(keptTask(small)).toBe(small)
  })

  it('keeps a large answer\u2019s short fields, size and start; the same for what a TriggerMessage brought', () => {
    const big = { status: 'Accepted', data: 'x'.repeat(MAX_KEPT_ANSWER_BYTES), count: 3, list: [1, 2] }
    const kept = keptTask(task({ response: big, triggered: { action: 'MeterValues', messageId: 'm', at: 'now', payload: big } }))
    expect(kept.response).toEqual({ status: 'Accepted', count: 3 })
    expect(kept.responseOmitted).toEqual({ bytes: JSON.stringify(big).length, preview: JSON.stringify(big).slice(0, 2048) })
    expect(kept.triggered?.payload).toEqual({ status: 'Accepted', count: 3 })
    expect(kept.triggered?.payloadOmitted?.bytes).toBe(JSON.stringify(big).length)
  })

  it('the call service hands the whole answer to onFinished, and keeps and announces the bounded one', async () => {
    const bus = new EventBus()
    const announced: CallTask[] = []
    bus.on('taskUpdated', (t) => void announced.push(t))
    const finished: CallTask[] = []
    const big = { configurationKey: Array.from({ length: 5000 }, (_, i) => ({ key: `K${i}`, readonly: false, value: 'v'.repeat(20) })) }
    const connection = { call: async (): Promise<CallOutcome> => ({ kind: 'result', payload: big, messageId: 'm1', violations: [] }) }
    const calls = new CallService({ bus, connectionFor: () => connection as never, onFinished: (t) => void finished.push(t) })
    const { done } = calls.send('CP1', 'GetConfiguration', {})
    await done
    expect(finished[0]!.response).toBe(big)
    expect(announced.at(-1)!.response).toEqual({})
    expect(announced.at(-1)!.responseOmitted!.bytes).toBe(JSON.stringify(big).length)
    expect(calls.list()[0]!.responseOmitted).toBeDefined()
  })

  it('a large answer is serialized once however often its task is bounded (announced, kept, stored: issue 18 §3)', async () => {
    const bus = new EventBus()
    const big = { configurationKey: Array.from({ length: 12_000 }, (_, i) => ({ key: `K${i}`, readonly: false, value: String(i) })) }
    const stored: CallTask[] = []
    const connection = { call: async (): Promise<CallOutcome> => ({ kind: 'result', payload: big, messageId: 'm1', violations: [] }) }
    // As app.ts does: the service bounds the task it keeps and announces; onFinished bounds it again to store it.
    const calls = new CallService({ bus, connectionFor: () => connection as never, onFinished: (t) => void stored.push(keptTask(t)) })
    const stringify = vi.spyOn(JSON, 'stringify')
    try {
      await calls.send('CP1', 'GetConfiguration', {}).done
      expect(stringify.mock.calls.filter(([value]) => value === big)).toHaveLength(1)
    } finally {
      stringify.mockRestore()
    }
    expect(stored[0]!.responseOmitted).toEqual(calls.list()[0]!.responseOmitted)
    expect(stored[0]!.responseOmitted!.preview).toBe(JSON.stringify(big).slice(0, 2048))
  })
})
