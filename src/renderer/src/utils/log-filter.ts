import type { CommandArgs, LogEntry, LogQuery } from '@shared/contract'

/** What the message log can be filtered by (the queryLog filter without paging). */
export type LogFilter = Omit<LogQuery, 'before' | 'limit'>

/** The filter without empty fields, as the queryLog / exportLog arguments expect it. */
export function filterArgs(filter: LogFilter): CommandArgs<'exportLog'> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => typeof value === 'string' && value !== '')) as CommandArgs<'exportLog'>
}

/** A predicate that tells whether a pushed entry belongs to the filtered view. */
export function compileFilter(filter: LogFilter): (entry: LogEntry) => boolean {
  const f = filterArgs(filter) as LogFilter
  const from = f.from ? Date.parse(f.from) : undefined
  const to = f.to ? Date.parse(f.to) : undefined
  return (e) => {
    if (f.stationId !== undefined && e.stationId !== f.stationId) return false
    if (f.action !== undefined && e.action !== f.action) return false
    if (f.direction !== undefined && e.direction !== f.direction) return false
    if (f.kind !== undefined && e.kind !== f.kind) return false
    if (from !== undefined || to !== undefined) {
      const t = Date.parse(e.time)
      if (from !== undefined && t < from) return false
      if (to !== undefined && t >= to) return false
    }
    return true
  }
}
