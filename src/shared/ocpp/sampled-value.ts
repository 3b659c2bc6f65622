/** A sampledValue with the OCPP 1.6 defaults filled in (§7.43): what a station means when it omits a field. */
import type { MeterValuesRequest } from './payloads'

export type SampledValue = MeterValuesRequest['meterValue'][number]['sampledValue'][number]
export type NormalizedSampledValue = Required<Omit<SampledValue, 'phase' | 'unit'>> & Pick<SampledValue, 'phase' | 'unit'>

export function withDefaults(value: SampledValue): NormalizedSampledValue {
  const measurand = value.measurand ?? 'Energy.Active.Import.Register'
  return {
    value: value.value,
    context: value.context ?? 'Sample.Periodic',
    format: value.format ?? 'Raw',
    measurand,
    location: value.location ?? 'Outlet',
    // "Default = Wh if the (default) measurand is an Energy type" (§7.45); other measurands have none.
    ...(value.unit !== undefined ? { unit: value.unit } : measurand.startsWith('Energy.') ? { unit: 'Wh' as const } : {}),
    ...(value.phase !== undefined ? { phase: value.phase } : {}),
  }
}

const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/

/**
 * A sampled value's text as a finite decimal number, or undefined: '' (which Number() reads as 0),
 * 'NaN', 'Infinity', '1e309', hex and text are not readings.
 */
export function decimalValue(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length > 64 || !DECIMAL.test(text)) return undefined
  const number = Number(text)
  return Number.isFinite(number) ? number : undefined
}

/** `number` × `factor` when the product is still finite (1e308 kWh in Wh is not). */
function scaled(number: number, factor: number): number | undefined {
  const result = number * factor
  return Number.isFinite(result) ? result : undefined
}

/** An energy register reading in Wh, or undefined when the value is not a plain, finite number. */
export function energyWh(value: SampledValue): number | undefined {
  const v = withDefaults(value)
  if (v.format !== 'Raw' || v.measurand !== 'Energy.Active.Import.Register' || v.phase !== undefined) return undefined
  const number = decimalValue(v.value)
  if (number === undefined) return undefined
  if (v.unit === 'kWh') return scaled(number, 1000)
  if (v.unit === 'Wh') return number
  return undefined
}

/** An active import power reading in W (kW converted), or undefined when the value is something else. */
export function powerW(value: SampledValue): { watts: number; phase?: string } | undefined {
  const v = withDefaults(value)
  if (v.format !== 'Raw' || v.measurand !== 'Power.Active.Import') return undefined
  const number = decimalValue(v.value)
  if (number === undefined) return undefined
  const watts = value.unit === 'kW' ? scaled(number, 1000) : value.unit === undefined || value.unit === 'W' ? number : undefined
  if (watts === undefined) return undefined
  return { watts, ...(v.phase !== undefined ? { phase: v.phase } : {}) }
}
