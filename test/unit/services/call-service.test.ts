import { describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import type { CallOutcome } from '../../../src/main/ocpp/call-outcome'
import { CallService, type CallTarget } from '../../../src/main/services/call-service'
import { EventBus } from '../../../src/main/services/event-bus'

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const MASKED = '<hidden: 40 characters>'

describe('call service: tasks are records with their secrets masked', () => {
  it('the station gets the real AuthorizationKey; send, done, get, list and every event hold the masked one; onFinished alone sees the real request and answer', async () => {
    const bus = new EventBus()
    const emitted: CallTask[] = []
    bus.on('taskUpdated', (task) => emitted.push(task))
    const sent: unknown[] = []
    const connection: CallTarget = {
      call: async (_action, payload, hooks) => {
        sent.push(payload)
        hooks?.onSent?.('m1')
        return { kind: 'result', messageId: 'm1', payload: { status: 'Accepted', echo: { key: 'AuthorizationKey', value: KEY } }, violations: [] } satisfies CallOutcome
      },
    }
    const finished: CallTask[] = []
    const calls = new CallService({ connectionFor: () => connection, bus, onFinished: (task) => finished.push(task) })
    const payload = { key: 'AuthorizationKey', value: KEY }
    const { task, done } = calls.send('CP', 'ChangeConfiguration', payload)
    const final = await done
    expect(sent).toEqual([{ key: 'AuthorizationKey', value: KEY }])
    expect(payload.value).toBe(KEY) // the caller's object is not touched
    for (const shown of [task, final, calls.get(task.id), ...calls.list(), ...emitted]) {
      expect(JSON.stringify(shown)).not.toContain(KEY)
      expect((shown!.payload as { value: string }).value).toBe(MASKED)
    }
    expect(final.response).toEqual({ status: 'Accepted', echo: { key: 'AuthorizationKey', value: MASKED } })
    expect(finished).toHaveLength(1)
    expect(finished[0]!.payload).toEqual({ key: 'AuthorizationKey', value: KEY })
    expect(finished[0]!.response).toEqual({ status: 'Accepted', echo: { key: 'AuthorizationKey', value: KEY } })
  })

  it('an offline or refused call is masked the same way; tasks of earlier runs are masked when loaded', async () => {
    const bus = new EventBus()
    const finished: CallTask[] = []
    const old: CallTask = { id: 'old', stationId: 'CP', action: 'ChangeConfiguration', payload: { key: 'authorizationkey', value: KEY }, state: 'answered', createdAt: 't', finishedAt: 't' }
    const calls = new CallService({ connectionFor: () => undefined, bus, onFinished: (task) => finished.push(task), initial: [old] })
    const offline = calls.send('CP', 'ChangeConfiguration', { key: 'AuthorizationKey', value: KEY }).task
    const refused = calls.send('CP', 'NoSuchAction', { password: KEY }).task
    expect(offline.state).toBe('offline')
    expect(refused.state).toBe('refused')
    expect(JSON.stringify(calls.list())).not.toContain(KEY)
    expect(finished.map((task) => JSON.stringify(task.payload).includes(KEY))).toEqual([true, true])
  })
})

describe('call service: an answer that could not be used', () => {
  it('a malformed outcome ends the task as malformed with its reason and violations, no response; onFinished sees it so (services act on answered only)', async () => {
    const bus = new EventBus()
    const violations = [{ code: 'TypeConstraintViolation' as const, path: '/status', message: 'must be of type string' }]
    const connection: CallTarget = {
      call: async (_action, _payload, hooks) => {
        hooks?.onSent?.('m2')
        return { kind: 'malformed', messageId: 'm2', violations, reason: 'The Reset answer breaks the OCPP 1.6 schema' } satisfies CallOutcome
      },
    }
    const finished: CallTask[] = []
    const calls = new CallService({ connectionFor: () => connection, bus, onFinished: (task) => finished.push(task) })
    const final = await calls.send('CP', 'Reset', { type: 'Soft' }).done
    expect(final).toMatchObject({ state: 'malformed', messageId: 'm2', reason: 'The Reset answer breaks the OCPP 1.6 schema', violations })
    expect(final.finishedAt).toBeDefined()
    expect(final).not.toHaveProperty('response')
    expect(finished).toHaveLength(1)
    expect(finished[0]).toMatchObject({ state: 'malformed' })
    expect(finished[0]).not.toHaveProperty('response')
  })
})
