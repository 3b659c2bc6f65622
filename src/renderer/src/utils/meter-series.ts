/**
 * Meter values as chart series: one series per measurand + phase + location + unit, numbers only
 * (SignedData and values that are not numbers are left out), in time order, one point per instant.
 * Units are shown at a readable scale: Wh → kWh, W → kW (and varh, var, VA likewise); the unit of a
 * series is the scaled one, so readings sent in W and in kW make one kW series.
 */
import type { MeterValueBatch } from '@shared/contract'
import { decimalValue, withDefaults, type SampledValue } from '@shared/ocpp/sampled-value'
import { ownValue } from '@shared/util/id-record'

/** Left axis: energy registers and intervals (kWh, kvarh). Right axis: everything else. */
export type MeterAxis = 'energy' | 'other'

export interface MeterSeries {
  /** Stable identity: measurand|phase|location|unit (scaled). */
  key: string
  /** Legend label, e.g. `Power.Active.Import L1 (kW)`. */
  name: string
  measurand: string
  phase?: string
  location: string
  /** The unit of `points` after scaling (kWh, kW, A, V, …; '' when the value has none). */
  unit: string
  axis: MeterAxis
  /** [epoch ms, value], oldest first, one per timestamp. */
  points: [number, number][]
}

/** Scaled units: the factor and the unit shown. */
const SCALE: Record<string, [number, string]> = {
  Wh: [1 / 1000, 'kWh'],
  kWh: [1, 'kWh'],
  varh: [1 / 1000, 'kvarh'],
  kvarh: [1, 'kvarh'],
  W: [1 / 1000, 'kW'],
  kW: [1, 'kW'],
  var: [1 / 1000, 'kvar'],
  kvar: [1, 'kvar'],
  VA: [1 / 1000, 'kVA'],
  kVA: [1, 'kVA'],
  Celcius: [1, 'Celsius'],
}

/**
 * The unit a value is in. OCPP's default unit is Wh; for a measurand that cannot be energy
 * (power, current, voltage, …) an absent unit is read as that quantity's base unit, as the CSMS
 * itself does for power (see powerW in @shared/ocpp/sampled-value).
 */
/** The unit to plot in: as sent, the spec's Wh for energy, else what the measurand implies. */
function unitOf(raw: SampledValue, measurand: string, defaulted: string | undefined): string {
  if (raw.unit !== undefined) return raw.unit
  if (defaulted !== undefined) return defaulted
  if (measurand === 'Power.Reactive.Import' || measurand === 'Power.Reactive.Export') return 'var'
  if (measurand.startsWith('Power.') && measurand !== 'Power.Factor') return 'W'
  if (measurand.startsWith('Current.')) return 'A'
  if (measurand === 'Voltage') return 'V'
  if (measurand === 'SoC') return 'Percent'
  if (measurand === 'Temperature') return 'Celsius'
  return ''
}


function seriesName(measurand: string, phase: string | undefined, location: string, unit: string): string {
  const parts = [measurand]
  if (phase) parts.push(phase)
  if (location !== 'Outlet') parts.push(`@${location}`)
  return unit ? `${parts.join(' ')} (${unit})` : parts.join(' ')
}

/** Rounds away binary noise from scaling (0.1 + 0.2 style). */
const tidy = (n: number): number => Number(n.toPrecision(12))

/** Turns a transaction's meter values into chart series, energy first, then by name. */
export function meterSeries(batches: readonly MeterValueBatch[]): MeterSeries[] {
  const byKey = new Map<string, MeterSeries & { seen: Set<number> }>()
  for (const batch of batches) {
    for (const meterValue of batch.meterValue) {
      const time = Date.parse(meterValue.timestamp)
      if (Number.isNaN(time)) continue
      for (const raw of meterValue.sampledValue) {
        const v = withDefaults(raw)
        if (v.format !== 'Raw') continue
        const number = decimalValue(v.value)
        if (number === undefined) continue
        const receivedUnit = unitOf(raw, v.measurand, v.unit)
        const [factor, unit] = ownValue(SCALE, receivedUnit) ?? [1, receivedUnit]
        const key = [v.measurand, v.phase ?? '', v.location, unit].join('|')
        let series = byKey.get(key)
        if (!series) {
          series = {
            key,
            name: seriesName(v.measurand, v.phase, v.location, unit),
            measurand: v.measurand,
            ...(v.phase !== undefined ? { phase: v.phase } : {}),
            location: v.location,
            unit,
            axis: unit === 'kWh' || unit === 'kvarh' ? 'energy' : 'other',
            points: [],
            seen: new Set(),
          }
          byKey.set(key, series)
        }
        // The same reading often comes twice (MeterValues, then StopTransaction.transactionData): keep the first.
        if (series.seen.has(time)) continue
        series.seen.add(time)
        const shown = tidy(number * factor)
        if (Number.isFinite(shown)) series.points.push([time, shown])
      }
    }
  }
  const result: MeterSeries[] = []
  for (const { seen: _seen, ...series } of byKey.values()) {
    series.points.sort((a, b) => a[0] - b[0])
    result.push(series)
  }
  return result.sort((a, b) => (a.axis === b.axis ? a.name.localeCompare(b.name) : a.axis === 'energy' ? -1 : 1))
}
