import { describe, expect, it } from 'vitest'
import { identityFromSegments, identityFromUrl, OCPP_SUBPROTOCOL, offeredSubprotocols } from '../../../src/main/ocpp/identity'

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

describe('identity limits', () => {
  it('an identity of 255 characters is used; 256 is refused, saying the limit', () => {
    expect(identityFromUrl(`/ocpp/${'c'.repeat(255)}`)).toEqual({ ok: true, identity: 'c'.repeat(255) })
    expect(identityFromUrl(`/ocpp/${'c'.repeat(256)}`)).toEqual({ ok: false, message: 'The charge point identity is longer than 255 characters' })
  })

  it('a blank identity, one with a control character or DEL, and none at all are refused with what to do', () => {
    expect(identityFromUrl('/ocpp/%20%20')).toEqual({ ok: false, message: 'The charge point identity is blank' })
    expect(identityFromUrl('/ocpp/a%7Fb')).toEqual({ ok: false, message: 'The charge point identity contains control characters' })
    expect(identityFromUrl('/ocpp/a%1Fb')).toEqual({ ok: false, message: 'The charge point identity contains control characters' })
    expect(identityFromUrl('/ocpp/a%20b~')).toEqual({ ok: true, identity: 'a b~' })
    expect(identityFromSegments([])).toEqual({ ok: false, message: 'No charge point identity in the URL: connect to <endpoint>/<identity>' })
    expect(identityFromSegments(['ocpp', 'CP9'])).toEqual({ ok: true, identity: 'CP9' })
  })

  it('a request target that cannot be read is refused with its own message', () => {
    const result = identityFromUrl(undefined)
    expect(result.ok).toBe(false)
    expect(result.ok || result.message.length).toBeGreaterThan(0)
  })

  it('offered subprotocols: one header or several, blanks dropped, spaces trimmed', () => {
    expect(offeredSubprotocols(['ocpp1.5', ' ocpp1.6 ,ocpp2.0.1'])).toEqual(['ocpp1.5', 'ocpp1.6', 'ocpp2.0.1'])
    expect(offeredSubprotocols(' , ,ocpp1.6,')).toEqual(['ocpp1.6'])
    expect(offeredSubprotocols('')).toEqual([])
    expect(OCPP_SUBPROTOCOL).toBe('ocpp1.6')
  })
})
