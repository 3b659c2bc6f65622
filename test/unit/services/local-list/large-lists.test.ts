/**
 * Issue 18 §3: a station that reports SendLocalListMaxLength 1 makes every list go one entry per
 * message. What the CSMS computes for such a send grows with the list once (not with the list
 * times the messages), and a history of sends in tens of thousands of chunks each does not break
 * the next send.
 */
import { describe, expect, it } from 'vitest'
import type { ListSend } from '@shared/contract/auth-dto'
import type { CallTask } from '@shared/contract/dto'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { createOcppValidator } from '../../../../src/main/ocpp/validator'
import { EventBus } from '../../../../src/main/services/event-bus'
import { applyUpdate } from '../../../../src/main/services/local-list/list-diff'
import { LocalListService } from '../../../../src/main/services/local-list/local-list-service'
import { AuthRepository } from '../../../../src/main/storage/auth-repository'
import { StateStore } from '../../../../src/main/storage/state-store'
import { idRecord } from '../../../../src/shared/util/id-record'

const validator = createOcppValidator()

async function service(maxLength: number) {
  const repo = new AuthRepository(await StateStore.open())
  let version = 0
  const sent: unknown[] = []
  const lists = new LocalListService({
    repo,
    bus: new EventBus(),
    validator,
    // Nothing answers: the send stays at its first chunk, which is all these tests look at.
    send: (stationId, action, payload) => {
      sent.push(payload)
      const task = { id: `t${sent.length}`, stationId, action, payload, state: 'sent', createdAt: 'now' } as CallTask
      return { task, done: new Promise<CallTask>(() => undefined) }
    },
    nextVersion: async (_stationId, floor) => (version = Math.max(version, floor) + 1),
    configuration: (stationId) => ({ stationId, keys: idRecord([['SendLocalListMaxLength', { key: 'SendLocalListMaxLength', value: String(maxLength), readonly: true, updatedAt: 'now', source: 'GetConfiguration' }]]), unknownKeys: [] }),
    idTags: () => [],
  })
  return { repo, lists, sent }
}

const entry = (i: number, status?: 'Accepted' | 'Blocked'): AuthorizationData => (status ? { idTag: `TAG${i}`, idTagInfo: { status } } : { idTag: `TAG${i}` })

describe('local lists sent one entry per message', () => {
  it('the list a send leaves on the station is the same as applying its chunks one by one', async () => {
    const { repo, lists } = await service(1)
    repo.saveLocalList('CP1', { entries: Array.from({ length: 300 }, (_, i) => entry(i, 'Accepted')), history: [], expectedVersion: 1 })
    // Changes, removals (no idTagInfo), an idTag twice (the last one wins) and new ones.
    const target = [...Array.from({ length: 200 }, (_, i) => entry(i, i % 2 ? 'Blocked' : 'Accepted')), entry(250), entry(5, 'Accepted'), ...Array.from({ length: 100 }, (_, i) => entry(1000 + i, 'Accepted'))]
    const { sends } = await lists.send({ stationIds: ['CP1'], entries: target, updateType: 'Differential', asIs: true })
    const stepByStep = target.reduce((list, one) => applyUpdate(list, 'Differential', [one]), repo.localList('CP1').entries)
    expect(sends[0]!.chunks).toHaveLength(target.length)
    expect(sends[0]!.targetEntries).toBe(stepByStep.length)
    const full = await lists.send({ stationIds: ['CP1'], entries: target, updateType: 'Full' })
    expect(full.sends[0]!.targetEntries).toBe(target.reduce((list, one, i) => applyUpdate(list, i === 0 ? 'Full' : 'Differential', [one]), [] as AuthorizationData[]).length)
  })

  it('a history of sends in 150,000 chunks does not break the next send (it overflowed the call stack)', async () => {
    const { repo, lists, sent } = await service(1)
    const chunks = Array.from({ length: 150_000 }, (_, i) => ({ listVersion: i + 1, updateType: 'Differential' as const, entries: 1, status: 'Accepted' }))
    const big: ListSend = { id: 's1', stationId: 'CP1', updateType: 'Differential', targetEntries: 150_000, chunks, state: 'accepted', startedAt: 'then', warnings: [] }
    repo.saveLocalList('CP1', { entries: [], history: [big], expectedVersion: 150_000 })
    const { sends } = await lists.send({ stationIds: ['CP1'], entries: [entry(1, 'Accepted')], updateType: 'Differential' })
    expect(sends[0]!.state).toBe('sending')
    await new Promise((resolve) => setImmediate(resolve))
    expect((sent[0] as { listVersion: number }).listVersion).toBe(150_001)
  })
})
