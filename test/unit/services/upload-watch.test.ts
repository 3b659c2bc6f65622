import { describe, expect, it } from 'vitest'
import type { DiagnosticsRequest } from '@shared/contract'
import { UploadWatch } from '../../../src/main/services/firmware/upload-watch'

const OURS = 'ftp://diagnostics:0123456789abcdef01234567@192.168.1.5:2121/'

function setup(request: Partial<DiagnosticsRequest> = {}) {
  const scheduled: { run: () => void; delayMs: number; cancelled: boolean }[] = []
  const flags: { stationId: string; taskId: string; note: string }[] = []
  let current: DiagnosticsRequest | undefined = { taskId: 't1', location: OURS, requestedAt: '2026-03-01T10:00:00Z', statuses: [], ...request }
  let busy = false
  const watch = new UploadWatch({
    // Only the task the built-in receivers made a location for has a token (the stored location is masked).
    tokenFor: (taskId) => (current?.taskId === taskId && current.location === OURS ? '0123456789abcdef01234567' : undefined),
    inProgress: () => busy,
    advice: () => 'Check the firewall.',
    request: () => current,
    flag: (stationId, taskId, note) => void flags.push({ stationId, taskId, note }),
    graceMs: 15_000,
    schedule: (run, delayMs) => {
      const entry = { run, delayMs, cancelled: false }
      scheduled.push(entry)
      return () => (entry.cancelled = true)
    },
  })
  const runDue = () => scheduled.splice(0).filter((s) => !s.cancelled).forEach((s) => s.run())
  return { watch, scheduled, flags, runDue, setBusy: (b: boolean) => (busy = b), setRequest: (r: DiagnosticsRequest | undefined) => (current = r), request: () => current! }
}

describe('the "Uploaded without a file" check', () => {
  it('flags the request a grace period after Uploaded when no file came, saying what to check', () => {
    const { watch, scheduled, flags, runDue, request } = setup()
    watch.uploaded('CP1', request())
    expect(scheduled.map((s) => s.delayMs)).toEqual([15_000])
    runDue()
    expect(flags).toEqual([{ stationId: 'CP1', taskId: 't1', note: expect.stringMatching(/reported Uploaded, but no file arrived .* within 15 s\. Check the firewall\./) }])
  })

  it('does not flag when the file came during the grace period', () => {
    const { watch, flags, runDue, request, setRequest } = setup()
    watch.uploaded('CP1', request())
    setRequest({ ...request(), uploadId: 'u1' })
    runDue()
    expect(flags).toEqual([])
  })

  it('waits again while an upload to the location is still running', () => {
    const { watch, scheduled, flags, runDue, request, setBusy } = setup()
    setBusy(true)
    watch.uploaded('CP1', request())
    runDue()
    expect(flags).toEqual([])
    expect(scheduled).toHaveLength(1)
    setBusy(false)
    runDue()
    expect(flags).toHaveLength(1)
  })

  it('does not judge typed locations, requests that already have their file, or a request gone from the history', () => {
    const typed = setup({ location: 'ftp://u:p@example.org/' })
    typed.watch.uploaded('CP1', typed.request())
    expect(typed.scheduled).toEqual([])
    const done = setup({ uploadId: 'u1' })
    done.watch.uploaded('CP1', done.request())
    expect(done.scheduled).toEqual([])
    const gone = setup()
    gone.watch.uploaded('CP1', gone.request())
    gone.setRequest(undefined)
    gone.runDue()
    expect(gone.flags).toEqual([])
  })

  it('a second Uploaded restarts the grace period; stop() cancels every pending check', () => {
    const { watch, scheduled, request } = setup()
    watch.uploaded('CP1', request())
    watch.uploaded('CP1', request())
    expect(scheduled.map((s) => s.cancelled)).toEqual([true, false])
    watch.stop()
    expect(scheduled.map((s) => s.cancelled)).toEqual([true, true])
  })
})
