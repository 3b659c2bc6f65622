/**
 * The live figures of a transaction, from its meter values: the latest energy register reading
 * and the latest active power. Pure functions over the OCPP 1.6 sampled values (§7.43 defaults).
 */
import type { MeterReading, MeterValue } from '@shared/contract/dto'
import { energyWh, powerW } from '@shared/ocpp/sampled-value'
import { FUTURE_TOLERANCE_MS } from './connector-status'

const PHASES = ['L1', 'L2', 'L3']

function later(a: string | undefined, b: string): boolean {
  if (a === undefined) return true
  const ta = Date.parse(a)
  const tb = Date.parse(b)
  return Number.isNaN(ta) || Number.isNaN(tb) ? b >= a : tb >= ta
}

/**
 * When a reading was taken, as far as ordering goes: the station's timestamp, unless it is not a
 * time or lies beyond the time of receipt (+ the clock tolerance). A station whose clock says 9999
 * would otherwise pin its "latest" reading forever and hide every later one; such a reading counts
 * as taken when it arrived.
 */
function readingTime(timestamp: unknown, receivedAtMs: number | undefined): string {
  const text = typeof timestamp === 'string' ? timestamp : ''
  if (receivedAtMs === undefined || !Number.isFinite(receivedAtMs)) return text
  const ms = Date.parse(text)
  return Number.isFinite(ms) && ms <= receivedAtMs + FUTURE_TOLERANCE_MS ? text : new Date(receivedAtMs).toISOString()
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

/** `previous` updated with any newer register or power reading in `meterValues` (received at `receivedAtMs`). */
export function updateReading(previous: MeterReading | undefined, meterValues: MeterValue[], receivedAtMs?: number): MeterReading {
  const next: MeterReading = { ...previous }
  for (const meterValue of meterValues) {
    const at = readingTime(meterValue.timestamp, receivedAtMs)
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
