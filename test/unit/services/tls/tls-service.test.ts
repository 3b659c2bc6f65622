import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TlsStatus } from '@shared/contract/tls-dto'
import type { TlsContext } from '../../../../src/main/ocpp/server'
import { TlsService, TlsUnavailableError, type TlsServiceOptions } from '../../../../src/main/services/tls/tls-service'
import { makeCertificate } from '../../../support/tls-fixtures'

const dirs: string[] = []
const services: TlsService[] = []
afterEach(async () => {
  services.splice(0).forEach((s) => s.stop())
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function service(overrides: Partial<TlsServiceOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'csms-tls-service-'))
  dirs.push(dir)
  const state = { names: { hostName: 'bench-pc', addresses: ['127.0.0.1'] }, staticRsa: true }
  const swaps: TlsContext[] = []
  const listened: TlsContext[] = []
  const told: TlsStatus[] = []
  const logged: string[] = []
  const tls = new TlsService({
    enabled: true,
    dir,
    names: () => state.names,
    staticRsa: () => state.staticRsa,
    listen: async (context) => {
      listened.push(context)
      return 9443
    },
    swap: (context) => void swaps.push(context),
    changed: (status) => void told.push(status),
    logger: { info: (m: string) => void logged.push(m), warn: (m: string) => void logged.push(m), error: (m: string) => void logged.push(m) },
    checkIntervalMs: 3_600_000,
    ...overrides,
  })
  services.push(tls)
  return { tls, state, swaps, listened, told, logged, dir }
}

describe('the TLS endpoint service', () => {
  it('serves an RSA and an ECDSA pair, tells a change of names once, and swaps the suites only when the setting changes', async () => {
    const { tls, state, swaps, listened, told } = await service()
    expect(await tls.start()).toBe(9443)
    expect(listened).toHaveLength(1)
    expect(listened[0]!.pairs).toHaveLength(2)
    expect(listened[0]!.ciphers).toContain('AES128-GCM-SHA256')
    tls.status()
    expect(told).toHaveLength(0)
    state.names = { hostName: 'bench-pc', addresses: ['127.0.0.1', '192.0.2.8'] }
    tls.status()
    tls.status()
    expect(told.map((s) => s.addressesChanged)).toEqual([true])
    tls.settingsChanged()
    expect(swaps).toHaveLength(0)
    state.staticRsa = false
    tls.settingsChanged()
    tls.settingsChanged()
    expect(swaps).toHaveLength(1)
    expect(swaps[0]!.ciphers.split(':')).not.toContain('AES128-GCM-SHA256')
    expect(swaps[0]!.ciphers.split(':')).toContain('ECDHE-RSA-AES128-GCM-SHA256')
    expect(told.at(-1)).toMatchObject({ staticRsaSuites: false })
  })

  it('two regenerate requests at once make one set of certificates and one swap', async () => {
    const { tls, state, swaps } = await service()
    await tls.start()
    state.names = { hostName: 'bench-pc', addresses: ['192.0.2.1'] }
    const [a, b] = await Promise.all([tls.regenerate(), tls.regenerate()])
    expect(a).toBe(b)
    expect(swaps).toHaveLength(1)
    expect(a.certificates.every((c) => c.ipAddresses.includes('192.0.2.1') && c.missing.length === 0)).toBe(true)
  })

  it('refuses to regenerate when the endpoint is off or every certificate is the operator’s', async () => {
    const off = await service({ enabled: false })
    expect(await off.tls.start()).toBeUndefined()
    await expect(off.tls.regenerate()).rejects.toThrow(TlsUnavailableError)
    expect(off.tls.status()).toMatchObject({ running: false, problem: expect.stringMatching(/--no-tls/), certificates: [] })

    const { dir } = await service()
    const [rsa, ec] = await Promise.all([makeCertificate('rsa'), makeCertificate('ecdsa')])
    for (const [name, text] of [['r.crt', rsa.cert], ['r.key', rsa.key], ['e.crt', ec.cert], ['e.key', ec.key]]) await writeFile(join(dir, name!), text!)
    const own = await service({ certFiles: [join(dir, 'e.crt'), join(dir, 'r.crt')], keyFiles: [join(dir, 'r.key'), join(dir, 'e.key')] })
    await own.tls.start()
    await expect(own.tls.regenerate()).rejects.toThrow(/Both certificates are your own/)
  })

  it('an unusable operator certificate leaves the endpoint off with the reason in the status and the log', async () => {
    const { dir } = await service()
    const ec = await makeCertificate('ecdsa')
    const rsa = await makeCertificate('rsa')
    await writeFile(join(dir, 'e.crt'), ec.cert)
    await writeFile(join(dir, 'r.key'), rsa.key)
    const bad = await service({ certFiles: [join(dir, 'e.crt')], keyFiles: [join(dir, 'r.key')] })
    expect(await bad.tls.start()).toBeUndefined()
    expect(bad.listened).toHaveLength(0)
    expect(bad.tls.status()).toMatchObject({ running: false, problem: expect.stringMatching(/^The wss:\/\/ endpoint did not start: e\.crt: none of the keys given \(r\.key\)/) })
    expect(bad.logged.join('\n')).toMatch(/did not start.*security profile 2 cannot connect/)
  })
})
