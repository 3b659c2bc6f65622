import { computed, ref, shallowRef } from 'vue'
import type { CommandArgs, CsmsClient, TransactionSummary } from '@shared/contract'
import { createLiveList } from './live-list'

export type TransactionFilter = Omit<CommandArgs<'listTransactions'>, 'offset' | 'limit'>

export interface TransactionListOptions {
  client: CsmsClient
  filter?: TransactionFilter
  /** Rows per page. */
  limit?: number
  /** False: no events until `attach()` (the Transactions page's store, before the page opens). */
  attached?: boolean
}

/**
 * Which row a summary is. A transaction is its id; an orphan stop (an id the CSMS never handed
 * out, often -1, so ids repeat) is its station, id and arrival.
 */
export function transactionKey(t: TransactionSummary): string {
  return t.orphan ? `orphan:${t.stationId}:${t.transactionId}:${t.receivedAt}` : `tx:${t.transactionId}`
}

/** The listTransactions filter, applied to one summary (idTag compared case-insensitively, as main does). */
export function matchesFilter(t: TransactionSummary, filter: TransactionFilter): boolean {
  if (filter.stationId !== undefined && t.stationId !== filter.stationId) return false
  if (filter.active !== undefined && t.active !== filter.active) return false
  if (filter.idTag !== undefined && t.idTag.toUpperCase() !== filter.idTag.toUpperCase()) return false
  return true
}

/** Drops empty values so they do not reach the command (idTag '' fails its minLength). */
export function cleanFilter(filter: TransactionFilter): TransactionFilter {
  const out: TransactionFilter = {}
  if (filter.stationId) out.stationId = filter.stationId
  if (filter.active !== undefined) out.active = filter.active
  const idTag = filter.idTag?.trim()
  if (idTag) out.idTag = idTag
  return out
}

const time = (iso: string): number => {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? 0 : t
}

/**
 * One page of transactions, newest first: a listTransactions snapshot kept current by
 * transactionUpdated events. Used by the Transactions page (as a store) and a station's card.
 */
export function createTransactionList(options: TransactionListOptions) {
  const { client } = options
  const filter = ref<TransactionFilter>(cleanFilter(options.filter ?? {}))
  const offset = ref(0)
  const limit = ref(options.limit ?? 50)
  const items = shallowRef<TransactionSummary[]>([])
  const total = ref(0)
  /** Stored transactions main could not read or show (moved aside); not in `total`. */
  const skipped = ref(0)

  function applyEvent(t: TransactionSummary): void {
    const key = transactionKey(t)
    const list = items.value
    const index = list.findIndex((x) => transactionKey(x) === key)
    const matches = matchesFilter(t, filter.value)
    if (index >= 0) {
      const old = list[index] as TransactionSummary
      // A stopped transaction never runs again: an older copy arriving late changes nothing.
      if (!old.active && t.active) return
      const next = list.slice()
      if (matches) next[index] = t
      else {
        next.splice(index, 1)
        total.value = Math.max(0, total.value - 1)
      }
      items.value = next
      return
    }
    if (!matches) return
    // Newest first by arrival: find its place among the rows shown.
    const at = time(t.receivedAt)
    let position = list.findIndex((x) => time(x.receivedAt) < at)
    if (position < 0) position = list.length
    const lastPage = offset.value + list.length >= total.value
    total.value += 1
    if (position === 0 && offset.value > 0) return // newer than this page: it belongs to an earlier one
    if (position === list.length && !(lastPage && list.length < limit.value)) return // older than this page
    const next = list.slice()
    next.splice(position, 0, t)
    if (next.length > limit.value) next.length = limit.value
    items.value = next
  }

  const { loading, loaded, error, load, apply, relisten, attach, detach, dispose } = createLiveList({
    fetch: () => client.invoke('listTransactions', { ...filter.value, offset: offset.value, limit: limit.value }),
    take: (page: { items: TransactionSummary[]; total: number; skipped?: number }) => {
      items.value = page.items
      total.value = page.total
      skipped.value = page.skipped ?? 0
    },
    applyEvent,
    // With a station in the filter, main sends only that station's transactions.
    listen: (on) => {
      const stationId = filter.value.stationId
      return client.on('transactionUpdated', on, stationId ? { stationId } : undefined)
    },
    what: 'the transactions',
    attached: options.attached,
  })

  /** A new filter starts from the first page. */
  function setFilter(next: TransactionFilter): Promise<void> {
    const station = filter.value.stationId
    filter.value = cleanFilter(next)
    offset.value = 0
    if (filter.value.stationId !== station) relisten()
    return load()
  }

  /** 1-based page number and, optionally, a new page size. */
  function setPage(page: number, pageSize = limit.value): Promise<void> {
    limit.value = pageSize
    offset.value = Math.max(0, (page - 1) * pageSize)
    return load()
  }

  const page = computed(() => Math.floor(offset.value / limit.value) + 1)

  return { filter, offset, limit, page, items, total, skipped, loading, loaded, error, load, setFilter, setPage, apply, attach, detach, dispose }
}

export type TransactionList = ReturnType<typeof createTransactionList>
