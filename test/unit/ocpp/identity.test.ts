import { describe, expect, it } from 'vitest'
import { identityFromUrl, offeredSubprotocols } from '../../../src/main/ocpp/identity'

describe('charge point identity from the URL', () => {
  it('is the last path segment whatever the prefix', () => {
    expect(identityFromUrl('/ocpp/CP001')).toEqual({ ok: true, identity: 'CP001' })
    expect(identityFromUrl('/a/b/c/CP002/')).toEqual({ ok: true, identity: 'CP002' })
    expect(identityFromUrl('/CP003?x=1')).toEqual({ ok: true, identity: 'CP003' })
  })
  it('is percent-decoded', () => {
    expect(identityFromUrl('/ocppj/RDAM%20123')).toEqual({ ok: true, identity: 'RDAM 123' })
  })
  it('refuses a missing, badly encoded or control-character identity', () => {
    expect(identityFromUrl('/').ok).toBe(false)
    expect(identityFromUrl('/ocpp/%E0%A4%A').ok).toBe(false)
    expect(identityFromUrl('/ocpp/a%00b').ok).toBe(false)
  })
})

describe('offered subprotocols', () => {
  it('splits the header on commas', () => {
    expect(offeredSubprotocols('ocpp0.1, ocpp1.6')).toEqual(['ocpp0.1', 'ocpp1.6'])
    expect(offeredSubprotocols(undefined)).toEqual([])
  })
})
