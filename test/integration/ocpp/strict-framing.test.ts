/**
 * Strict framing over a real socket: a CALL with five elements gets a FormationViolation; an answer
 * (type 3 or 4) with an empty or non-string id is logged and never answered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogPage } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

describe('strict framing over a socket', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    cp = await h.booted('CP-FRAMES')
  })
  afterEach(async () => h.stop())

  it('a CALL with five elements → CALLERROR FormationViolation with its id, and the action is not run', async () => {
    const answered = cp.next((frame) => frame[1] === 'five-1')
    cp.sendRaw(JSON.stringify([2, 'five-1', 'Heartbeat', {}, { extra: true }]))
    const answer = await answered
    expect(answer.slice(0, 3), 'a CALL with five elements was not refused as a FormationViolation').toEqual([4, 'five-1', 'FormationViolation'])
  })

  it('an answer with an empty or non-string id is logged and never answered', async () => {
    const bad = [
      [3, '', { status: 'Accepted' }],
      [3, 42, { status: 'Accepted' }],
      [3, null, {}],
      [4, '', 'GenericError', 'x', {}],
      [4, 7, 'GenericError', 'x', {}],
    ]
    for (const frame of bad) cp.sendRaw(JSON.stringify(frame))
    // The Heartbeat's answer comes after any answer to the frames before it (one TCP stream, handled in order).
    const heartbeat = await cp.call('Heartbeat', {})
    expect(heartbeat[0]).toBe(3)
    expect(cp.received.filter((frame) => frame !== heartbeat && frame[0] === 4), 'an answer with a bad id was answered').toEqual([])
    await h.csms.storage.flush()
    const logged = await h.invoke<LogPage>('queryLog', { stationId: 'CP-FRAMES', direction: 'in', kind: 'INVALID', limit: 100 })
    expect(logged.entries.length, 'the answers with a bad id were not logged').toBeGreaterThanOrEqual(1)
    const out = await h.invoke<LogPage>('queryLog', { stationId: 'CP-FRAMES', direction: 'out', kind: 'CALLERROR', limit: 100 })
    expect(out.entries, 'a CALLERROR was logged as sent for an answer').toEqual([])
  })
})
