/** `2024-05-01 12:34:56.789` in UTC, or the input unchanged when it is not a date. */
export function formatUtc(iso: string | undefined): string {
  if (!iso) return '—'
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return new Date(t).toISOString().replace('T', ' ').slice(0, 23)
}

/** The same instant in the user's local time zone, with milliseconds. */
export function formatLocal(iso: string | undefined): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const d = new Date(t)
  const ms = String(d.getMilliseconds()).padStart(3, '0')
  return `${d.toLocaleString()}.${ms} (local)`
}

/** `just now`, `12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function relativeTime(iso: string | undefined, now: number): string {
  if (!iso) return 'never'
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const sec = Math.round((now - t) / 1000)
  const abs = Math.abs(sec)
  const ago = (text: string): string => (sec >= 0 ? `${text} ago` : `in ${text}`)
  if (abs < 5) return 'just now'
  if (abs < 60) return ago(`${abs} s`)
  if (abs < 3600) return ago(`${Math.floor(abs / 60)} min`)
  if (abs < 86_400) return ago(`${Math.floor(abs / 3600)} h`)
  return ago(`${Math.floor(abs / 86_400)} d`)
}

/** Duration between two instants: `340 ms`, `2.4 s`. */
export function duration(fromIso: string | undefined, toIso: string | undefined): string {
  if (!fromIso || !toIso) return ''
  const ms = Date.parse(toIso) - Date.parse(fromIso)
  if (Number.isNaN(ms)) return ''
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

export function prettyJson(value: unknown): string {
  if (value === undefined) return 'undefined'
  try {
    return JSON.stringify(value, null, 2) ?? String(value)
  } catch {
    return String(value)
  }
}

/** A one-line summary of a value, cut to `max` characters. */
export function oneLine(value: unknown, max = 160): string {
  let text: string
  if (typeof value === 'string') text = value
  else if (value === undefined) text = ''
  else {
    try {
      text = JSON.stringify(value) ?? ''
    } catch {
      text = String(value)
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
