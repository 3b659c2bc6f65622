/** The suites the wss:// endpoint offers (tls-ciphers.ts), in the server's order of preference. */
import { describe, expect, it } from 'vitest'
import { offeredSuites, TLS_MIN_VERSION, TLS12_SUITES, TLS13_SUITES, tlsCiphers } from '../../../src/main/ocpp/tls-ciphers'

describe('TLS suites', () => {
  it('the four whitepaper suites are there: two with an ECDSA certificate, two with static RSA key exchange', () => {
    const whitepaper = TLS12_SUITES.filter((s) => s.whitepaper).map((s) => [s.name, s.certificate, s.keyExchange])
    expect(whitepaper).toEqual([
      ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ecdsa', 'ECDHE'],
      ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ecdsa', 'ECDHE'],
      ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'rsa', 'RSA'],
      ['TLS_RSA_WITH_AES_256_GCM_SHA384', 'rsa', 'RSA'],
    ])
    expect(TLS_MIN_VERSION).toBe('TLSv1.2')
  })

  it('forward-secret suites first, then static RSA, then TLS 1.3', () => {
    expect(tlsCiphers(true)).toBe(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384', ...TLS13_SUITES].join(':'))
  })

  it('without static RSA only the ECDHE suites (and TLS 1.3) are offered', () => {
    expect(offeredSuites(false).map((s) => s.keyExchange)).toEqual(['ECDHE', 'ECDHE', 'ECDHE', 'ECDHE'])
    expect(offeredSuites(true)).toHaveLength(6)
    expect(tlsCiphers(false)).toBe(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'].join(':'))
  })
})
