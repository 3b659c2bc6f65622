/**
 * A profile's own limits over a window, for the editor's preview (previewChargingProfile): bounded
 * like every view (at most 31 days, MAX_ITEMS spans), with a note on what was cut.
 */
import type { ProfilePreview, ProfileTemplate } from '@shared/contract/charging-dto'
import type { ChargingRateUnitType } from '@shared/ocpp/payloads'
import { convertLimit, roundLimit } from './composite'
import { profileTimeline } from './schedule-timeline'
import { boundedWindow, firstItems, MAX_ITEMS, number, Truncation } from './view-bounds'

export interface PreviewOptions {
  from: number
  duration: number
  transactionStart?: number
  chargingRateUnit?: ChargingRateUnitType
  voltage?: number
}

export function previewSpans(template: ProfileTemplate, options: PreviewOptions): Omit<ProfilePreview, 'warnings'> {
  const cut = new Truncation()
  const { from, duration } = boundedWindow(options.from, options.duration, 'The preview was asked for', cut)
  const own = template.chargingSchedule.chargingRateUnit
  const unit = options.chargingRateUnit ?? own
  const voltage = options.voltage ?? 230
  const timeline = profileTimeline({ ...template, chargingProfileId: template.chargingProfileId ?? 0 }, from, from + duration * 1000, { transactionStart: options.transactionStart ?? from })
  if (timeline.truncated) cut.add(`The profile changes its limit more than ${number(MAX_ITEMS)} times in the window: ${firstItems(MAX_ITEMS)} spans are shown, up to ${new Date(timeline.until).toISOString()}.`)
  return {
    chargingRateUnit: unit,
    from: new Date(from).toISOString(),
    duration,
    ...cut.field(),
    spans: timeline.spans.map((s) => ({
      start: new Date(s.start).toISOString(),
      end: new Date(s.end).toISOString(),
      limit: roundLimit(convertLimit(s.limit, own, unit, s.numberPhases, voltage)),
      ...(s.numberPhases !== undefined ? { numberPhases: s.numberPhases } : {}),
    })),
  }
}
