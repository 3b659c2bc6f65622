import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Settings, TlsStatus } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import TlsCard from '@renderer/components/settings/TlsCard.vue'
import { deferred, FakeClient } from '../fake-client'
import { settingsWithFiles } from '../file-services-fixtures'
import { securitySettings } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { tlsCertificate, tlsStatus, tlsStatusMoved } from '../tls-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let status: TlsStatus
let saved: Settings

beforeEach(() => {
  status = tlsStatus()
  saved = settingsWithFiles()
  client = new FakeClient()
  client
    .handle('getTlsStatus', () => status)
    .handle('getSettings', () => saved)
    .handle('updateSettings', (args) => {
      saved = { ...saved, security: { ...saved.security, ...args.security } }
      status = tlsStatus({}, saved.security.staticRsaSuites)
      return saved
    })
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountCard(): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(TlsCard))
  await flush()
  await flush()
  return wrapper
}

const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const offered = (w: VueWrapper, suite: string) => byTestId(w, `tls-suite-${suite}`).attributes('data-offered')

describe('TLS card', () => {
  it('shows the RSA and the ECDSA certificate: source, CN, key, names, validity, fingerprint and the suites each serves', async () => {
    const w = await mountCard()
    expect(client.callsOf('getTlsStatus')).toHaveLength(1)
    expect(byTestId(w, 'tls-cert-rsa').text()).toContain('CN=bench-pc')
    expect(byTestId(w, 'tls-cert-rsa').text()).toContain('RSA 2048 bits')
    expect(byTestId(w, 'tls-cert-rsa-source').text()).toBe('generated, self-signed')
    expect(byTestId(w, 'tls-cert-ecdsa').text()).toContain('ECDSA P-256')
    expect(byTestId(w, 'tls-cert-rsa-names').text()).toBe('bench-pc, 127.0.0.1, 192.168.1.5')
    expect(byTestId(w, 'tls-cert-rsa-validity').text()).toContain('2026-01-01 to 2031-01-01')
    expect(byTestId(w, 'tls-cert-ecdsa-fingerprint').text()).toBe('DD:EE:FF')
    expect(byTestId(w, 'tls-cert-rsa-suites').text()).toContain('AES128-GCM-SHA256')
    expect(byTestId(w, 'tls-cert-ecdsa-suites').text()).toContain('ECDHE-ECDSA-AES256-GCM-SHA384')
    expect(byTestId(w, 'tls-addresses-changed').exists()).toBe(false)
    expect(byTestId(w, 'tls-static-rsa').attributes('aria-checked')).toBe('true')
    for (const suite of ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384']) expect(offered(w, suite)).toBe('true')
  })

  it('says when one kind is the operator’s own and the other is served from a generated certificate', async () => {
    status = tlsStatus({
      certificates: [tlsCertificate('rsa'), tlsCertificate('ecdsa', { source: 'operator', subjectCn: 'csms.depot.example', selfSigned: false, issuer: 'CN=Depot CA', missing: ['bench-pc'] })],
      notes: [{ code: 'generated-fill-in', message: 'Your ECDSA certificate serves the ECDSA suites; the RSA suites are served with the generated self-signed RSA certificate …' }],
    })
    const w = await mountCard()
    expect(byTestId(w, 'tls-cert-ecdsa-source').text()).toBe('your certificate')
    expect(byTestId(w, 'tls-cert-ecdsa').text()).toContain('issued by CN=Depot CA')
    expect(byTestId(w, 'tls-cert-ecdsa-missing').text()).toContain('fine if stations reach it by a name the certificate has')
    expect(byTestId(w, 'tls-notes').text()).toContain('the RSA suites are served with the generated self-signed RSA certificate')
  })

  it('warns when this PC’s addresses changed and regenerates with one click, showing progress and then the result', async () => {
    status = tlsStatusMoved()
    const pending = deferred<TlsStatus>()
    client.handle('regenerateTlsCertificates', () => pending.promise)
    const w = await mountCard()
    expect(byTestId(w, 'tls-addresses-changed').text()).toContain('10.1.2.3')
    expect(byTestId(w, 'tls-cert-rsa-missing').text()).toContain('10.1.2.3')
    await byTestId(w, 'tls-regenerate-now').trigger('click')
    await flush()
    expect(byTestId(w, 'tls-regenerating').text()).toContain('Making new keys and certificates')
    expect(client.callsOf('regenerateTlsCertificates')).toEqual([{}])
    pending.resolve(tlsStatus({ addresses: ['127.0.0.1', '192.168.1.5', '10.1.2.3'], certificates: [tlsCertificate('rsa', { ipAddresses: ['127.0.0.1', '192.168.1.5', '10.1.2.3'] }), tlsCertificate('ecdsa', { ipAddresses: ['127.0.0.1', '192.168.1.5', '10.1.2.3'] })] }))
    await flush()
    await flush()
    expect(byTestId(w, 'tls-regenerating').exists()).toBe(false)
    expect(byTestId(w, 'tls-addresses-changed').exists()).toBe(false)
    expect(byTestId(w, 'tls-regenerate-result').text()).toMatch(/New RSA and ECDSA certificates served .* naming bench-pc, 127\.0\.0\.1, 192\.168\.1\.5, 10\.1\.2\.3\. Open connections stay up/)
    expect(byTestId(w, 'tls-cert-rsa-names').text()).toContain('10.1.2.3')
  })

  it('a refused regeneration says why and that the current certificates stay', async () => {
    client.handle('regenerateTlsCertificates', () => {
      throw new ApiError('Internal', 'The new certificates could not be made or kept (ENOSPC); the current ones stay in use. Check that the data folder is writable and has free space, then try again.')
    })
    const w = await mountCard()
    await byTestId(w, 'tls-regenerate').trigger('click')
    await flush()
    await flush()
    const result = byTestId(w, 'tls-regenerate-result').text()
    expect(result).toMatch(/^Not regenerated: .*ENOSPC.*current ones stay in use/)
  })

  it('the static-RSA switch saves settings.security.staticRsaSuites and shows those two suites as not offered', async () => {
    saved = { ...saved, security: securitySettings() }
    const w = await mountCard()
    await byTestId(w, 'tls-static-rsa').trigger('click')
    await flush()
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([{ security: { staticRsaSuites: false } }])
    expect(byTestId(w, 'tls-static-rsa').attributes('aria-checked')).toBe('false')
    expect(offered(w, 'AES128-GCM-SHA256')).toBe('false')
    expect(offered(w, 'AES256-GCM-SHA384')).toBe('false')
    expect(offered(w, 'ECDHE-RSA-AES128-GCM-SHA256')).toBe('true')
    expect(document.body.textContent).toContain('Static-RSA suites off')
  })

  it('follows tlsStatusChanged live (main noticed new addresses on its own)', async () => {
    const w = await mountCard()
    expect(byTestId(w, 'tls-addresses-changed').exists()).toBe(false)
    client.emit('tlsStatusChanged', tlsStatusMoved())
    await flush()
    expect(byTestId(w, 'tls-addresses-changed').text()).toContain('10.1.2.3')
  })

  it('says why the endpoint is off, and offers to try again when the status cannot be read', async () => {
    status = tlsStatus({ running: false, port: null, problem: 'The wss:// endpoint is off: the CSMS was started with --no-tls.', certificates: [] })
    let w = await mountCard()
    expect(byTestId(w, 'tls-off').text()).toContain('started with --no-tls')
    expect(byTestId(w, 'tls-regenerate').exists()).toBe(false)
    wrapper?.unmount()
    client.handle('getTlsStatus', () => {
      throw new ApiError('NetworkError', 'The CSMS API could not be reached')
    })
    w = await mountCard()
    expect(byTestId(w, 'tls-error').text()).toContain('Could not load the TLS status: The CSMS API could not be reached')
    expect(byTestId(w, 'tls-error').text()).toContain('Try again')
  })
})
