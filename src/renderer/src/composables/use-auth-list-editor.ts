import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import type { AuthList } from '@shared/contract'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { ApiError, errorMessage } from '../api'
import { useLocalListsStore } from '../stores/local-lists'
import type { EntryStatus } from '../utils/local-list-labels'

/** One editable line of a list: status 'remove' = an entry without idTagInfo (a removal in a Differential). */
export interface EntryRow {
  /** Stable while the line is edited (the idTag is not: it can be typed). */
  key: number
  idTag: string
  status: EntryStatus | 'remove'
  expiryDate: string
  parentIdTag: string
}

/** What a new (not yet saved) list starts from. */
export interface AuthListSeed {
  name: string
  note?: string
  entries?: AuthorizationData[]
}

let nextKey = 1

export function rowOf(entry: AuthorizationData): EntryRow {
  const info = entry.idTagInfo
  return { key: nextKey++, idTag: entry.idTag, status: info ? (info.status as EntryStatus) : 'remove', expiryDate: info?.expiryDate ?? '', parentIdTag: info?.parentIdTag ?? '' }
}

/** The AuthorizationData a line stands for: fields as typed (trimmed), empty ones left out. */
export function entryOf(row: EntryRow): AuthorizationData {
  const idTag = row.idTag.trim()
  if (row.status === 'remove') return { idTag }
  const expiryDate = row.expiryDate.trim()
  const parentIdTag = row.parentIdTag.trim()
  return { idTag, idTagInfo: { status: row.status, ...(expiryDate ? { expiryDate } : {}), ...(parentIdTag ? { parentIdTag } : {}) } }
}

function sameEntry(row: EntryRow, entry: AuthorizationData | undefined): boolean {
  if (!entry || row.idTag.trim() !== entry.idTag) return false
  const info = entry.idTagInfo
  if (row.status === 'remove' || !info) return row.status === 'remove' && !info
  return row.status === info.status && row.expiryDate.trim() === (info.expiryDate ?? '') && row.parentIdTag.trim() === (info.parentIdTag ?? '')
}

/** Lines with something to look at (never a block: main decides what the schema allows). */
export function rowProblems(rows: EntryRow[]): Map<number, string> {
  const problems = new Map<number, string>()
  const seen = new Map<string, number>()
  for (const row of rows) {
    const idTag = row.idTag.trim()
    if (idTag === '') problems.set(row.key, 'idTag is empty')
    else if (idTag.length > 20) problems.set(row.key, `idTag has ${idTag.length} characters; OCPP allows 20`)
    const key = idTag.toUpperCase()
    const first = seen.get(key)
    if (idTag !== '' && first !== undefined) {
      problems.set(row.key, `${idTag} is in the list more than once`)
      if (!problems.has(first)) problems.set(first, `${idTag} is in the list more than once`)
    } else seen.set(key, row.key)
  }
  return problems
}

/**
 * One library list being edited: name, note, the lines, whether they differ from what is saved,
 * and saving. A failed save keeps every edit; a newer version saved elsewhere replaces the lines
 * only when there are no edits.
 */
