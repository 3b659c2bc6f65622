/**
 * The live figures of a transaction, from its meter values: the latest energy register reading
 * and the latest active power. Pure functions over the OCPP 1.6 sampled values (§7.43 defaults).
 */
import type { MeterReading, MeterValue } from '@shared/contract/dto'
import { energyWh, powerW } from '@shared/ocpp/sampled-value'

const PHASES = ['L1', 'L2', 'L3']

function later(a: string | undefined, b: string): boolean {
  if (a === undefined) return true
  const ta = Date.parse(a)
  const tb = Date.parse(b)
  return Number.isNaN(ta) || Number.isNaN(tb) ? b >= a : tb >= ta
}

/** Total power of one meterValue: the unphased value, else the sum of L1..L3 when all are there. */
function totalPower(meterValue: MeterValue): number | undefined {
  const readings = meterValue.sampledValue.map(powerW).filter((r): r is NonNullable<typeof r> => r !== undefined)
  const total = readings.find((r) => r.phase === undefined)
  if (total) return total.watts
  const phases = readings.filter((r) => r.phase !== undefined && PHASES.includes(r.phase))
  if (phases.length === 0) return undefined
  return phases.reduce((sum, r) => sum + r.watts, 0)
}

/** `previous` updated with any newer register or power reading in `meterValues`. */
export function updateReading(previous: MeterReading | undefined, meterValues: MeterValue[]): MeterReading {
  const next: MeterReading = { ...previous }
  for (const meterValue of meterValues) {
    const at = meterValue.timestamp
    for (const sampled of meterValue.sampledValue) {
      const wh = energyWh(sampled)
      if (wh !== undefined && later(next.registerAt, at)) {
        next.registerWh = wh
        next.registerAt = at
      }
    }
    const watts = totalPower(meterValue)
    if (watts !== undefined && later(next.powerAt, at)) {
      next.powerW = watts
      next.powerAt = at
    }
  }
  return next
}

export function hasReading(reading: MeterReading | undefined): reading is MeterReading {
  return reading !== undefined && (reading.registerWh !== undefined || reading.powerW !== undefined)
}
