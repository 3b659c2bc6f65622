/**
 * A Pending station may send what a TriggerMessage asked for only when the station Accepted that
 * TriggerMessage, and only within the window after the answer (OCPP 1.6 §4.2).
 */
import { describe, expect, it } from 'vitest'
import { TRIGGER_WINDOW_MS, TriggerAllowances } from '../../../src/main/services/trigger-allowances'

function setup() {
  let t = 1_000_000
  const allowances = new TriggerAllowances(() => t)
  const finished = (status: string | undefined, over: Record<string, unknown> = {}) =>
    allowances.taskFinished({ stationId: 'CP1', action: 'TriggerMessage', state: 'answered', payload: { requestedMessage: 'StatusNotification', connectorId: 1 }, response: status === undefined ? undefined : { status }, ...over })
  return { allowances, finished, advance: (ms: number) => void (t += ms) }
}

describe('trigger allowances', () => {
  it('an Accepted TriggerMessage allows the requested message, and says what it asked for', () => {
    const s = setup()
    expect(s.finished('Accepted')).toEqual({ requestedMessage: 'StatusNotification', connectorId: 1 })
    expect(s.allowances.allows('CP1', 'StatusNotification')).toBe(true)
    expect(s.allowances.allows('CP1', 'Heartbeat')).toBe(false)
    expect(s.allowances.allows('CP2', 'StatusNotification')).toBe(false)
  })

  it('a Rejected or NotImplemented answer, a CALLERROR, a timeout or another action allows nothing', () => {
    const s = setup()
    expect(s.finished('Rejected')).toBeUndefined()
    expect(s.allowances.allows('CP1', 'StatusNotification'), 'a Rejected TriggerMessage opened the gate').toBe(false)
    s.finished('NotImplemented')
    s.finished(undefined, { state: 'callerror' })
    s.finished('Accepted', { state: 'timeout' })
    s.finished('Accepted', { action: 'ChangeConfiguration' })
    expect(s.allowances.allows('CP1', 'StatusNotification'), 'a TriggerMessage that was not Accepted opened the gate').toBe(false)
  })

  it('the window closes: allowed up to its end, not a millisecond after', () => {
    const s = setup()
    s.finished('Accepted')
    s.advance(TRIGGER_WINDOW_MS)
    expect(s.allowances.allows('CP1', 'StatusNotification')).toBe(true)
    s.advance(1)
    expect(s.allowances.allows('CP1', 'StatusNotification'), 'the trigger window never closed').toBe(false)
    // An hour later, still closed.
    s.advance(3_600_000)
    expect(s.allowances.allows('CP1', 'StatusNotification')).toBe(false)
  })

  it('a new boot closes every window', () => {
    const s = setup()
    s.finished('Accepted')
    s.allowances.reset('CP1')
    expect(s.allowances.allows('CP1', 'StatusNotification')).toBe(false)
  })
})
