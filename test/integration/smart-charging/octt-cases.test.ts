import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, LibraryProfile, SendProfileResult, StationChargingView } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'
import { exchange } from '../../support/call-exchange'

const CONNECTOR = 1
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
/** An OCPP dateTime in UTC with milliseconds, as toISOString writes it. */
const UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

async function charging(cp: ScriptedChargePoint): Promise<number> {
  await cp.call('Authorize', { idTag: 'TAG-001' })
  await cp.call('StatusNotification', { connectorId: CONNECTOR, status: 'Preparing', errorCode: 'NoError' })
  const start = await cp.call('StartTransaction', { connectorId: CONNECTOR, idTag: 'TAG-001', meterStart: 0, timestamp: new Date().toISOString() })
  await cp.call('StatusNotification', { connectorId: CONNECTOR, status: 'Charging', errorCode: 'NoError' })
  return (start[2] as { transactionId: number }).transactionId
}

const sendProfile = (h: Harness, args: Record<string, unknown>) => async () => (await h.invoke<SendProfileResult>('sendChargingProfile', args)).tasks[0]!
const sendCall = (h: Harness, action: string, payload: unknown) => () => h.invoke<CallTask>('sendCall', { stationId: 'CP-SC', action, payload })
const view = (h: Harness) => h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-SC' })

