import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { setClient } from '@renderer/api'
import CallComposer from '@renderer/components/station/CallComposer.vue'
import { FakeClient } from '../fake-client'
import { task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined

beforeEach(() => {
  client = new FakeClient()
  client.handle('sendCall', (args) => task('t1', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function compose(action: string, payload: string): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(CallComposer, { stationId: 'CP1', online: true }))
  await wrapper.find('input[data-testid="composer-action"]').setValue(action)
  await wrapper.find('textarea[data-testid="composer-payload"]').setValue(payload)
  await flush()
  return wrapper
}

const sendButton = (w: VueWrapper) => w.find('[data-testid="composer-send"]')

describe('call composer', () => {
  it('refuses to send invalid JSON and says why', async () => {
    const w = await compose('Reset', '{ "type": ')
    expect(w.find('[data-testid="composer-json-error"]').text()).toContain('Invalid JSON')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await sendButton(w).trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toHaveLength(0)
  })

  it('sends valid JSON through sendCall with the chosen action, without waiting', async () => {
    const w = await compose('Reset', '{ "type": "Hard" }')
    expect(sendButton(w).attributes('disabled')).toBeUndefined()
    await sendButton(w).trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'Reset', payload: { type: 'Hard' }, wait: false }])
    expect(w.find('[data-testid="composer-result"]').text()).toContain('queued')
  })

  it('sends any valid JSON under a free-text action, whatever the schema says', async () => {
    const w = await compose('VendorSpecificThing', '[1, "two", null]')
    await sendButton(w).trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([
      { stationId: 'CP1', action: 'VendorSpecificThing', payload: [1, 'two', null], wait: false },
    ])
  })

  it('shows the task live until its outcome: the response, or the CALLERROR', async () => {
    const w = await compose('Reset', '{"type":"Soft"}')
    await sendButton(w).trigger('click')
    await flush()
    client.emit('taskUpdated', task('t1', 'sent', { messageId: 'abc' }))
    await flush()
    expect(w.find('[data-testid="composer-result"]').text()).toContain('sent')

    client.emit('taskUpdated', task('t1', 'answered', { response: { status: 'Accepted' } }))
    await flush()
    const result = w.find('[data-testid="composer-result"]').text()
    expect(result).toContain('answered')
    expect(result).toContain('"status": "Accepted"')
  })

  it('shows a CALLERROR with its code, description and details', async () => {
    const w = await compose('Reset', '{"type":"Soft"}')
    await sendButton(w).trigger('click')
    await flush()
    client.emit(
      'taskUpdated',
      task('t1', 'callerror', { error: { code: 'NotSupported', description: 'No reset here', details: { hint: 'x' } } }),
    )
    await flush()
    const result = w.find('[data-testid="composer-result"]').text()
    expect(result).toContain('callerror')
    expect(result).toContain('NotSupported')
    expect(result).toContain('No reset here')
    expect(result).toContain('"hint": "x"')
  })

  it('says what failed when the CSMS refuses the command itself', async () => {
    client.handle('sendCall', () => {
      throw Object.assign(new Error('Unknown station CP1'), { code: 'NotFound' })
    })
    const w = await compose('Reset', '{}')
    await sendButton(w).trigger('click')
    await flush()
    expect(w.text()).toContain('The call was not sent: Unknown station CP1')
  })
})
