/**
 * Log lines about refusals, once per burst: the first line of a kind is logged at once, the ones
 * that follow within the window only counted, and the count logged when the window ends. A LAN
 * client that hammers a receiver cannot flood the log.
 */
export function burstLog(log: (line: string) => void, windowMs = 60_000): (kind: string, line: string) => void {
  const bursts = new Map<string, number>()
  return (kind, line) => {
    const more = bursts.get(kind)
    if (more !== undefined) {
      bursts.set(kind, more + 1)
      return
    }
    log(line)
    bursts.set(kind, 0)
    setTimeout(() => {
      const count = bursts.get(kind) ?? 0
      bursts.delete(kind)
      if (count > 0) log(`${count} more like this in the last ${Math.round(windowMs / 1000)} s: ${line}`)
    }, windowMs).unref()
  }
}
