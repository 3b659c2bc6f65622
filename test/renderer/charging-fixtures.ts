import type { CommandArgs, LibraryProfile, ProfilePreview, ProfileTemplate } from '@shared/contract'

/** A TxDefaultProfile of 16 A from 2024-05-01 12:00 UTC, with one period. */
export function template(extra: Partial<ProfileTemplate> = {}): ProfileTemplate {
  return {
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: { startSchedule: '2024-05-01T12:00:00Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    ...extra,
  }
}

export function libraryProfile(id: string, name: string, profile: ProfileTemplate = template(), extra: Partial<LibraryProfile> = {}): LibraryProfile {
  return { id, name, profile, createdAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T11:00:00.000Z', ...extra }
}

/** What main would answer: the first period's limit over the whole window (enough for the chart). */
export function previewOf(args: CommandArgs<'previewChargingProfile'>): ProfilePreview {
  const profile = args.profile as ProfileTemplate
  const from = args.from ?? '2024-05-01T12:00:00.000Z'
  const duration = args.duration ?? 86_400
  const end = new Date(Date.parse(from) + duration * 1000).toISOString()
  const limit = profile.chargingSchedule.chargingSchedulePeriod[0]?.limit ?? null
  return { chargingRateUnit: profile.chargingSchedule.chargingRateUnit, from, duration, spans: [{ start: from, end, limit }], warnings: [] }
}
