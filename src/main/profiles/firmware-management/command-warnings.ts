/**
 * Remarks on UpdateFirmware and GetDiagnostics before they are sent (spec notes §9; R-FW-03):
 * a location a station cannot reach, a transfer protocol it does not list. Never a block.
 */
export interface FileTransferContext {
  /** SupportedFileTransferProtocols as the station reported it (e.g. "FTP,HTTP"). */
  supportedProtocols?: string
  now: number
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i

function locationWarnings(location: unknown, ctx: FileTransferContext): string[] {
  if (typeof location !== 'string') return []
  let url: URL
  try {
    url = new URL(location)
  } catch {
    return [`"${location}" is not an absolute URL: the station cannot use it`]
  }
  const warnings: string[] = []
  if (LOOPBACK.test(url.hostname)) warnings.push(`The location points at ${url.hostname}, which is the station itself: choose this PC's LAN address in the file services`)
  const scheme = url.protocol.replace(':', '').toUpperCase()
  const supported = ctx.supportedProtocols?.split(',').map((p) => p.trim().toUpperCase()).filter(Boolean)
  if (supported?.length && !supported.includes(scheme)) warnings.push(`The station lists ${supported.join(', ')} as SupportedFileTransferProtocols, not ${scheme}`)
  return warnings
}

export function fileTransferCommandWarnings(action: string, payload: unknown, ctx: FileTransferContext): string[] {
  const p = (payload ?? {}) as Record<string, unknown>
  if (action !== 'UpdateFirmware' && action !== 'GetDiagnostics') return []
  const warnings = locationWarnings(p.location, ctx)
  if (typeof p.retries === 'number' && p.retries < 0) warnings.push('retries is negative')
  if (typeof p.retryInterval === 'number' && p.retryInterval < 0) warnings.push('retryInterval is negative')
  if (action === 'GetDiagnostics' && typeof p.startTime === 'string' && typeof p.stopTime === 'string' && Date.parse(p.startTime) > Date.parse(p.stopTime)) {
    warnings.push('startTime is after stopTime: the station has nothing to send')
  }
  return warnings
}
