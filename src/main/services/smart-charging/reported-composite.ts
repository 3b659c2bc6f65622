/**
 * A station's GetCompositeSchedule answer as the CSMS keeps it: as received, except that at most
 * MAX_ITEMS periods (the first ones in time order) are kept, with a note saying so. The answer
 * as sent stays in the message log; the state file, rewritten as a whole, stays small.
 */
import type { ReportedComposite } from '@shared/contract/charging-dto'
import type { GetCompositeScheduleRequest, GetCompositeScheduleResponse } from '@shared/ocpp/payloads'
import { firstItems, MAX_ITEMS, number } from './view-bounds'

export function toReportedComposite(request: GetCompositeScheduleRequest, response: Partial<GetCompositeScheduleResponse>, receivedAt: string, taskId: string, max = MAX_ITEMS): ReportedComposite {
  let schedule = response.chargingSchedule
  const truncated: string[] = []
  let completeUntil: number | undefined
  const periods = schedule?.chargingSchedulePeriod
  if (schedule && Array.isArray(periods) && periods.length > max) {
    const sorted = [...periods].sort((a, b) => a.startPeriod - b.startPeriod)
    const kept = sorted.slice(0, max)
    completeUntil = sorted[max]!.startPeriod
    truncated.push(`The station answered with ${number(periods.length)} periods: ${firstItems(max)} in time order are kept (the whole answer is in the message log).`)
    schedule = { ...schedule, chargingSchedulePeriod: kept }
  }
  return {
    connectorId: request.connectorId,
    requested: { duration: request.duration, ...(request.chargingRateUnit ? { chargingRateUnit: request.chargingRateUnit } : {}) },
    status: String(response.status ?? 'unknown'),
    ...(response.scheduleStart ? { scheduleStart: response.scheduleStart } : {}),
    ...(schedule ? { chargingSchedule: schedule } : {}),
    receivedAt,
    taskId,
    ...(truncated.length > 0 ? { truncated } : {}),
    ...(completeUntil !== undefined && Number.isFinite(completeUntil) ? { completeUntil } : {}),
  }
}
