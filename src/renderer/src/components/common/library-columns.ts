import { h, type VNodeChild } from 'vue'
import type { DataTableColumn } from 'naive-ui'
import { formatUtc, relativeTime } from '../../utils/format'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** A library's Name column (natural order), the name drawn by `render`. */
export function nameColumn<R extends { name: string }>(render: (r: R) => VNodeChild): DataTableColumn<R> {
  return { key: 'name', title: 'Name', minWidth: 120, ellipsis: { tooltip: true }, sorter: (a, b) => collator.compare(a.name, b.name), render }
}

/** A library's Updated column: how long ago, the UTC time on hover. */
export function updatedColumn<R extends { updatedAt: string }>(now: () => number): DataTableColumn<R> {
  return {
    key: 'updatedAt',
    title: 'Updated',
    width: 92,
    sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
    render: (r) => h('span', { title: `${formatUtc(r.updatedAt)} UTC` }, relativeTime(r.updatedAt, now())),
  }
}
