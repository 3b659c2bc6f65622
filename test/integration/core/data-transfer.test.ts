import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/csms-harness'

describe('DataTransfer from a charge point', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('TC_064_CSMS answers a vendor it does not support with UnknownVendorId and no data', async () => {
    const cp = await h.booted('CP-DT')
    const answer = await cp.call('DataTransfer', { vendorId: 'com.unknown.vendor', messageId: 'Hello', data: 'payload' })
    expect(answer[0]).toBe(3)
    expect(answer[2]).toEqual({ status: 'UnknownVendorId' })
  })

  it('routes a registered vendor to its handler, which may answer UnknownMessageId', async () => {
    h.csms.dataTransfer.register('com.example', async ({ stationId, messageId, data }) =>
      messageId === 'Echo' ? { status: 'Accepted', data: `${stationId}:${data ?? ''}` } : { status: 'UnknownMessageId' },
    )
    const cp = await h.booted('CP-DT2')
    expect((await cp.call('DataTransfer', { vendorId: 'com.example', messageId: 'Echo', data: 'x' }))[2]).toEqual({ status: 'Accepted', data: 'CP-DT2:x' })
    expect((await cp.call('DataTransfer', { vendorId: 'com.example', messageId: 'Other' }))[2]).toEqual({ status: 'UnknownMessageId' })
  })

  it('refuses to register the same vendor twice', () => {
    h.csms.dataTransfer.register('com.once', async () => ({ status: 'Accepted' }))
    expect(() => h.csms.dataTransfer.register('com.once', async () => ({ status: 'Rejected' }))).toThrow(/already registered/)
  })
})
