/**
 * A station's Smart Charging picture for clients: per connector the installed profile stack, the
 * composite the CSMS computes, and the station's last reported composite with the differences.
 */
import type { ConnectorChargingView, InstalledProfile, ProfileLayer, ReportedComposite, StationChargingView } from '@shared/contract/charging-dto'
import type { ChargingRateUnitType } from '@shared/ocpp/payloads'
import type { StationLimits } from '../../profiles/smart-charging/profile-warnings'
import { compareSchedules, toAbsolute } from './compare'
import { computeComposite, convertLimit, relevantProfiles, roundLimit, type PlacedProfile } from './composite'
import { profileSpans } from './schedule-timeline'

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
}

export function placed(installed: InstalledProfile[]): PlacedProfile[] {
  return installed
    .filter((item) => !item.awaitingTransaction)
    .map((item) => {
      const transactionId = item.transactionId ?? item.profile.transactionId
      return { connectorId: item.connectorId, profile: item.profile, ...(transactionId !== undefined ? { transactionId } : {}) }
    })
}

function layersFor(profiles: PlacedProfile[], connectorId: number, input: ViewInput, transaction?: { transactionId: number; start: number }): ProfileLayer[] {
  const roles = relevantProfiles(profiles, { connectorId, transaction })
  const chosen = connectorId === 0 ? [...roles.chargePointMax, ...profiles.filter((p) => p.connectorId === 0 && p.profile.chargingProfilePurpose === 'TxDefaultProfile')] : [...roles.chargePointMax, ...roles.stationDefaults, ...roles.connectorDefaults, ...roles.txProfiles]
  const to = input.from + input.duration * 1000
  return chosen.map((p) => ({
    connectorId: p.connectorId,
    chargingProfileId: p.profile.chargingProfileId,
    purpose: p.profile.chargingProfilePurpose,
    stackLevel: p.profile.stackLevel,
    spans: profileSpans(p.profile, input.from, to, { transactionStart: transaction?.start }).map((span) => ({
      start: new Date(span.start).toISOString(),
      end: new Date(span.end).toISOString(),
      limit: roundLimit(convertLimit(span.limit, p.profile.chargingSchedule.chargingRateUnit, input.unit, span.numberPhases, input.voltage)),
      ...(span.numberPhases !== undefined ? { numberPhases: span.numberPhases } : {}),
    })),
  }))
}

function reportView(report: ReportedComposite, profiles: PlacedProfile[], input: ViewInput, transaction?: { transactionId: number; start: number }): NonNullable<ConnectorChargingView['reported']> {
  const start = report.scheduleStart ? Date.parse(report.scheduleStart) : Number.NaN
  const schedule = report.chargingSchedule
  if (report.status !== 'Accepted' || !schedule || Number.isNaN(start)) return { ...report, differences: [] }
  const duration = schedule.duration ?? report.requested.duration
  const unit = schedule.chargingRateUnit
  const periods = computeComposite(profiles, { connectorId: report.connectorId, from: start, duration, unit, voltage: input.voltage, transaction })
  const expected = { connectorId: report.connectorId, scheduleStart: new Date(start).toISOString(), duration, chargingRateUnit: unit, periods }
  const differences = compareSchedules(toAbsolute(start, duration, periods), toAbsolute(start, duration, schedule.chargingSchedulePeriod))
  const viewPeriods = schedule.chargingSchedulePeriod.map((p) => ({ startPeriod: p.startPeriod, limit: roundLimit(convertLimit(p.limit, unit, input.unit, p.numberPhases, input.voltage)) }))
  return { ...report, expected, differences, viewPeriods }
}

export function buildView(input: ViewInput): StationChargingView {
  const profiles = placed(input.installed)
  const ids = new Set<number>([0, ...input.connectorIds, ...input.installed.map((i) => i.connectorId), ...Object.keys(input.reported).map(Number)])
  const connectors: ConnectorChargingView[] = [...ids]
    .filter((id) => Number.isInteger(id) && id >= 0)
    .sort((a, b) => a - b)
    .map((connectorId) => {
      const transaction = connectorId > 0 ? input.transactionOn(connectorId) : undefined
      const periods = computeComposite(profiles, { connectorId, from: input.from, duration: input.duration, unit: input.unit, voltage: input.voltage, transaction })
      const report = input.reported[String(connectorId)]
      return {
        connectorId,
        ...(transaction ? { transactionId: transaction.transactionId } : {}),
        layers: layersFor(profiles, connectorId, input, transaction),
        expected: { connectorId, scheduleStart: new Date(input.from).toISOString(), duration: input.duration, chargingRateUnit: input.unit, periods },
        ...(report ? { reported: reportView(report, profiles, input, transaction) } : {}),
      }
    })
  return {
    stationId: input.stationId,
    from: new Date(input.from).toISOString(),
    duration: input.duration,
    chargingRateUnit: input.unit,
    voltage: input.voltage,
    limits: input.limits,
    installed: input.installed,
    connectors,
  }
}
