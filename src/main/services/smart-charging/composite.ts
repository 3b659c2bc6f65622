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
import { profileTimeline, spanAt, type Span } from './schedule-timeline'
import { boundedWindow, finiteLimit, firstItems, MAX_ITEMS, number, Truncation } from './view-bounds'

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
  // 1.6 knows 1 to 3 phases; anything else (0, 2^31) is read as the default rather than dividing by it.
  const phases = numberPhases !== undefined && numberPhases >= 1 && numberPhases <= 3 ? numberPhases : DEFAULT_PHASES
  return from === 'A' ? limit * voltage * phases : limit / (voltage * phases)
}

/** One decimal, as the schema's multipleOf 0.1 wants; always finite (1e308 A in W would be Infinity, which JSON writes as null = "no limit"). */
export const roundLimit = (value: number): number => Math.round(finiteLimit(value) * 10) / 10

interface Layer {
  stackLevel: number
  unit: ChargingRateUnitType
  spans: Span[]
}

interface Layers {
  layers: Layer[]
  /** Every layer is complete up to here (ms). */
  until: number
}

function layers(profiles: PlacedProfile[], from: number, to: number, transactionStart: number | undefined, maxItems: number): Layers {
  let until = to
  const result = profiles.map((p) => {
    const timeline = profileTimeline(p.profile, from, to, { transactionStart }, maxItems)
    until = Math.min(until, timeline.until)
    return { stackLevel: p.profile.stackLevel, unit: p.profile.chargingSchedule.chargingRateUnit, spans: timeline.spans }
  })
  return { layers: result, until }
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
  return composite(profiles, query).periods
}

export interface CompositeResult {
  periods: CompositePeriod[]
  /** The window the periods cover (s): the query's, shorter when a cap cut it. */
  duration: number
  /** What the caps cut, in words. */
  truncated: string[]
}

/**
 * The composite over the query's window, bounded: the window is at most 31 days, each profile
 * gives at most `maxItems` spans and the composite at most `maxItems` periods. When a cap cuts, the
 * composite ends where every input is still complete (never a made-up "no limit" after the cut).
 */
export function composite(profiles: PlacedProfile[], query: CompositeQuery, maxItems = MAX_ITEMS): CompositeResult {
  const cut = new Truncation()
  const window = boundedWindow(query.from, query.duration, 'The composite was asked for', cut)
  const from = window.from
  let to = from + window.duration * 1000
  const txStart = query.transaction?.start
  const roles = relevantProfiles(profiles, query)
  const cpMax = layers(roles.chargePointMax, from, to, txStart, maxItems)
  // A TxProfile overrides the TxDefaultProfile for the whole transaction (TC_066_CS reference vector).
  const txLevel = layers(roles.txProfiles, from, to, txStart, maxItems)
  const useTxProfile = roles.txProfiles.length > 0
  const none: Layers = { layers: [], until: to }
  const connectorDefaults = useTxProfile ? none : layers(roles.connectorDefaults, from, to, txStart, maxItems)
  const stationDefaults = useTxProfile ? none : layers(roles.stationDefaults, from, to, txStart, maxItems)
  const complete = Math.min(cpMax.until, txLevel.until, connectorDefaults.until, stationDefaults.until)
  if (complete < to) {
    cut.add(`A profile changes its limit more than ${number(maxItems)} times in the window: the composite is computed up to ${new Date(complete).toISOString()} only.`)
    to = complete
  }

  const points = new Set<number>([from])
  for (const layer of [...cpMax.layers, ...txLevel.layers, ...connectorDefaults.layers, ...stationDefaults.layers]) {
    for (const span of layer.spans) {
      points.add(span.start)
      if (span.end < to) points.add(span.end)
    }
  }
  const starts = [...points].filter((t) => t >= from && t < to).sort((a, b) => a - b)

  const periods: CompositePeriod[] = []
  for (const t of starts) {
    const candidates: { limit: number; numberPhases?: number }[] = []
    const add = (found: { span: Span; unit: ChargingRateUnitType } | undefined) => {
      if (!found) return
      const { span, unit } = found
      candidates.push({ limit: convertLimit(span.limit, unit, query.unit, span.numberPhases, query.voltage), ...(span.numberPhases !== undefined ? { numberPhases: span.numberPhases } : {}) })
    }
    add(prevailing(cpMax.layers, t))
    if (useTxProfile) add(prevailing(txLevel.layers, t))
    else add(prevailing(connectorDefaults.layers, t) ?? prevailing(stationDefaults.layers, t))
    let period: CompositePeriod
    if (candidates.length === 0) period = { startPeriod: 0, limit: null }
    else {
      // On a tie the transaction level wins: its numberPhases says how the car charges; ChargePointMax only caps the station.
      const lowest = candidates.reduce((a, b) => (b.limit <= a.limit ? b : a))
      period = { startPeriod: 0, limit: roundLimit(lowest.limit), ...(lowest.numberPhases !== undefined ? { numberPhases: lowest.numberPhases } : {}) }
    }
    period.startPeriod = Math.round((t - from) / 1000)
    // A sub-second sliver is replaced by what follows it; equal neighbours merge.
    while (periods.length > 0 && periods.at(-1)!.startPeriod === period.startPeriod) periods.pop()
    const last = periods.at(-1)
    if (last && last.limit === period.limit && last.numberPhases === period.numberPhases) continue
    if (periods.length >= maxItems) {
      cut.add(`The composite changes more than ${number(maxItems)} times in the window: ${firstItems(maxItems)} periods are shown, up to ${new Date(t).toISOString()}.`)
      to = t
      break
    }
    periods.push(period)
  }
  return { periods, duration: Math.max(0, Math.round((to - from) / 1000)), truncated: cut.notes }
}
