import { computed, onScopeDispose } from 'vue'
import { defineStore } from 'pinia'
import type { CommandArgs, CommandResult, IdTagRecord } from '@shared/contract'
import { getClient, onResync } from '../api'
import { createWholeSnapshot } from './whole-snapshot'
import { downloadText } from '../utils/download'

export type IdTagDraft = CommandArgs<'upsertIdTag'>

/** The input that stores `record` unchanged (every field, so nothing is cleared by accident). */
export function draftOf(record: IdTagRecord): IdTagDraft {
  return { idTag: record.idTag, status: record.status, expiryDate: record.expiryDate ?? null, parentIdTag: record.parentIdTag ?? null, note: record.note ?? null }
}

/** The idTags the CSMS knows: the listIdTags snapshot, then idTagsChanged events (the whole list). */
export const useIdTagsStore = defineStore('idTags', () => {
  const client = getClient()
  const { value: list, loading, loaded, error, apply, load } = createWholeSnapshot<IdTagRecord[]>(() => client.invoke('listIdTags', {}), [], 'the idTags')

  /** Mirror the result of our own change at once (the event follows). */
  function replace(record: IdTagRecord): void {
    const key = record.idTag.toUpperCase()
    const next = list.value.filter((r) => r.idTag.toUpperCase() !== key)
    next.push(record)
    next.sort((a, b) => (a.idTag.toUpperCase() < b.idTag.toUpperCase() ? -1 : 1))
    list.value = next
  }

  async function save(draft: IdTagDraft): Promise<CommandResult<'upsertIdTag'>> {
    const result = await client.invoke('upsertIdTag', draft)
    replace(result.record)
    return result
  }

  function block(record: IdTagRecord): Promise<CommandResult<'upsertIdTag'>> {
    return save({ ...draftOf(record), status: 'Blocked' })
  }

  /** Expire now: Authorize then answers Expired (an Accepted tag past its expiryDate). */
  function expireNow(record: IdTagRecord): Promise<CommandResult<'upsertIdTag'>> {
    return save({ ...draftOf(record), expiryDate: new Date().toISOString() })
  }

  async function remove(idTag: string): Promise<void> {
    await client.invoke('deleteIdTag', { idTag })
    list.value = list.value.filter((r) => r.idTag.toUpperCase() !== idTag.toUpperCase())
  }

  async function importCsv(csv: string): Promise<CommandResult<'importIdTagsCsv'>> {
    const result = await client.invoke('importIdTagsCsv', { csv })
    await load()
    return result
  }

  async function exportCsv(): Promise<CommandResult<'exportIdTagsCsv'>> {
    const result = await client.invoke('exportIdTagsCsv', {})
    downloadText(result.fileName, result.content, 'text/csv')
    return result
  }

  const offs = [client.on('idTagsChanged', apply), onResync(() => void load())]
  onScopeDispose(() => offs.forEach((off) => off()))

  const count = computed(() => list.value.length)

  return { list, count, loading, loaded, error, load, save, block, expireNow, remove, importCsv, exportCsv, apply }
})
