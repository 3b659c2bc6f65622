/**
 * The composite schedule of a connector, as OCPP 1.6 §3.13.3 / §5.7 and errata 3.28–3.30 define
 * it: per purpose the prevailing profile (highest stack level among those in force); the
 * transaction level is the connector's TxProfile for its running transaction if there is one,
 * otherwise its TxDefaultProfile (the connector's own, else connector 0's); the result is the
 * minimum with the ChargePointMaxProfile, in the requested unit (A ↔ W with numberPhases and a
 * nominal voltage, errata 3.69). Connector 0 is the charge point as a whole: its
 * ChargePointMaxProfile. Pure functions.
 */
import type { ChargingProfile, ChargingRateUnitType } from '@shared/ocpp/payloads'
import { profileSpans, spanAt, type Span } from './schedule-timeline'

export interface PlacedProfile {
  connectorId: number
  profile: ChargingProfile
  /** For a TxProfile: the transaction it applies to (absent = whichever runs on its connector). */
  transactionId?: number
}

export interface CompositeQuery {
  connectorId: number
  /** Window start (ms) and length (s). */
  from: number
  duration: number
  unit: ChargingRateUnitType
  /** Line-to-neutral voltage for A ↔ W. */
  voltage: number
  /** The transaction running on the connector, if any. */
  transaction?: { transactionId: number; start: number }
}

export interface CompositePeriod {
  startPeriod: number
  /** null = nothing limits charging. */
  limit: number | null
  numberPhases?: number
}

const DEFAULT_PHASES = 3

/** `limit` of `from` unit in `to` unit (W is the total power, A the current per phase). */
export function convertLimit(limit: number, from: ChargingRateUnitType, to: ChargingRateUnitType, numberPhases: number | undefined, voltage: number): number {
  if (from === to) return limit
  const phases = numberPhases ?? DEFAULT_PHASES
  return from === 'A' ? limit * voltage * phases : limit / (voltage * phases)
}

/** One decimal, as the schema's multipleOf 0.1 wants. */
export const roundLimit = (value: number): number => Math.round(value * 10) / 10

interface Layer {
  stackLevel: number
  unit: ChargingRateUnitType
  spans: Span[]
}

function layers(profiles: PlacedProfile[], from: number, to: number, transactionStart?: number): Layer[] {
  return profiles.map((p) => ({
    stackLevel: p.profile.stackLevel,
    unit: p.profile.chargingSchedule.chargingRateUnit,
    spans: profileSpans(p.profile, from, to, { transactionStart }),
  }))
}

/** The prevailing layer's span at t: the highest stack level among the layers in force. */
function prevailing(stack: Layer[], t: number): { span: Span; unit: ChargingRateUnitType } | undefined {
  let best: { span: Span; unit: ChargingRateUnitType; level: number } | undefined
  for (const layer of stack) {
    const span = spanAt(layer.spans, t)
    if (span && (!best || layer.stackLevel > best.level)) best = { span, unit: layer.unit, level: layer.stackLevel }
  }
  return best
}

/** Which installed profiles take part in a connector's composite, by role. */
export function relevantProfiles(profiles: PlacedProfile[], query: Pick<CompositeQuery, 'connectorId' | 'transaction'>) {
  const of = (purpose: ChargingProfile['chargingProfilePurpose'], connectorId: number) =>
    profiles.filter((p) => p.profile.chargingProfilePurpose === purpose && p.connectorId === connectorId)
  const chargePointMax = of('ChargePointMaxProfile', 0)
  if (query.connectorId === 0) return { chargePointMax, txProfiles: [], connectorDefaults: [], stationDefaults: [] }
  const transaction = query.transaction
  const txProfiles = transaction
    ? of('TxProfile', query.connectorId).filter((p) => (p.transactionId ?? p.profile.transactionId ?? transaction.transactionId) === transaction.transactionId)
    : []
  return { chargePointMax, txProfiles, connectorDefaults: of('TxDefaultProfile', query.connectorId), stationDefaults: of('TxDefaultProfile', 0) }
}

export function computeComposite(profiles: PlacedProfile[], query: CompositeQuery): CompositePeriod[] {
  const to = query.from + query.duration * 1000
  const txStart = query.transaction?.start
  const roles = relevantProfiles(profiles, query)
  const cpMax = layers(roles.chargePointMax, query.from, to, txStart)
  // A TxProfile overrides the TxDefaultProfile for the whole transaction (TC_066_CS reference vector).
  const txLevel = layers(roles.txProfiles, query.from, to, txStart)
  const useTxProfile = roles.txProfiles.length > 0
  const connectorDefaults = useTxProfile ? [] : layers(roles.connectorDefaults, query.from, to, txStart)
  const stationDefaults = useTxProfile ? [] : layers(roles.stationDefaults, query.from, to, txStart)

  const points = new Set<number>([query.from])
  for (const layer of [...cpMax, ...txLevel, ...connectorDefaults, ...stationDefaults]) {
    for (const span of layer.spans) {
      points.add(span.start)
      if (span.end < to) points.add(span.end)
    }
  }
  const starts = [...points].filter((t) => t >= query.from && t < to).sort((a, b) => a - b)

  const periods: CompositePeriod[] = []
  for (const t of starts) {
    const candidates: { limit: number; numberPhases?: number }[] = []
    const add = (found: { span: Span; unit: ChargingRateUnitType } | undefined) => {
      if (!found) return
      const { span, unit } = found
      candidates.push({ limit: convertLimit(span.limit, unit, query.unit, span.numberPhases, query.voltage), ...(span.numberPhases !== undefined ? { numberPhases: span.numberPhases } : {}) })
    }
    add(prevailing(cpMax, t))
    if (useTxProfile) add(prevailing(txLevel, t))
    else add(prevailing(connectorDefaults, t) ?? prevailing(stationDefaults, t))
    let period: CompositePeriod
    if (candidates.length === 0) period = { startPeriod: 0, limit: null }
    else {
      const lowest = candidates.reduce((a, b) => (b.limit < a.limit ? b : a))
      period = { startPeriod: 0, limit: roundLimit(lowest.limit), ...(lowest.numberPhases !== undefined ? { numberPhases: lowest.numberPhases } : {}) }
    }
    period.startPeriod = Math.round((t - query.from) / 1000)
    // A sub-second sliver is replaced by what follows it; equal neighbours merge.
    while (periods.length > 0 && periods.at(-1)!.startPeriod === period.startPeriod) periods.pop()
    const last = periods.at(-1)
    if (last && last.limit === period.limit && last.numberPhases === period.numberPhases) continue
    periods.push(period)
  }
  return periods
}
