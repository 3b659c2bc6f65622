/** What an Accepted TriggerMessage asked for, from payloads and answers of any shape, and grants kept per message. */
import { describe, expect, it } from 'vitest'
import { acceptedTrigger, TriggerAllowances } from '../../../src/main/services/trigger-allowances'

describe('acceptedTrigger', () => {
  it('an answer without a payload or a response does not throw', () => {
    expect(acceptedTrigger({ action: 'TriggerMessage', state: 'answered', response: undefined })).toBeUndefined()
    expect(acceptedTrigger({ action: 'TriggerMessage', state: 'answered', response: { status: 'Accepted' } })).toEqual({ requestedMessage: 'undefined' })
  })

  it('the connectorId is kept only when it is a number', () => {
    const t = (payload: unknown) => acceptedTrigger({ action: 'TriggerMessage', state: 'answered', payload, response: { status: 'Accepted' } })
    expect(t({ requestedMessage: 'StatusNotification', connectorId: 2 })).toEqual({ requestedMessage: 'StatusNotification', connectorId: 2 })
    expect(t({ requestedMessage: 'StatusNotification' })).not.toHaveProperty('connectorId')
    expect(t({ requestedMessage: 'StatusNotification', connectorId: '2' })).not.toHaveProperty('connectorId')
  })
})

describe('TriggerAllowances', () => {
  it('grants for two messages of one station are both kept', () => {
    const a = new TriggerAllowances(() => 0)
    a.granted('CP1', 'StatusNotification')
    a.granted('CP1', 'MeterValues')
    expect(a.allows('CP1', 'StatusNotification')).toBe(true)
    expect(a.allows('CP1', 'MeterValues')).toBe(true)
  })
})
