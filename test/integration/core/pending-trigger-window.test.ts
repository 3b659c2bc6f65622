/**
 * Over real sockets: a Pending station may send the message a TriggerMessage asked for only when it
 * Accepted that TriggerMessage, and only within the window that follows (the CSMS's clock is
 * injected and moved on, no waiting). Anything else gets SecurityError.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract'
import { TRIGGER_WINDOW_MS } from '../../../src/main/services/trigger-allowances'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const status = { connectorId: 0, status: 'Available', errorCode: 'NoError' }

describe('a Pending station and TriggerMessage', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  let now = Date.parse('2026-03-02T12:00:00Z')
  beforeEach(async () => {
    now = Date.parse('2026-03-02T12:00:00Z')
    h = await startHarness({ clock: () => now, settings: { ocpp: { fetchConfigurationAfterBoot: false, unknownStations: 'pending' } } })
    cp = await h.connect('CP-PENDING')
    expect((await cp.boot())[2]).toMatchObject({ status: 'Pending' })
  })
  afterEach(async () => h.stop())

  async function trigger(answer: string): Promise<CallTask> {
    const sent = h.invoke<CallTask>('sendCall', { stationId: 'CP-PENDING', action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification' }, wait: true })
    cp.answer(await cp.nextCall('TriggerMessage'), { status: answer })
    return sent
  }

  it('a Rejected TriggerMessage lets nothing through', async () => {
    expect(await trigger('Rejected')).toMatchObject({ state: 'answered', response: { status: 'Rejected' } })
    expect((await cp.call('StatusNotification', status))[2], 'a StatusNotification after a Rejected trigger was served').toBe('SecurityError')
  })

  it('an Accepted TriggerMessage lets the message through within its window, not after it', async () => {
    await trigger('Accepted')
    expect((await cp.call('StatusNotification', status))[0]).toBe(3)
    now += TRIGGER_WINDOW_MS + 1
    expect((await cp.call('StatusNotification', status))[2], 'a StatusNotification after the trigger window was served').toBe('SecurityError')
  })
})
