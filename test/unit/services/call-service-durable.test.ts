/** Issue 20 §2: a task is announced final only once what the station acknowledged is on disk. */
import { describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import type { CallOutcome } from '../../../src/main/ocpp/call-outcome'
import { CallService, type CallTarget } from '../../../src/main/services/call-service'
import { EventBus } from '../../../src/main/services/event-bus'

const answering = (outcome: CallOutcome): CallTarget => ({
  call: async (_action, _payload, hooks) => {
    hooks?.onSent?.('m1')
    return outcome
  },
})
const accepted: CallOutcome = { kind: 'result', messageId: 'm1', payload: { status: 'Accepted' }, violations: [] }

describe('tasks are final once the answer’s effect is durable', () => {
  it('onFinished applies the answer first, then the write is awaited, then the task is final (event, get, done)', async () => {
    const bus = new EventBus()
    const order: string[] = []
    bus.on('taskUpdated', (task) => void (task.finishedAt && order.push(`final:${task.state}`)))
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let changes = 0
    const calls = new CallService({
      connectionFor: () => answering(accepted),
      bus,
      onFinished: (task) => {
        changes += 1
        order.push(`applied:${task.state}`)
      },
      durability: {
        changes: () => changes,
        durable: async () => {
          order.push('durable')
          await gate
        },
      },
    })
    const { task, done } = calls.send('CP', 'ReserveNow', { connectorId: 1, expiryDate: '2030-01-01T00:00:00Z', idTag: 'T', reservationId: 1 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(order).toEqual(['applied:answered', 'durable'])
    expect(calls.get(task.id)?.finishedAt).toBeUndefined()
    release()
    const final = await done
    expect(order).toEqual(['applied:answered', 'durable', 'final:answered'])
    expect(final.state).toBe('answered')
    expect(final.warnings).toBeUndefined()
  })

  it('a write that fails still finishes the task, saying the answer is not saved yet', async () => {
    let changes = 0
    const calls = new CallService({ connectionFor: () => answering(accepted), bus: new EventBus(), onFinished: () => void (changes += 1), durability: { changes: () => changes, durable: () => Promise.reject(new Error('ENOSPC')) } })
    const final: CallTask = await calls.send('CP', 'ClearCache', {}).done
    expect(final.state).toBe('answered')
    expect(final.warnings?.join(' ')).toContain('Not saved yet')
  })

  it('an outcome without an answer (CALLERROR, timeout, offline), or an answer that changed nothing, waits for no write', async () => {
    let writes = 0
    let changes = 0
    const durability = { changes: () => changes, durable: async () => void (writes += 1) }
    const changing = () => void (changes += 1)
    const error = new CallService({ connectionFor: () => answering({ kind: 'error', messageId: 'm1', code: 'NotSupported', description: '', details: {} }), bus: new EventBus(), onFinished: changing, durability })
    await error.send('CP', 'ClearCache', {}).done
    const offline = new CallService({ connectionFor: () => undefined, bus: new EventBus(), onFinished: changing, durability })
    await offline.send('CP', 'ClearCache', {}).done
    const unchanged = new CallService({ connectionFor: () => answering(accepted), bus: new EventBus(), durability })
    await unchanged.send('CP', 'ClearCache', {}).done
    expect(writes).toBe(0)
  })
})
