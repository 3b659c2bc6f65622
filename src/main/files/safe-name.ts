/** File names from stations and people, made safe to store: no directories, no odd characters, bounded. */
export function safeFileName(name: string | undefined, fallback = 'upload.bin'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? ''
  const cleaned = base.replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '').trim().slice(0, 120)
  return cleaned === '' ? fallback : cleaned
}

/** A sortable, file-name-safe UTC stamp. */
export function stamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-')
}
