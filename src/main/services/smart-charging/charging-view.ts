/**
 * A station's Smart Charging picture for clients: per connector the installed profile stack, the
 * composite the CSMS computes, and the station's last reported composite with the differences.
 *
 * Bounded whatever the records say (view-bounds.ts): the window is at most 31 days, every series at
 * most MAX_ITEMS spans or periods (fewer per connector when a station has many), and what a cap cut
 * is said in the connector's `truncated` notes. One connector's failure never fails the others.
 */
import type { CompositeSchedule, ConnectorChargingView, InstalledProfile, ProfileLayer, QuarantineNote, ReportedComposite, StationChargingView } from '@shared/contract/charging-dto'
import type { ChargingRateUnitType } from '@shared/ocpp/payloads'
import type { StationLimits } from '../../profiles/smart-charging/profile-warnings'
import { compareSchedules, toAbsolute } from './compare'
import { composite, convertLimit, relevantProfiles, roundLimit, type PlacedProfile } from './composite'
import { profileTimeline } from './schedule-timeline'
import { boundedWindow, firstItems, itemsPerConnector, number, Truncation, type BoundedWindow } from './view-bounds'
import { internalErrorId } from '../../util/internal-error'

export interface ViewInput {
  stationId: string
  from: number
  duration: number
  unit: ChargingRateUnitType
  voltage: number
  limits: StationLimits
  installed: InstalledProfile[]
  /** Connector ids the station reported (0 included when reported). */
  connectorIds: number[]
  reported: Record<string, ReportedComposite>
  transactionOn(connectorId: number): { transactionId: number; start: number } | undefined
  /** The station's records that were moved aside (shown with the view). */
  quarantined?(): QuarantineNote[]
  /** A connector's stored report made its view fail: move it aside (it is left out of this view). */
  reportUnusable?(connectorId: number, reason: string): void
  /** A connector's view failed for another reason: for the log. */
  connectorFailed?(connectorId: number, reason: string): void
  /** Where a failure's whole error goes, under the id the view names (default: console.error). */
  logError?(line: string): void
}

type Transaction = { transactionId: number; start: number }
type ReportView = NonNullable<ConnectorChargingView['reported']>

export function placed(installed: InstalledProfile[]): PlacedProfile[] {
  return installed
    .filter((item) => !item.awaitingTransaction)
    .map((item) => {
      const transactionId = item.transactionId ?? item.profile.transactionId
      return { connectorId: item.connectorId, profile: item.profile, ...(transactionId !== undefined ? { transactionId } : {}) }
    })
}

const iso = (ms: number): string => new Date(ms).toISOString()
/** A failure's id for the view (its own words, which may name code, go to the log under it). */
const failureId = (error: unknown, context: string, input: ViewInput): string => internalErrorId(error, context, input.logError)

function layersFor(profiles: PlacedProfile[], connectorId: number, input: ViewInput, window: BoundedWindow, max: number, cut: Truncation, transaction?: Transaction): ProfileLayer[] {
  const roles = relevantProfiles(profiles, { connectorId, transaction })
  const chosen = connectorId === 0 ? [...roles.chargePointMax, ...profiles.filter((p) => p.connectorId === 0 && p.profile.chargingProfilePurpose === 'TxDefaultProfile')] : [...roles.chargePointMax, ...roles.stationDefaults, ...roles.connectorDefaults, ...roles.txProfiles]
  const to = window.from + window.duration * 1000
  return chosen.map((p) => {
    const timeline = profileTimeline(p.profile, window.from, to, { transactionStart: transaction?.start }, max)
    if (timeline.truncated) {
      cut.add(`Profile #${p.profile.chargingProfileId} (${p.profile.chargingProfilePurpose}, stack level ${p.profile.stackLevel}) changes its limit more than ${number(max)} times in the window: ${firstItems(max)} spans are drawn, up to ${iso(timeline.until)}.`)
    }
    return {
      connectorId: p.connectorId,
      chargingProfileId: p.profile.chargingProfileId,
      purpose: p.profile.chargingProfilePurpose,
      stackLevel: p.profile.stackLevel,
      spans: timeline.spans.map((span) => ({
        start: iso(span.start),
        end: iso(span.end),
        limit: roundLimit(convertLimit(span.limit, p.profile.chargingSchedule.chargingRateUnit, input.unit, span.numberPhases, input.voltage)),
        ...(span.numberPhases !== undefined ? { numberPhases: span.numberPhases } : {}),
      })),
    }
  })
}

/**
 * The report next to the CSMS's composite over the same window, both bounded: the window is the
 * report's duration cut to 31 days, the periods the first `max` ones in time order.
 */
