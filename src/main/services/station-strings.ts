/**
 * Text a station sends, kept at most as long as its OCPP 1.6 schema allows (the maxLength of each
 * CiString field in schemas/). A strict CSMS refuses longer text at the edge; in lenient mode the
 * frame is accepted (and the violation recorded), but what is stored and shown is cut to the limit,
 * so a frame of 1 MiB never becomes a 1 MiB station record rewritten with the state file.
 */
import type { BootNotificationRequest, StatusNotificationRequest } from '@shared/ocpp/payloads'
import { idRecord } from '@shared/util/id-record'

/** `text` cut to `max` characters, marked with … when cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text
}

/** A value that should be a string kept as one, cut to `max`; anything else becomes its JSON text, cut. */
function clipValue(value: unknown, max: number): string {
  return clip(typeof value === 'string' ? value : String(JSON.stringify(value)), max)
}

const BOOT_LIMITS: Record<keyof BootNotificationRequest, number> = {
  chargePointVendor: 20,
  chargePointModel: 20,
  chargePointSerialNumber: 25,
  chargeBoxSerialNumber: 25,
  firmwareVersion: 50,
  iccid: 20,
  imsi: 20,
  meterType: 25,
  meterSerialNumber: 25,
}

/** The BootNotification's fields cut to their schema lengths; fields the schema does not know are left out. */
export function boundedBoot(boot: BootNotificationRequest): BootNotificationRequest {
  const kept = idRecord<string>()
  for (const [field, max] of Object.entries(BOOT_LIMITS)) {
    const value = (boot as unknown as Record<string, unknown>)[field]
    if (value !== undefined) kept[field] = clipValue(value, max)
  }
  return kept as unknown as BootNotificationRequest
}

export const STATUS_LIMITS = { info: 50, vendorId: 255, vendorErrorCode: 50 } as const satisfies Partial<Record<keyof StatusNotificationRequest, number>>

/** StatusNotification's free text, cut to the schema lengths. */
export function boundedStatusText(value: unknown, field: keyof typeof STATUS_LIMITS): string {
  return clipValue(value, STATUS_LIMITS[field])
}
