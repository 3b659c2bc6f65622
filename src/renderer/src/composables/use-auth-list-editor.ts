import { computed, ref, type Ref } from 'vue'
import type { AuthList } from '@shared/contract'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { useLocalListsStore } from '../stores/local-lists'
import type { EntryStatus } from '../utils/local-list-labels'
import { useLibraryEditor } from './use-library-editor'

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
 * and saving (useLibraryEditor). A failed save keeps every edit; a newer version saved elsewhere
 * replaces the lines only when there are no edits.
 */
export function useAuthListEditor(record: Ref<AuthList | undefined>, seed?: AuthListSeed) {
  const library = useLocalListsStore()
  const rows = ref<EntryRow[]>([])
  const entries = computed(() => rows.value.map(entryOf))
  const problems = computed(() => rowProblems(rows.value))

  const entry = useLibraryEditor({
    record,
    seed,
    loadContent: (from) => {
      rows.value = (from ? from.entries : (seed?.entries ?? [])).map(rowOf)
    },
    contentDiffers: (base) => {
      const list = rows.value
      if (list.length !== base.entries.length) return true
      for (let i = 0; i < list.length; i++) if (!sameEntry(list[i] as EntryRow, base.entries[i])) return true
      return false
    },
    checkName: (name) => (name.trim() === '' ? 'A name is needed to save the list' : undefined),
    content: () => ({ entries: entries.value }),
    save: (args) => library.save(args),
    what: 'the list',
  })

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
    for (const item of list) {
      const at = index.get(item.idTag.toUpperCase())
      if (at === undefined) {
        index.set(item.idTag.toUpperCase(), next.length)
        next.push(rowOf(item))
        added++
      } else {
        next[at] = { ...rowOf(item), key: (next[at] as EntryRow).key }
        updated++
      }
    }
    rows.value = next
    return { added, updated }
  }

  return { ...entry, rows, entries, problems, setRow, addRow, removeRow, replaceEntries, mergeEntries }
}

export type AuthListEditor = ReturnType<typeof useAuthListEditor>