function reportView(report: ReportedComposite, profiles: PlacedProfile[], input: ViewInput, max: number, cut: Truncation, transaction?: Transaction): ReportView {
  for (const note of report.truncated ?? []) cut.add(note)
  const schedule = report.chargingSchedule
  const start = report.scheduleStart ? Date.parse(report.scheduleStart) : Number.NaN
  if (report.status !== 'Accepted' || !schedule || !Number.isFinite(start)) return { ...report, differences: [] }
  const window = boundedWindow(start, schedule.duration ?? report.requested.duration, 'The station reported a schedule of', cut)
  const unit = schedule.chargingRateUnit
  const sorted = schedule.chargingSchedulePeriod.filter((p) => Number.isFinite(p.startPeriod) && Number.isFinite(p.limit)).sort((a, b) => a.startPeriod - b.startPeriod)
  let end = window.from + window.duration * 1000
  // Periods cut when the answer was kept: beyond here the station's answer is not known.
  if (report.completeUntil !== undefined) end = Math.min(end, Math.max(window.from, window.from + report.completeUntil * 1000))
  const kept = sorted.slice(0, max)
  if (sorted.length > max) {
    cut.add(`The station reported ${number(sorted.length)} periods: ${firstItems(max)} are compared and drawn.`)
    end = Math.min(end, Math.max(window.from, window.from + sorted[max]!.startPeriod * 1000))
  }
  const result = composite(profiles, { connectorId: report.connectorId, from: window.from, duration: window.duration, unit, voltage: input.voltage, transaction }, max)
  for (const note of result.truncated) cut.add(note)
  const expected: CompositeSchedule = { connectorId: report.connectorId, scheduleStart: iso(window.from), duration: result.duration, chargingRateUnit: unit, periods: result.periods }
  const differences = compareSchedules(toAbsolute(window.from, result.duration, result.periods), { start: window.from, end, periods: kept })
  const viewPeriods = kept
    .filter((p) => window.from + p.startPeriod * 1000 < end)
    .map((p) => ({ startPeriod: p.startPeriod, limit: roundLimit(convertLimit(p.limit, unit, input.unit, p.numberPhases, input.voltage)) }))
  const shown = schedule.chargingSchedulePeriod.length > max ? { chargingSchedule: { ...schedule, chargingSchedulePeriod: schedule.chargingSchedulePeriod.slice(0, max) } } : {}
  return { ...report, ...shown, expected, differences, viewPeriods, viewDuration: Math.max(0, Math.round((end - window.from) / 1000)) }
}

function emptyExpected(connectorId: number, window: BoundedWindow, unit: ChargingRateUnitType): CompositeSchedule {
  return { connectorId, scheduleStart: iso(window.from), duration: window.duration, chargingRateUnit: unit, periods: [] }
}

function connectorView(connectorId: number, profiles: PlacedProfile[], input: ViewInput, window: BoundedWindow, max: number): ConnectorChargingView {
  const cut = new Truncation()
  let base: ConnectorChargingView
  let transaction: Transaction | undefined
  try {
    transaction = connectorId > 0 ? input.transactionOn(connectorId) : undefined
    const result = composite(profiles, { connectorId, from: window.from, duration: window.duration, unit: input.unit, voltage: input.voltage, transaction }, max)
    for (const note of result.truncated) cut.add(note)
    base = {
      connectorId,
      ...(transaction ? { transactionId: transaction.transactionId } : {}),
      layers: layersFor(profiles, connectorId, input, window, max, cut, transaction),
      expected: { connectorId, scheduleStart: iso(window.from), duration: result.duration, chargingRateUnit: input.unit, periods: result.periods },
    }
  } catch (error) {
    const id = failureId(error, `the Smart Charging view of ${input.stationId} connector ${connectorId}`, input)
    input.connectorFailed?.(connectorId, `error id ${id}`)
    return {
      connectorId,
      layers: [],
      expected: emptyExpected(connectorId, window, input.unit),
      error: `The CSMS could not compute connector ${connectorId}'s schedule (error id ${id}); the other connectors are shown. Check the installed profiles below, or forget this connector's profiles and send them again.`,
    }
  }
  const report = input.reported[String(connectorId)]
  if (report) {
    const reportCut = new Truncation()
    try {
      base.reported = reportView(report, profiles, input, max, reportCut, transaction)
      for (const note of reportCut.notes) cut.add(note)
    } catch (error) {
      const id = failureId(error, `the stored GetCompositeSchedule answer of ${input.stationId} connector ${connectorId}`, input)
      input.reportUnusable?.(connectorId, `the Smart Charging view could not use it (error id ${id})`)
      base.error = `The station's last GetCompositeSchedule answer for connector ${connectorId} could not be used (error id ${id}): it was moved to quarantine. Ask for the composite schedule again.`
    }
  }
  return { ...base, ...cut.field() }
}

export function buildView(input: ViewInput): StationChargingView {
  const cut = new Truncation()
  const window = boundedWindow(input.from, input.duration, 'The view was asked for', cut)
  const profiles = placed(input.installed)
  const ids = [...new Set<number>([0, ...input.connectorIds, ...input.installed.map((i) => i.connectorId), ...Object.keys(input.reported).map(Number)])]
    .filter((id) => Number.isSafeInteger(id) && id >= 0)
    .sort((a, b) => a - b)
  const max = itemsPerConnector(ids.length)
  const connectors = ids.map((connectorId) => connectorView(connectorId, profiles, input, window, max))
  const quarantined = input.quarantined?.() ?? []
  return {
    stationId: input.stationId,
    from: iso(window.from),
    duration: window.duration,
    chargingRateUnit: input.unit,
    voltage: input.voltage,
    limits: input.limits,
    installed: input.installed,
    connectors,
    ...cut.field(),
    ...(quarantined.length > 0 ? { quarantined } : {}),
  }
}
