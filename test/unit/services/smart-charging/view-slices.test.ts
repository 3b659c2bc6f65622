/**
 * Issue 18 §3: the charging view of a large report is built in slices that yield, comes out as it
 * would in one go, and lists at most MAX_DIFFERENCES differences with a note saying how many more.
 */
import { describe, expect, it } from 'vitest'
import type { ChargingProfile } from '@shared/ocpp/payloads'
import type { InstalledProfile } from '@shared/contract/charging-dto'
import { buildView, type ViewInput } from '../../../../src/main/services/smart-charging/charging-view'
import { compareSchedules, compareSchedulesBounded } from '../../../../src/main/services/smart-charging/compare'
import { toReportedComposite } from '../../../../src/main/services/smart-charging/reported-composite'
import { MAX_DIFFERENCES } from '../../../../src/main/services/smart-charging/view-bounds'
import { TimeSlices } from '../../../../src/main/util/time-slices'
import { countingScheduler, neverYields } from '../../../support/counting-scheduler'

const X = Date.parse('2026-03-02T00:00:00Z')
const PERIODS = 29_000
const STEP = 3

/** A GetCompositeSchedule answer whose limit changes every period (6…31 A), kept as the CSMS keeps it. */
function largeReport(connectorId = 1) {
  const chargingSchedulePeriod = Array.from({ length: PERIODS }, (_, i) => ({ startPeriod: i * STEP, limit: 6 + (i % 26) }))
  return toReportedComposite({ connectorId, duration: PERIODS * STEP }, { status: 'Accepted', connectorId, scheduleStart: new Date(X).toISOString(), chargingSchedule: { duration: PERIODS * STEP, chargingRateUnit: 'A', chargingSchedulePeriod } }, new Date(X).toISOString(), 't')
}

const profile: ChargingProfile = {
  chargingProfileId: 3,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: { startSchedule: new Date(X).toISOString(), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
}
const installed: InstalledProfile = { connectorId: 0, profile, installedAt: new Date(X).toISOString(), via: 'SetChargingProfile', taskId: 't' }

const input = (): ViewInput => ({
  stationId: 'CP',
  from: X,
  duration: 86_400,
  unit: 'W',
  voltage: 230,
  limits: {},
  installed: [installed],
  connectorIds: [1, 2],
  reported: { '1': largeReport(1), '2': largeReport(2) },
  transactionOn: () => undefined,
})

describe('the charging view of a large report', () => {
  it('is built in slices that yield, and comes out as it does in one go', async () => {
    const scheduler = countingScheduler()
    const sliced = await buildView(input(), new TimeSlices(scheduler))
    const whole = await buildView(input(), new TimeSlices(neverYields))
    expect(scheduler.yields).toBeGreaterThan(2)
    expect(sliced).toEqual(whole)
    expect(sliced.connectors.find((c) => c.connectorId === 1)?.reported?.viewPeriods).toHaveLength(10_000)
  })

  it('lists at most MAX_DIFFERENCES differences with the station’s report, and says how many there are', async () => {
    const view = await buildView(input(), new TimeSlices(neverYields))
    const connector = view.connectors.find((c) => c.connectorId === 1)!
    expect(connector.reported?.differences).toHaveLength(MAX_DIFFERENCES)
    expect(connector.truncated?.join(' ')).toMatch(/differs from the CSMS's composite in [\d,]+ places: the first 1,000 are listed and drawn/)
  })

  it('the bounded comparison gives the first differences of the whole one, and counts them all', () => {
    const report = largeReport()
    const reported = { start: X, end: X + PERIODS * STEP * 1000, periods: report.chargingSchedule!.chargingSchedulePeriod }
    const expected = { start: X, end: X + PERIODS * STEP * 1000, periods: [{ startPeriod: 0, limit: 16 }] }
    const all = compareSchedules(expected, reported)
    const bounded = compareSchedulesBounded(expected, reported, 250)
    expect(bounded.total).toBe(all.length)
    expect(bounded.differences).toEqual(all.slice(0, 250))
  })
})
