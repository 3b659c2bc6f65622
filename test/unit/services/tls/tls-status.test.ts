import { describe, expect, it } from 'vitest'
import { offeredSuites, tlsCiphers } from '../../../../src/main/ocpp/tls-ciphers'
import { checkPair } from '../../../../src/main/ocpp/tls-key-pair'
import { certificateFacts, dnsNameMatches, missingNames, tlsStatus, type ServedPair } from '../../../../src/main/services/tls/tls-status'
import { makeCertificate } from '../../../support/tls-fixtures'

describe('the suites offered', () => {
  it('static RSA off drops exactly TLS_RSA_WITH_AES_128/256_GCM; ECDHE-RSA and ECDHE-ECDSA stay; forward-secret suites come first', () => {
    const all = offeredSuites(true).map((s) => s.openssl)
    expect(all).toEqual(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384'])
    expect(offeredSuites(false).map((s) => s.openssl)).toEqual(all.slice(0, 4))
    expect(tlsCiphers(false)).not.toMatch(/(^|:)AES(128|256)-GCM/)
    expect(tlsCiphers(true).split(':')).toEqual([...all, 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'])
    expect(offeredSuites(true).filter((s) => s.whitepaper).map((s) => s.name)).toEqual([
      'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      'TLS_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_RSA_WITH_AES_256_GCM_SHA384',
    ])
  })
})

describe('which of this PC’s names a certificate lacks', () => {
  it('host names match case-insensitively, a wildcard covers one label; IPv6 is compared in canonical form', () => {
    expect(dnsNameMatches('CSMS.site.example', 'csms.site.example.')).toBe(true)
    expect(dnsNameMatches('*.site.example', 'csms.site.example')).toBe(true)
    expect(dnsNameMatches('*.site.example', 'a.b.site.example')).toBe(false)
    expect(dnsNameMatches('*.site.example', 'site.example')).toBe(false)
    const facts = { dnsNames: ['bench-pc'], ipAddresses: ['127.0.0.1', '2001:db8::1'], subjectCn: 'bench-pc' }
    expect(missingNames(facts, { hostName: 'BENCH-PC', addresses: ['127.0.0.1', '2001:0db8:0:0::1'] })).toEqual([])
    expect(missingNames(facts, { hostName: 'renamed-pc', addresses: ['127.0.0.1', '192.0.2.4'] })).toEqual(['renamed-pc', '192.0.2.4'])
  })

  it('the status flags changed addresses only for generated certificates, and says when one kind is served from a generated certificate', async () => {
    const own = checkPair(await makeCertificate('ecdsa', { cn: 'csms.operator.example', ips: ['10.0.0.5'] }))
    const generated = checkPair(await makeCertificate('rsa', { cn: 'bench-pc', ips: ['127.0.0.1'] }))
    const served: ServedPair[] = [
      { pair: generated, source: 'generated', facts: certificateFacts(generated, 'generated') },
      { pair: own, source: 'operator', facts: certificateFacts(own, 'operator') },
    ]
    const names = { hostName: 'bench-pc', addresses: ['127.0.0.1'] }
    const status = tlsStatus({ running: true, port: 9443, problem: null, names, served, staticRsa: true, now: new Date() })
    expect(status.certificates.map((c) => [c.kind, c.source, c.subjectCn, c.coversCurrentAddresses])).toEqual([['rsa', 'generated', 'bench-pc', true], ['ecdsa', 'operator', 'csms.operator.example', false]])
    expect(status.certificates[1]).toMatchObject({ missing: ['bench-pc', '127.0.0.1'], ipAddresses: ['10.0.0.5'], suites: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384'], key: 'ECDSA P-256', expired: false })
    expect(status.certificates[0]!.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(status.addressesChanged).toBe(false)
    expect(status.notes).toEqual([{ code: 'generated-fill-in', message: expect.stringMatching(/^Your ECDSA certificate serves the ECDSA suites; the RSA suites are served with the generated self-signed RSA certificate/) }])

    const moved = tlsStatus({ running: true, port: 9443, problem: null, names: { hostName: 'bench-pc', addresses: ['127.0.0.1', '192.0.2.9'] }, served, staticRsa: false, now: new Date() })
    expect(moved.addressesChanged).toBe(true)
    expect(moved.certificates[0]!.missing).toEqual(['192.0.2.9'])
    expect(moved.certificates[0]!.suites).toEqual(['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'])
    expect(moved.notes.map((n) => n.message).join('\n')).toMatch(/generated certificates do not name 192\.0\.2\.9.*Regenerate/)
    expect(moved.notes.map((n) => n.message).join('\n')).toMatch(/static-RSA suites .* are off/)
    expect(moved.suites.filter((s) => !s.offered).map((s) => s.name)).toEqual(['TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_GCM_SHA384'])

    const later = tlsStatus({ running: true, port: 9443, problem: null, names, served, staticRsa: true, now: new Date(Date.now() + 365 * 24 * 3600_000) })
    expect(later.certificates.every((c) => c.expired)).toBe(true)
    expect(later.notes.filter((n) => n.code === 'not-valid-now')).toHaveLength(2)
  })
})