describe('Smart Charging OCTT cases (the CSMS sends, a scripted charge point answers)', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    cp = await h.booted('CP-SC')
    for (const connectorId of [0, 1, 2]) await cp.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' })
  })
  afterEach(async () => h.stop())

  it('TC_056_CSMS TxDefaultProfile from the library: Absolute with validFrom, validTo, startSchedule, duration, 6.0 limit; no transactionId or recurrencyKind', async () => {
    const validFrom = inMinutes(1)
    const validTo = inMinutes(120)
    const startSchedule = inMinutes(2)
    const { record } = await h.invoke<{ record: LibraryProfile }>('saveChargingProfile', {
      name: 'TC_056',
      profile: {
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        validFrom,
        validTo,
        chargingSchedule: { duration: 3600, startSchedule, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6000.0, numberPhases: 3 }] },
      },
    })
    const { call, task } = await exchange(h, cp, 'SetChargingProfile', sendProfile(h, { targets: [{ stationId: 'CP-SC', connectorId: CONNECTOR }], profile: record.profile, libraryId: record.id }), { status: 'Accepted' })
    const sent = call[3] as { connectorId: number; csChargingProfiles: Record<string, unknown> & { chargingSchedule: Record<string, unknown> } }
    expect(sent.connectorId).toBe(CONNECTOR)
    expect(sent.csChargingProfiles).toMatchObject({ stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingProfileId: expect.any(Number) })
    // The station gets the validity and start as the operator set them, in UTC with milliseconds.
    expect(sent.csChargingProfiles.validFrom).toBe(validFrom)
    expect(sent.csChargingProfiles.validTo).toBe(validTo)
    expect(sent.csChargingProfiles.chargingSchedule.startSchedule).toBe(startSchedule)
    for (const value of [sent.csChargingProfiles.validFrom, sent.csChargingProfiles.validTo, sent.csChargingProfiles.chargingSchedule.startSchedule]) {
      expect(value).toMatch(UTC_MS)
    }
    expect(sent.csChargingProfiles).not.toHaveProperty('transactionId')
    expect(sent.csChargingProfiles).not.toHaveProperty('recurrencyKind')
    expect(sent.csChargingProfiles.chargingSchedule).toMatchObject({ duration: 3600, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6000, numberPhases: 3 }] })
    expect(task).toMatchObject({ state: 'answered', response: { status: 'Accepted' } })
    expect((await view(h)).installed).toEqual([expect.objectContaining({ connectorId: CONNECTOR, libraryId: record.id, via: 'SetChargingProfile' })])
  })

  it('TC_057_CSMS TxProfile with the transactionId the CSMS generated, Absolute and Relative; ceases when the transaction ends', async () => {
    const transactionId = await charging(cp)
    const absolute = {
      stackLevel: 1,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Absolute',
      validFrom: inMinutes(-1),
      validTo: inMinutes(60),
      chargingSchedule: { duration: 1800, startSchedule: inMinutes(0), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.0 }] },
    }
    const first = await exchange(h, cp, 'SetChargingProfile', sendProfile(h, { targets: [{ stationId: 'CP-SC', connectorId: CONNECTOR }], profile: absolute, transactionId: 'running' }), { status: 'Accepted' })
    expect((first.call[3] as { csChargingProfiles: Record<string, unknown> }).csChargingProfiles).toMatchObject({ transactionId, chargingProfilePurpose: 'TxProfile', validFrom: absolute.validFrom, validTo: absolute.validTo })
    expect((first.call[3] as { csChargingProfiles: Record<string, unknown> }).csChargingProfiles).not.toHaveProperty('recurrencyKind')
    const relative = { stackLevel: 2, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } }
    const second = await exchange(h, cp, 'SetChargingProfile', sendProfile(h, { targets: [{ stationId: 'CP-SC', connectorId: CONNECTOR }], profile: relative, transactionId }), { status: 'Accepted' })
    const sentRelative = (second.call[3] as { csChargingProfiles: { transactionId: number; chargingSchedule: Record<string, unknown> } }).csChargingProfiles
    expect(sentRelative.transactionId).toBe(transactionId)
    expect(sentRelative.chargingSchedule).not.toHaveProperty('startSchedule')
    // Two ids, never the same.
    const ids = (await view(h)).installed.map((i) => i.profile.chargingProfileId)
    expect(new Set(ids).size).toBe(2)
    expect((await view(h)).connectors.find((c) => c.connectorId === CONNECTOR)).toMatchObject({ transactionId })

    await cp.call('StopTransaction', { transactionId, meterStop: 100, timestamp: new Date().toISOString(), reason: 'Local' })
    expect((await view(h)).installed).toEqual([])
  })

  it('TC_059_CSMS RemoteStartTransaction with a Relative TxProfile and no transactionId; the profile binds to the transaction that starts', async () => {
    const payload = {
      idTag: 'TAG-001',
      connectorId: CONNECTOR,
      chargingProfile: { chargingProfileId: 501, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } },
    }
    const { call, task } = await exchange(h, cp, 'RemoteStartTransaction', sendCall(h, 'RemoteStartTransaction', payload), { status: 'Accepted' })
    expect(call[3]).toEqual(payload)
    expect(task.warnings ?? []).toEqual([])
    expect((await view(h)).installed).toEqual([expect.objectContaining({ awaitingTransaction: true, via: 'RemoteStartTransaction' })])
    const transactionId = await charging(cp)
    const after = await view(h)
    expect(after.installed).toEqual([expect.objectContaining({ connectorId: CONNECTOR, transactionId })])
    expect(after.connectors.find((c) => c.connectorId === CONNECTOR)!.expected.periods).toEqual([{ startPeriod: 0, limit: 16 }])
  })

  it('TC_066_CSMS GetCompositeSchedule with connector, duration and unit; the answer is parsed, compared with the CSMS composite, and differences shown', async () => {
    await exchange(h, cp, 'SetChargingProfile', sendProfile(h, {
      targets: [{ stationId: 'CP-SC', connectorId: 0 }],
      profile: { stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: { startSchedule: inMinutes(-10), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } },
    }), { status: 'Accepted' })
    const scheduleStart = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString()
    const answer = { status: 'Accepted', connectorId: CONNECTOR, scheduleStart, chargingSchedule: { duration: 300, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 200, limit: 10 }] } }
    const { call } = await exchange(h, cp, 'GetCompositeSchedule', sendCall(h, 'GetCompositeSchedule', { connectorId: CONNECTOR, duration: 300, chargingRateUnit: 'A' }), answer)
    expect(call[3]).toEqual({ connectorId: CONNECTOR, duration: 300, chargingRateUnit: 'A' })
    const reported = (await view(h)).connectors.find((c) => c.connectorId === CONNECTOR)!.reported!
    expect(reported).toMatchObject({ status: 'Accepted', scheduleStart, chargingSchedule: answer.chargingSchedule, requested: { duration: 300, chargingRateUnit: 'A' } })
    expect(reported.expected!.periods).toEqual([{ startPeriod: 0, limit: 16 }])
    expect(reported.differences).toEqual([{ start: new Date(Date.parse(scheduleStart) + 200_000).toISOString(), end: new Date(Date.parse(scheduleStart) + 300_000).toISOString(), expected: 16, reported: 10 }])
  })

  it('TC_066_CSMS a Rejected answer (unknown connector) is kept and shown, with nothing to compare', async () => {
    await exchange(h, cp, 'GetCompositeSchedule', sendCall(h, 'GetCompositeSchedule', { connectorId: 9, duration: 60 }), { status: 'Rejected' })
    const reported = (await view(h)).connectors.find((c) => c.connectorId === 9)!.reported!
    expect(reported).toMatchObject({ status: 'Rejected', differences: [] })
  })

  it('TC_067_CSMS (2024-04) three TxDefaultProfiles at L, L+1, L+2, cleared by id, by criteria, then with no fields', async () => {
    const L = 1
    const ids: number[] = []
    for (const stackLevel of [L, L + 1, L + 2]) {
      const profile = { stackLevel, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: { startSchedule: inMinutes(0), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 + stackLevel }] } }
      const { call } = await exchange(h, cp, 'SetChargingProfile', sendProfile(h, { targets: [{ stationId: 'CP-SC', connectorId: CONNECTOR }], profile }), { status: 'Accepted' })
      ids.push((call[3] as { csChargingProfiles: { chargingProfileId: number } }).csChargingProfiles.chargingProfileId)
    }
    expect(new Set(ids).size).toBe(3)
    expect((await view(h)).installed).toHaveLength(3)

    const byId = await exchange(h, cp, 'ClearChargingProfile', sendCall(h, 'ClearChargingProfile', { id: ids[0] }), { status: 'Accepted' })
    expect(byId.call[3]).toEqual({ id: ids[0] })
    const byCriteria = await exchange(h, cp, 'ClearChargingProfile', sendCall(h, 'ClearChargingProfile', { connectorId: CONNECTOR, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: L + 1 }), { status: 'Accepted' })
    expect(byCriteria.call[3]).toEqual({ connectorId: CONNECTOR, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: L + 1 })
    expect((await view(h)).installed.map((i) => i.profile.chargingProfileId)).toEqual([ids[2]])
    const all = await exchange(h, cp, 'ClearChargingProfile', sendCall(h, 'ClearChargingProfile', {}), { status: 'Accepted' })
    expect(all.call[3]).toEqual({})
    expect(all.task.warnings?.join()).toMatch(/clears every charging profile/)
    expect((await view(h)).installed).toEqual([])
  })

  it('TC_067_CSMS (2025) while charging: ChargePointMax on 0, TxDefault and TxProfile with the transactionId, same stack level, three ids; the same three clears', async () => {
    const transactionId = await charging(cp)
    const schedule = (limit: number) => ({ startSchedule: inMinutes(0), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] })
    const sets: [number, Record<string, unknown>][] = [
      [0, { stackLevel: 0, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Absolute', chargingSchedule: schedule(32) }],
      [CONNECTOR, { stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: schedule(16) }],
      [CONNECTOR, { stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute', chargingSchedule: schedule(10) }],
    ]
    const sent: Record<string, unknown>[] = []
    for (const [connectorId, profile] of sets) {
      const { call } = await exchange(h, cp, 'SetChargingProfile', sendProfile(h, { targets: [{ stationId: 'CP-SC', connectorId }], profile, ...(profile.chargingProfilePurpose === 'TxProfile' ? { transactionId: 'running' } : {}) }), { status: 'Accepted' })
      sent.push((call[3] as { csChargingProfiles: Record<string, unknown> }).csChargingProfiles)
    }
    expect(sent[0]).not.toHaveProperty('transactionId')
    expect(sent[1]).not.toHaveProperty('transactionId')
    expect(sent[2]).toMatchObject({ transactionId })
    expect(new Set(sent.map((p) => p.chargingProfileId)).size).toBe(3)
    expect((await view(h)).connectors.find((c) => c.connectorId === CONNECTOR)!.expected.periods).toEqual([{ startPeriod: 0, limit: 10 }])

    await exchange(h, cp, 'ClearChargingProfile', sendCall(h, 'ClearChargingProfile', { id: sent[0]!.chargingProfileId }), { status: 'Accepted' })
    await exchange(h, cp, 'ClearChargingProfile', sendCall(h, 'ClearChargingProfile', { connectorId: CONNECTOR, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 }), { status: 'Accepted' })
    expect((await view(h)).installed.map((i) => i.profile.chargingProfilePurpose)).toEqual(['TxProfile'])
    await exchange(h, cp, 'ClearChargingProfile', sendCall(h, 'ClearChargingProfile', {}), { status: 'Accepted' })
    expect((await view(h)).installed).toEqual([])
  })

  it('a Rejected or Unknown answer changes nothing the CSMS believes the station holds', async () => {
    const profile = { stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] } }
    await exchange(h, cp, 'SetChargingProfile', sendProfile(h, { targets: [{ stationId: 'CP-SC', connectorId: CONNECTOR }], profile }), { status: 'Accepted' })
    await exchange(h, cp, 'SetChargingProfile', sendProfile(h, { targets: [{ stationId: 'CP-SC', connectorId: 2 }], profile }), { status: 'Rejected' })
    await exchange(h, cp, 'ClearChargingProfile', sendCall(h, 'ClearChargingProfile', { id: 424242 }), { status: 'Unknown' })
    expect((await view(h)).installed.map((i) => i.connectorId)).toEqual([CONNECTOR])
  })
})
