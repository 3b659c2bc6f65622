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

/** An energy register reading in Wh, or undefined when the value is not a plain number. */
export function energyWh(value: SampledValue): number | undefined {
  const v = withDefaults(value)
  if (v.format !== 'Raw' || v.measurand !== 'Energy.Active.Import.Register' || v.phase !== undefined) return undefined
  const number = Number(v.value)
  if (!Number.isFinite(number)) return undefined
  if (v.unit === 'kWh') return number * 1000
  if (v.unit === 'Wh') return number
  return undefined
}

/** An active import power reading in W (kW converted), or undefined when the value is something else. */
export function powerW(value: SampledValue): { watts: number; phase?: string } | undefined {
  const v = withDefaults(value)
  if (v.format !== 'Raw' || v.measurand !== 'Power.Active.Import') return undefined
  const number = Number(v.value)
  if (!Number.isFinite(number)) return undefined
  const watts = value.unit === 'kW' ? number * 1000 : value.unit === undefined || value.unit === 'W' ? number : undefined
  if (watts === undefined) return undefined
  return { watts, ...(v.phase !== undefined ? { phase: v.phase } : {}) }
}
