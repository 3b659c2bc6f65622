import { computed, onScopeDispose } from 'vue'
import { defineStore } from 'pinia'
import type { AuthList, CommandArgs, CommandResult } from '@shared/contract'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { getClient, onResync } from '../api'
import { downloadText } from '../utils/download'
import { createWholeSnapshot } from './whole-snapshot'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const byName = (a: AuthList, b: AuthList): number => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1)

/** The local authorization list library: the listAuthLists snapshot, then authListsChanged (the whole list). */
export const useLocalListsStore = defineStore('localLists', () => {
  const client = getClient()
  const { value: records, loading, loaded, error, apply, load } = createWholeSnapshot<AuthList[]>(() => client.invoke('listAuthLists', {}), [], 'the local list library')

  /** Sorted by name, numbers in natural order. */
  const list = computed(() => [...records.value].sort(byName))
  const count = computed(() => records.value.length)

  function get(id: string): AuthList | undefined {
    return records.value.find((r) => r.id === id)
  }

  /** Mirror the result of our own change at once (the event follows). */
  function replace(record: AuthList): void {
    records.value = [...records.value.filter((r) => r.id !== record.id), record]
  }

  /** Throws an ApiError (BadRequest when an entry breaks the OCPP schema). */
  async function save(args: CommandArgs<'saveAuthList'>): Promise<CommandResult<'saveAuthList'>> {
    const result = await client.invoke('saveAuthList', args)
    replace(result.record)
    return result
  }

  async function remove(id: string): Promise<void> {
    await client.invoke('deleteAuthList', { id })
    records.value = records.value.filter((r) => r.id !== id)
  }

  /** Entries main builds from the id-tag store: every idTag, or the ones given. */
  function fromIdTags(idTags?: string[]): Promise<CommandResult<'authListFromIdTags'>> {
    return client.invoke('authListFromIdTags', idTags ? { idTags } : {})
  }

  function importCsv(csv: string): Promise<CommandResult<'importAuthListCsv'>> {
    return client.invoke('importAuthListCsv', { csv })
  }

  /** Asks main for the CSV and hands it to the browser as a download. */
  async function exportCsv(entries: AuthorizationData[], name?: string): Promise<CommandResult<'exportAuthListCsv'>> {
    const result = await client.invoke('exportAuthListCsv', { entries, ...(name ? { name } : {}) })
    downloadText(result.fileName, result.content, 'text/csv')
    return result
  }

  /** A name not used yet in the library: `base`, else `base 2`, `base 3`… */
  function freeName(base: string): string {
    const taken = new Set(records.value.map((r) => r.name))
    if (!taken.has(base)) return base
    for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`
  }

  const offs = [client.on('authListsChanged', apply), onResync(() => void load())]
  onScopeDispose(() => offs.forEach((off) => off()))

  return { list, count, loading, loaded, error, load, get, save, remove, fromIdTags, importCsv, exportCsv, freeName, apply }
})
