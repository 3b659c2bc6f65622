/**
 * A station's Smart Charging view (charging-view.ts) at its edges: what is said only when it
 * happened, Relative layers, report periods that cannot be placed, and failures without callbacks.
 */
import { describe, expect, it } from 'vitest'
import type { InstalledProfile, ReportedComposite } from '@shared/contract/charging-dto'
import type { ChargingProfile } from '@shared/ocpp/payloads'
import { buildView, type ViewInput } from '../../../../src/main/services/smart-charging/charging-view'
import { TimeSlices } from '../../../../src/main/util/time-slices'
import { neverYields } from '../../../support/counting-scheduler'
import { iso, profile, X } from './profile-fixtures'

const item = (connectorId: number, p: ChargingProfile): InstalledProfile => ({ connectorId, profile: p, installedAt: iso(0), via: 'SetChargingProfile', taskId: `t${p.chargingProfileId}` })
const report = (periods: { startPeriod: number; limit: number }[], over: Partial<ReportedComposite> = {}): ReportedComposite => ({
  connectorId: 1,
  requested: { duration: 600 },
  status: 'Accepted',
  scheduleStart: iso(0),
  chargingSchedule: { chargingRateUnit: 'A', duration: 600, chargingSchedulePeriod: periods },
  receivedAt: iso(0),
  taskId: 'g',
  ...over,
})
const view = (over: Partial<ViewInput> = {}) =>
  buildView({ stationId: 'CP', from: X, duration: 600, unit: 'A', voltage: 230, limits: {}, installed: [], connectorIds: [1], reported: {}, transactionOn: () => undefined, ...over }, new TimeSlices(neverYields))

describe('the view says only what happened', () => {
  it('a connector with a profile and an accepted report, where nothing was cut, carries no notes', async () => {
    const v = await view({ installed: [item(1, profile())], reported: { '1': report([{ startPeriod: 0, limit: 16 }]) } })
    expect(v.connectors[1]).not.toHaveProperty('truncated')
  })

  it('connector 0 is the charge point: it never shows a transaction, even when one is asked for every connector', async () => {
    const v = await view({ transactionOn: () => ({ transactionId: 7, start: X }) })
    expect(v.connectors[0]).not.toHaveProperty('transactionId')
    expect(v.connectors[1]!.transactionId).toBe(7)
  })

  it('a report over 31 days is cut with a note naming the station’s schedule', async () => {
    const v = await view({ reported: { '1': report([{ startPeriod: 0, limit: 16 }], { chargingSchedule: { chargingRateUnit: 'A', duration: 40 * 86_400, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } }) } })
    expect(v.connectors[1]!.truncated!.join()).toMatch(/^The station reported a schedule of 3,456,000 s/)
  })
})

describe('layers and report periods', () => {
  it('a Relative layer counts from the transaction start, also one that began before the window', async () => {
    const relative = profile({ chargingProfileKind: 'Relative', periods: [[0, 6], [200, 12]] })
    const v = await view({ installed: [item(1, relative)], transactionOn: () => ({ transactionId: 3, start: X - 100_000 }) })
    expect(v.connectors[1]!.layers[0]!.spans).toEqual([
      { start: iso(0), end: iso(100), limit: 6 },
      { start: iso(100), end: iso(600), limit: 12 },
    ])
  })

  it('report periods without a numeric start or limit are left out; the others are drawn in time order', async () => {
    const v = await view({ reported: { '1': report([{ startPeriod: 100, limit: 12 }, { startPeriod: Number.NaN, limit: 1 }, { startPeriod: 50, limit: Number.NaN }, { startPeriod: 0, limit: 10 }]) } })
    expect(v.connectors[1]!.reported!.viewPeriods).toEqual([
      { startPeriod: 0, limit: 10 },
      { startPeriod: 100, limit: 12 },
    ])
  })

  it('a report period starting where the answer stops being complete is not drawn', async () => {
    const v = await view({ reported: { '1': report([{ startPeriod: 0, limit: 10 }, { startPeriod: 50, limit: 12 }], { completeUntil: 50 }) } })
    expect(v.connectors[1]!.reported).toMatchObject({ viewDuration: 50, viewPeriods: [{ startPeriod: 0, limit: 10 }] })
  })
})

describe('failures without callbacks', () => {
  it('a connector that cannot be computed shows no layers and an empty composite over the window, even with no one to tell', async () => {
    const v = await view({
      connectorIds: [1, 2],
      installed: [item(1, profile())],
      transactionOn: (id) => {
        if (id === 1) throw new Error('store unavailable')
        return undefined
      },
      logError: () => undefined,
    })
    const one = v.connectors[1]!
    expect(one.layers).toEqual([])
    expect(one.expected).toEqual({ connectorId: 1, scheduleStart: iso(0), duration: 600, chargingRateUnit: 'A', periods: [] })
    expect(one.error).toMatch(/error id [0-9a-f]{8}/)
    expect(v.connectors[2]!.error).toBeUndefined()
  })

  it('an unusable report is left out with an error even with no one to quarantine it; with someone, the reason names the error id', async () => {
    const broken = report([], { chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: null } as never })
    const alone = await view({ reported: { '1': broken }, logError: () => undefined })
    expect(alone.connectors[1]!.error).toMatch(/moved to quarantine/)
    const reasons: string[] = []
    const told = await view({ reported: { '1': broken }, logError: () => undefined, reportUnusable: (_id, reason) => reasons.push(reason) })
    const id = /error id ([0-9a-f]{8})/.exec(told.connectors[1]!.error!)![1]!
    expect(reasons).toEqual([`the Smart Charging view could not use it (error id ${id})`])
  })

  it('the log line of an unusable report names the stored answer, the station and the connector under the error id', async () => {
    const broken = report([], { chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: null } as never })
    const logged: string[] = []
    const v = await view({ reported: { '1': broken }, logError: (line: string) => void logged.push(line) })
    const id = /error id ([0-9a-f]{8})/.exec(v.connectors[1]!.error!)![1]!
    expect(logged.find((line) => line.includes(id))).toMatch(/the stored GetCompositeSchedule answer of \S+ connector 1/)
  })
})
