import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'

describe('CS→CP calls', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('sends any CALL and answers with the station reply when asked to wait', async () => {
    const cp = await h.booted('CP-A')
    const pending = h.invoke<CallTask>('sendCall', { stationId: 'CP-A', action: 'Reset', payload: { type: 'Soft' }, wait: true })
    const call = await cp.nextCall('Reset')
    expect(call[3]).toEqual({ type: 'Soft' })
    expect(String(call[1]).length).toBeLessThanOrEqual(36)
    cp.answer(call, { status: 'Accepted' })
    const task = await pending
    expect(task).toMatchObject({ state: 'answered', response: { status: 'Accepted' }, messageId: call[1] })
  })

  it('returns at once with a task whose outcome arrives as taskUpdated events', async () => {
    const cp = await h.booted('CP-T')
    const updates: CallTask[] = []
    h.csms.bus.on('taskUpdated', (task) => updates.push(task))
    const task = await h.invoke<CallTask>('sendCall', { stationId: 'CP-T', action: 'ClearCache', payload: {} })
    expect(['queued', 'sent']).toContain(task.state)
    const call = await cp.nextCall('ClearCache')
    cp.answer(call, { status: 'Rejected' })
    await expect.poll(() => updates.find((u) => u.id === task.id && u.state === 'answered')).toBeTruthy()
    const history = await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-T' })
    expect(history[0]).toMatchObject({ id: task.id, state: 'answered', response: { status: 'Rejected' } })
  })

  it('keeps one CALL outstanding per station and sends the rest in order', async () => {
    const cp = await h.booted('CP-Q')
    const first = h.invoke<CallTask>('sendCall', { stationId: 'CP-Q', action: 'ClearCache', payload: {}, wait: true })
    const second = h.invoke<CallTask>('sendCall', { stationId: 'CP-Q', action: 'Reset', payload: { type: 'Hard' }, wait: true })
    const call1 = await cp.nextCall()
    expect(call1[2]).toBe('ClearCache')
    // Nothing else arrives while the first is unanswered.
    await expect(cp.nextCall(undefined, 300)).rejects.toThrow(/no matching frame/)
    const nextPromise = cp.nextCall()
    cp.answer(call1, { status: 'Accepted' })
    const call2 = await nextPromise
    expect(call2[2]).toBe('Reset')
    cp.answer(call2, { status: 'Accepted' })
    expect((await first).state).toBe('answered')
    expect((await second).state).toBe('answered')
  })

  it('answers the station’s own CALLs while a CALL of ours is pending', async () => {
    const cp = await h.booted('CP-X')
    const pending = h.invoke<CallTask>('sendCall', { stationId: 'CP-X', action: 'ClearCache', payload: {}, wait: true })
    const call = await cp.nextCall('ClearCache')
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
    cp.answer(call, { status: 'Accepted' })
    expect((await pending).state).toBe('answered')
  })

  it('times out a CALL the station never answers and moves on to the next', async () => {
    const cp = await h.booted('CP-SLOW')
    await h.invoke('updateStation', { stationId: 'CP-SLOW', overrides: { callTimeoutSec: 1 } })
    const first = h.invoke<CallTask>('sendCall', { stationId: 'CP-SLOW', action: 'ClearCache', payload: {}, wait: true })
    const second = h.invoke<CallTask>('sendCall', { stationId: 'CP-SLOW', action: 'GetLocalListVersion', payload: {}, wait: true })
    await cp.nextCall('ClearCache')
    const next = await cp.nextCall('GetLocalListVersion', 4000)
    expect(await first).toMatchObject({ state: 'timeout' })
    expect((await first).reason).toMatch(/No answer within 1 s/)
    cp.answer(next, { listVersion: 3 })
    expect(await second).toMatchObject({ state: 'answered', response: { listVersion: 3 } })
  })

  it('reports a CALLERROR answer with its code, description and details', async () => {
    const cp = await h.booted('CP-E')
    const pending = h.invoke<CallTask>('sendCall', { stationId: 'CP-E', action: 'SetChargingProfile', payload: { connectorId: 1, csChargingProfiles: { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.1 }] } } }, wait: true })
    const call = await cp.nextCall('SetChargingProfile')
    cp.answerError(call, 'NotSupported', 'no smart charging', { hint: 1 })
    expect(await pending).toMatchObject({ state: 'callerror', error: { code: 'NotSupported', description: 'no smart charging', details: { hint: 1 } } })
  })

  it('refuses locally a payload that breaks the schema, and sends nothing', async () => {
    const cp = await h.booted('CP-R')
    const task = await h.invoke<CallTask>('sendCall', { stationId: 'CP-R', action: 'Reset', payload: { type: 'Gentle' }, wait: true })
    expect(task.state).toBe('refused')
    expect(task.reason).toMatch(/schema/)
    expect(task.violations?.[0]?.path).toBe('/type')
    await expect(cp.nextCall(undefined, 300)).rejects.toThrow()
  })

  it('sends free-form values the schema allows, e.g. an unknown configuration key', async () => {
    const cp = await h.booted('CP-F')
    const pending = h.invoke<CallTask>('sendCall', { stationId: 'CP-F', action: 'ChangeConfiguration', payload: { key: 'NoSuchKey', value: '-1' }, wait: true })
    const call = await cp.nextCall('ChangeConfiguration')
    cp.answer(call, { status: 'NotSupported' })
    expect(await pending).toMatchObject({ state: 'answered', response: { status: 'NotSupported' } })
  })

  it('reports an offline station at once, sending nothing', async () => {
    const cp = await h.booted('CP-OFF')
    await cp.close()
    await expect.poll(async () => (await h.invoke<{ connection: { connected: boolean } }>('getStation', { stationId: 'CP-OFF' })).connection.connected).toBe(false)
    const task = await h.invoke<CallTask>('sendCall', { stationId: 'CP-OFF', action: 'ClearCache', payload: {} })
    expect(task).toMatchObject({ state: 'offline' })
    expect(task.reason).toMatch(/not connected/)
  })

  it('refuses an action that is not CS→CP', async () => {
    await h.booted('CP-W')
    const task = await h.invoke<CallTask>('sendCall', { stationId: 'CP-W', action: 'Heartbeat', payload: {} })
    expect(task.state).toBe('refused')
  })
})