export function useAuthListEditor(record: Ref<AuthList | undefined>, seed?: AuthListSeed) {
  const library = useLocalListsStore()
  const saved = shallowRef<AuthList | undefined>(record.value)
  const name = ref('')
  const note = ref('')
  const rows = ref<EntryRow[]>([])
  const saving = ref(false)
  const saveError = ref<string | null>(null)
  const saveWarnings = ref<string[]>([])
  const changedElsewhere = shallowRef<AuthList | null>(null)
  const deletedElsewhere = ref(false)

  function load(from: { name: string; note?: string; entries?: AuthorizationData[] }): void {
    name.value = from.name
    note.value = from.note ?? ''
    rows.value = (from.entries ?? []).map(rowOf)
  }
  const baseline = () => saved.value ?? { name: seed?.name ?? '', note: seed?.note, entries: seed?.entries ?? [] }
  load(baseline())

  const entries = computed(() => rows.value.map(entryOf))
  const dirty = computed(() => {
    const base = saved.value
    if (!base) return true
    if (name.value !== base.name || note.value.trim() !== (base.note ?? '')) return true
    const list = rows.value
    if (list.length !== base.entries.length) return true
    for (let i = 0; i < list.length; i++) if (!sameEntry(list[i] as EntryRow, base.entries[i])) return true
    return false
  })
  const nameError = computed(() => (name.value.trim() === '' ? 'A name is needed to save the list' : undefined))
  const problems = computed(() => rowProblems(rows.value))

  function setRow(key: number, patch: Partial<Omit<EntryRow, 'key'>>): void {
    const row = rows.value.find((r) => r.key === key)
    if (row) Object.assign(row, patch)
  }
  /** A new line on top (where it can be seen), Accepted. */
  function addRow(): EntryRow {
    const row: EntryRow = { key: nextKey++, idTag: '', status: 'Accepted', expiryDate: '', parentIdTag: '' }
    rows.value.unshift(row)
    return row
  }
  function removeRow(key: number): void {
    rows.value = rows.value.filter((r) => r.key !== key)
  }
  function replaceEntries(list: AuthorizationData[]): void {
    rows.value = list.map(rowOf)
  }
  /** Adds entries; a line with the same idTag (case-insensitive, as OCPP compares them) is replaced in place. */
  function mergeEntries(list: AuthorizationData[]): { added: number; updated: number } {
    const next = [...rows.value]
    const index = new Map(next.map((r, i) => [r.idTag.trim().toUpperCase(), i]))
    let added = 0
    let updated = 0
    for (const entry of list) {
      const at = index.get(entry.idTag.toUpperCase())
      if (at === undefined) {
        index.set(entry.idTag.toUpperCase(), next.length)
        next.push(rowOf(entry))
        added++
      } else {
        next[at] = { ...rowOf(entry), key: (next[at] as EntryRow).key }
        updated++
      }
    }
    rows.value = next
    return { added, updated }
  }

  function revert(): void {
    changedElsewhere.value = null
    saveError.value = null
    load(baseline())
  }
  function takeTheirs(): void {
    if (changedElsewhere.value) saved.value = changedElsewhere.value
    revert()
  }

  async function save(): Promise<AuthList | null> {
    if (nameError.value) return null
    saving.value = true
    saveError.value = null
    try {
      const trimmedNote = note.value.trim()
      // An emptied note is sent as '' so it is cleared whether main replaces or merges the entry.
      const hadNote = !!saved.value?.note
      const result = await library.save({
        ...(saved.value ? { id: saved.value.id } : {}),
        name: name.value.trim(),
        ...(trimmedNote || hadNote ? { note: trimmedNote } : {}),
        entries: entries.value,
      })
      saved.value = result.record
      saveWarnings.value = result.warnings
      changedElsewhere.value = null
      deletedElsewhere.value = false
      load(result.record)
      return result.record
    } catch (err) {
      const refused = err instanceof ApiError && err.code === 'BadRequest'
      saveError.value = refused ? `The CSMS refused the list: ${errorMessage(err)}` : `Could not save: ${errorMessage(err)}`
      return null
    } finally {
      saving.value = false
    }
  }

  // The library entry changed under the editor (an event, or our own save arriving).
  watch(record, (next) => {
    if (saving.value) return
    if (!next) {
      if (saved.value) {
        saved.value = undefined
        deletedElsewhere.value = true
      }
      return
    }
    const current = saved.value
    if (current && current.id === next.id && current.updatedAt === next.updatedAt) return
    if (!dirty.value) {
      saved.value = next
      load(next)
      changedElsewhere.value = null
    } else changedElsewhere.value = next
  })

  return {
    saved,
    name,
    note,
    rows,
    entries,
    dirty,
    nameError,
    problems,
    saving,
    saveError,
    saveWarnings,
    changedElsewhere,
    deletedElsewhere,
    setRow,
    addRow,
    removeRow,
    replaceEntries,
    mergeEntries,
    revert,
    takeTheirs,
    save,
  }
}

export type AuthListEditor = ReturnType<typeof useAuthListEditor>
