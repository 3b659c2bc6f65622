import { h, type VNodeChild } from 'vue'
import type { DataTableColumn } from 'naive-ui'
import { formatUtc, relativeTime } from '../../utils/format'
import UnreadableTag from './UnreadableTag.vue'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** A library's Name column (natural order), the name drawn by `render`; an entry the CSMS could not show whole is marked so. */
export function nameColumn<R extends { name: string; unreadable?: string }>(render: (r: R) => VNodeChild): DataTableColumn<R> {
  return {
    key: 'name',
    title: 'Name',
    minWidth: 120,
    ellipsis: { tooltip: true },
    sorter: (a, b) => collator.compare(a.name, b.name),
    render: (r) => (r.unreadable ? [render(r), ' ', h(UnreadableTag, { reason: r.unreadable })] : render(r)),
  }
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
