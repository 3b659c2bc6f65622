/**
 * Bounds on every loop over time in Smart Charging. Durations, period lists and start times come
 * from stations (GetCompositeSchedule answers) and from operators (profiles): schema-valid values
 * such as a duration of 8,638,203,414,586 s or a Recurring profile with a 1-second period list must
 * give a view that is computed quickly and stays small. What a cap cuts is said in plain words
 * (the views' `truncated` notes), never silently.
 */

/** Longest window a view, a comparison or a preview covers (s). */
export const MAX_WINDOW_SECONDS = 31 * 86_400
/** Most spans per profile layer and periods per composite (computed or reported). */
export const MAX_ITEMS = 10_000
/** Spans and periods one station view carries at most, across its connectors. */
export const MAX_VIEW_ITEMS = 50_000
/** Differences between a station's report and the CSMS's composite listed (and drawn) per connector; the rest are counted in a note. */
export const MAX_DIFFERENCES = 1_000
/** However many connectors a station has, each keeps at least this many spans per series. */
export const MIN_ITEMS_PER_CONNECTOR = 100
/** A limit beyond ±this (in A or W) is shown as this: no charger comes near it, and it stays finite through unit conversions. */
export const MAX_LIMIT = 1e12
/** JavaScript dates end at ±8.64e15 ms; windows stay a day inside that so every ISO string can be made. */
const LAST_TIME = 8.64e15 - 86_400_000
const FIRST_TIME = -LAST_TIME

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
/** `10,000`: counts and durations in the notes. */
export const number = (n: number): string => numberFormat.format(n)

/** `8,638,203,414,586 s (about 273,727 years)`. */
export function describeSeconds(seconds: number): string {
  const years = seconds / (365.25 * 86_400)
  return years >= 2 ? `${number(seconds)} s (about ${number(years)} years)` : `${number(seconds)} s`
}

/** Notes on what the caps cut, each said once. */
export class Truncation {
  readonly notes: string[] = []

  add(note: string): void {
    if (!this.notes.includes(note) && this.notes.length < 50) this.notes.push(note)
  }

  /** `{ truncated }` when something was cut, else nothing (for spreading into a DTO). */
  field(): { truncated?: string[] } {
    return this.notes.length > 0 ? { truncated: [...this.notes] } : {}
  }
}

export interface BoundedWindow {
  /** Start (epoch ms), inside the date range. */
  from: number
  /** Length (s): at most MAX_WINDOW_SECONDS, never past the end of the date range. */
  duration: number
}

/**
 * `from` + `seconds`, cut to MAX_WINDOW_SECONDS and to the date range; `what` names the window in
 * the note (e.g. "The station reported a schedule of").
 */
export function boundedWindow(from: number, seconds: number, what: string, cut?: Truncation): BoundedWindow {
  const start = Number.isFinite(from) ? Math.min(Math.max(from, FIRST_TIME), LAST_TIME) : 0
  let duration = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0
  if (duration > MAX_WINDOW_SECONDS) {
    cut?.add(`${what} ${describeSeconds(duration)}: only the first 31 days (${number(MAX_WINDOW_SECONDS)} s) are computed and shown, the longest window a view covers.`)
    duration = MAX_WINDOW_SECONDS
  }
  const room = Math.floor((LAST_TIME - start) / 1000)
  if (duration > room) {
    cut?.add(`${what} a window that runs past the last date a computer can represent: it is cut there.`)
    duration = Math.max(0, room)
  }
  return { from: start, duration }
}

/** [from, to) within the date range and at most MAX_WINDOW_SECONDS long; `cut` when that shortened it. */
export function boundedRange(from: number, to: number): { from: number; to: number; cut: boolean } {
  const start = Number.isFinite(from) ? Math.min(Math.max(from, FIRST_TIME), LAST_TIME) : 0
  const end = Math.min(Number.isNaN(to) ? start : to, start + MAX_WINDOW_SECONDS * 1000, LAST_TIME)
  return { from: start, to: Math.max(start, end), cut: end < to }
}

/** The number of spans or periods each series of a connector may carry when a view shows `connectors` of them. */
export function itemsPerConnector(connectors: number): number {
  return Math.min(MAX_ITEMS, Math.max(MIN_ITEMS_PER_CONNECTOR, Math.floor(MAX_VIEW_ITEMS / Math.max(1, connectors))))
}

/** A limit kept finite (and within ±MAX_LIMIT) whatever the unit conversion did to it. */
export function finiteLimit(value: number): number {
  if (Number.isNaN(value)) return 0
  return Math.min(Math.max(value, -MAX_LIMIT), MAX_LIMIT)
}

/** `the first 10,000`. */
export function firstItems(count: number): string {
  return `the first ${number(count)}`
}
