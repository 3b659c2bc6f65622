import { computed, onScopeDispose } from 'vue'
import { defineStore } from 'pinia'
import type { CommandArgs, CommandResult, LibraryProfile } from '@shared/contract'
import { getClient, onResync } from '../api'
import { createWholeSnapshot } from './whole-snapshot'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const byName = (a: LibraryProfile, b: LibraryProfile): number => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1)

/** The charging profile library: the listChargingProfiles snapshot, then chargingLibraryChanged (the whole list). */
export const useChargingLibraryStore = defineStore('chargingLibrary', () => {
  const client = getClient()
  const snapshot = createWholeSnapshot<LibraryProfile[]>(() => client.invoke('listChargingProfiles', {}), [], 'the charging profile library')
  const { value: records, loading, loaded, error, apply, load } = snapshot

  /** Sorted by name, numbers in natural order. */
  const list = computed(() => [...records.value].sort(byName))
  const count = computed(() => records.value.length)

  function get(id: string): LibraryProfile | undefined {
    return records.value.find((r) => r.id === id)
  }

  /** Mirror the result of our own change at once (the event follows). */
  function replace(record: LibraryProfile): void {
    records.value = [...records.value.filter((r) => r.id !== record.id), record]
  }

  async function save(args: CommandArgs<'saveChargingProfile'>): Promise<CommandResult<'saveChargingProfile'>> {
    const result = await client.invoke('saveChargingProfile', args)
    replace(result.record)
    return result
  }

  async function remove(id: string): Promise<void> {
    await client.invoke('deleteChargingProfile', { id })
    records.value = records.value.filter((r) => r.id !== id)
  }

  /** A name not used yet in the library: `base`, else `base 2`, `base 3`… */
  function freeName(base: string): string {
    const taken = new Set(records.value.map((r) => r.name))
    if (!taken.has(base)) return base
    for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`
  }

  const offs = [client.on('chargingLibraryChanged', apply), onResync(() => void load())]
  onScopeDispose(() => offs.forEach((off) => off()))

  return { list, count, loading, loaded, error, load, get, save, remove, freeName, apply }
})
