/**
 * A station's Smart Charging view (charging-view.ts): which connectors, which layers each shows,
 * the composite, and the station's report next to it with its differences.
 */
import { describe, expect, it } from 'vitest'
import type { InstalledProfile, ReportedComposite } from '@shared/contract/charging-dto'
import type { ChargingProfile } from '@shared/ocpp/payloads'
import { buildView, placed, type ViewInput } from '../../../../src/main/services/smart-charging/charging-view'
import { TimeSlices } from '../../../../src/main/util/time-slices'
import { neverYields } from '../../../support/counting-scheduler'
import { iso, profile, X } from './profile-fixtures'

const item = (connectorId: number, p: ChargingProfile, extra: Partial<InstalledProfile> = {}): InstalledProfile => ({ connectorId, profile: p, installedAt: iso(0), via: 'SetChargingProfile', taskId: `t${p.chargingProfileId}`, ...extra })
const report = (over: Partial<ReportedComposite> = {}): ReportedComposite => ({
  connectorId: 1,
  requested: { duration: 600 },
  status: 'Accepted',
  scheduleStart: iso(0),
  chargingSchedule: { chargingRateUnit: 'A', duration: 600, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
  receivedAt: iso(0),
  taskId: 'g',
  ...over,
})
const input = (over: Partial<ViewInput> = {}): ViewInput => ({
  stationId: 'CP',
  from: X,
  duration: 600,
  unit: 'A',
  voltage: 230,
  limits: {},
  installed: [],
  connectorIds: [],
  reported: {},
  transactionOn: () => undefined,
  ...over,
})
const view = (over: Partial<ViewInput> = {}) => buildView(input(over), new TimeSlices(neverYields))

describe('which profiles are placed', () => {
  it('a profile waiting for its transaction is not placed; a bound one carries its transaction', () => {
    const waiting = item(1, profile({ chargingProfilePurpose: 'TxProfile' }), { awaitingTransaction: true })
    const bound = item(1, profile({ chargingProfilePurpose: 'TxProfile', transactionId: 3 }), { transactionId: 9 })
    const own = item(1, profile({ chargingProfilePurpose: 'TxProfile', transactionId: 3 }))
    const plain = item(1, profile())
    expect(placed([waiting, bound, own, plain])).toEqual([
      { connectorId: 1, profile: bound.profile, transactionId: 9 },
      { connectorId: 1, profile: own.profile, transactionId: 3 },
      { connectorId: 1, profile: plain.profile },
    ])
  })
})

describe('the station view', () => {
  it('shows connector 0, the reported connectors, those with profiles or reports, in order, never a bad id', async () => {
    const v = await view({ connectorIds: [2, -1, 1.5], installed: [item(4, profile())], reported: { '3': report({ connectorId: 3 }), x: report() } })
    expect(v.connectors.map((c) => c.connectorId)).toEqual([0, 2, 3, 4])
    expect(v).toMatchObject({ stationId: 'CP', from: iso(0), duration: 600, chargingRateUnit: 'A', voltage: 230, limits: {} })
    expect(v).not.toHaveProperty('truncated')
    expect(v).not.toHaveProperty('quarantined')
  })

  it('says what was quarantined, and what the window cut', async () => {
    const note = { collection: 'reportedComposites', stationId: 'CP', key: 'CP/1', reason: 'bad', at: iso(0) }
    const v = await view({ quarantined: () => [note], duration: 40 * 86_400 })
    expect(v.quarantined).toEqual([note])
    expect(v.truncated![0]).toMatch(/^The view was asked for 3,456,000 s/)
  })

  it('connector 0 shows ChargePointMax and connector 0’s TxDefaults; a connector shows those, its own TxDefaults and its transaction’s TxProfiles', async () => {
    const cpMax = item(0, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', periods: [[0, 40]] }))
    const stationDefault = item(0, profile({ periods: [[0, 32]] }))
    const own = item(1, profile({ periods: [[0, 16, 1]], stackLevel: 2 }))
    const tx = item(1, profile({ chargingProfilePurpose: 'TxProfile', periods: [[0, 8]] }), { transactionId: 5 })
    const v = await view({ installed: [cpMax, stationDefault, own, tx], connectorIds: [1], transactionOn: (id) => (id === 1 ? { transactionId: 5, start: X } : undefined) })
    const [zero, one] = v.connectors
    expect(zero!.layers.map((l) => l.chargingProfileId)).toEqual([cpMax.profile.chargingProfileId, stationDefault.profile.chargingProfileId])
    expect(zero).not.toHaveProperty('transactionId')
    expect(zero!.expected.periods).toEqual([{ startPeriod: 0, limit: 40 }])
    expect(one!.transactionId).toBe(5)
    expect(one!.layers.map((l) => l.chargingProfileId)).toEqual([cpMax, stationDefault, own, tx].map((i) => i.profile.chargingProfileId))
    expect(one!.layers[2]).toEqual({ connectorId: 1, chargingProfileId: own.profile.chargingProfileId, purpose: 'TxDefaultProfile', stackLevel: 2, spans: [{ start: iso(0), end: iso(600), limit: 16, numberPhases: 1 }] })
    expect(one!.expected).toEqual({ connectorId: 1, scheduleStart: iso(0), duration: 600, chargingRateUnit: 'A', periods: [{ startPeriod: 0, limit: 8 }] })
  })

  it('layers are drawn in the view’s unit', async () => {
    const v = await view({ unit: 'W', installed: [item(1, profile({ periods: [[0, 10, 1]] }))] })
    expect(v.connectors[1]!.layers[0]!.spans[0]!.limit).toBe(2300)
  })

  it('a layer cut by the span cap says which profile and where', async () => {
    const many = item(1, profile({ stackLevel: 3, periods: Array.from({ length: 200 }, (_, i) => [i, 6 + (i % 2)] as [number, number]) }))
    const v = await view({ installed: [many], connectorIds: Array.from({ length: 600 }, (_, i) => i + 1) })
    const notes = v.connectors[1]!.truncated!
    expect(notes).toContain(`Profile #${many.profile.chargingProfileId} (TxDefaultProfile, stack level 3) changes its limit more than 100 times in the window: the first 100 spans are drawn, up to ${iso(100)}.`)
  })
})

describe('the station’s report next to the composite', () => {
  it('an accepted report is compared over its own window, in its own unit, and drawn in the view’s', async () => {
    const r = report({ chargingSchedule: { chargingRateUnit: 'W', duration: 300, chargingSchedulePeriod: [{ startPeriod: 100, limit: 2300 }, { startPeriod: 0, limit: 4600, numberPhases: 1 }] } })
    const v = await view({ installed: [item(1, profile({ periods: [[0, 10, 1]] }))], reported: { '1': r } })
    const reported = v.connectors[1]!.reported!
    expect(reported.expected).toEqual({ connectorId: 1, scheduleStart: iso(0), duration: 300, chargingRateUnit: 'W', periods: [{ startPeriod: 0, limit: 2300, numberPhases: 1 }] })
    expect(reported.differences).toEqual([{ start: iso(0), end: iso(100), expected: 2300, reported: 4600 }])
    expect(reported.viewPeriods).toEqual([{ startPeriod: 0, limit: 20 }, { startPeriod: 100, limit: 3.3 }])
    expect(reported.viewDuration).toBe(300)
    expect(reported.status).toBe('Accepted')
  })

  it('without its own duration the report covers the duration asked for', async () => {
    const r = report({ requested: { duration: 120 }, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } })
    const v = await view({ reported: { '1': r } })
    expect(v.connectors[1]!.reported).toMatchObject({ viewDuration: 120, expected: { duration: 120 } })
  })

  it('a rejected report, one without schedule or without a readable start is shown as it is, with no differences', async () => {
    for (const r of [report({ status: 'Rejected' }), report({ chargingSchedule: undefined }), report({ scheduleStart: 'soon' }), report({ scheduleStart: undefined })]) {
      const reported = (await view({ reported: { '1': r } })).connectors[1]!.reported!
      expect(reported).toEqual({ ...r, differences: [] })
    }
  })

  it('notes made when the report was kept are shown; past completeUntil nothing is compared or drawn', async () => {
    const r = report({ truncated: ['kept the first 2'], completeUntil: 100, chargingSchedule: { chargingRateUnit: 'A', duration: 600, chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }, { startPeriod: 50, limit: 9 }] } })
    const one = (await view({ reported: { '1': r } })).connectors[1]!
    expect(one.truncated).toEqual(['kept the first 2'])
    expect(one.reported!.viewDuration).toBe(100)
    expect(one.reported!.differences).toEqual([
      { start: iso(0), end: iso(50), expected: null, reported: 8 },
      { start: iso(50), end: iso(100), expected: null, reported: 9 },
    ])
    const none = (await view({ reported: { '1': report({ completeUntil: -5 }) } })).connectors[1]!
    expect(none.reported!.viewDuration).toBe(0)
  })

  it('a report with more periods than a connector may carry is compared and drawn up to the first one left out, with a note', async () => {
    const chargingSchedulePeriod = Array.from({ length: 150 }, (_, i) => ({ startPeriod: i * 2, limit: 6 + (i % 2) }))
    const r = report({ chargingSchedule: { chargingRateUnit: 'A', duration: 600, chargingSchedulePeriod } })
    const v = await view({ reported: { '1': r }, connectorIds: Array.from({ length: 600 }, (_, i) => i + 1) })
    const one = v.connectors[1]!
    expect(one.truncated).toContain('The station reported 150 periods: the first 100 are compared and drawn.')
    expect(one.reported!.viewDuration).toBe(200)
    expect(one.reported!.viewPeriods).toHaveLength(100)
    expect(one.reported!.chargingSchedule!.chargingSchedulePeriod).toHaveLength(100)
  })

  it('a report that differs in more places than are listed says how many', async () => {
    const chargingSchedulePeriod = Array.from({ length: 1500 }, (_, i) => ({ startPeriod: i * 2, limit: 6 + (i % 2) }))
    const r = report({ chargingSchedule: { chargingRateUnit: 'A', duration: 3000, chargingSchedulePeriod } })
    const one = (await view({ reported: { '1': r }, installed: [item(1, profile({ periods: [[0, 20]] }))] })).connectors[1]!
    expect(one.reported!.differences).toHaveLength(1000)
    expect(one.truncated).toContain("The station's report differs from the CSMS's composite in 1,500 places: the first 1,000 are listed and drawn.")
  })
})
