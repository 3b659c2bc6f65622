import type { IdTagRecord } from '@shared/contract'

export function idTag(tag: string, extra: Partial<IdTagRecord> = {}): IdTagRecord {
  return { idTag: tag, status: 'Accepted', createdAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z', ...extra }
}
