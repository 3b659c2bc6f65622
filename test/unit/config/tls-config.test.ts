import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../src/main/config/app-config'
import { makeCertificate, type PemPair } from '../../support/tls-fixtures'

let dir: string
const file = (name: string) => join(dir, name)
let rsa: PemPair
let ecdsa: PemPair

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cfg-tls-'))
  ;[rsa, ecdsa] = await Promise.all([makeCertificate('rsa'), makeCertificate('ecdsa')])
  const weak = await makeCertificate('rsa', { modulusLength: 1024 })
  for (const [name, pair] of [['rsa', rsa], ['ec', ecdsa], ['weak', weak]] as const) {
    writeFileSync(file(`${name}.crt`), pair.cert)
    writeFileSync(file(`${name}.key`), pair.key)
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('operator TLS certificates in the start-up configuration', () => {
  it('--tls-cert/--tls-key may be given twice (an RSA and an ECDSA pair)', () => {
    const config = loadConfig(['--tls-cert', file('ec.crt'), '--tls-key', file('ec.key'), '--tls-cert', file('rsa.crt'), '--tls-key', file('rsa.key')], {})
    expect(config.tlsCertFiles).toEqual([file('ec.crt'), file('rsa.crt')])
    expect(config.tlsKeyFiles).toEqual([file('ec.key'), file('rsa.key')])
  })

  it('the settings file takes tlsCert/tlsKey as one file name or a list of two', () => {
    const settings = file('csms.config.json')
    writeFileSync(settings, JSON.stringify({ tlsCert: [file('rsa.crt'), file('ec.crt')], tlsKey: [file('ec.key'), file('rsa.key')] }))
    expect(loadConfig(['--config', settings], {})).toMatchObject({ tlsCertFiles: [file('rsa.crt'), file('ec.crt')], tlsKeyFiles: [file('ec.key'), file('rsa.key')] })
    writeFileSync(settings, JSON.stringify({ tlsCert: file('rsa.crt'), tlsKey: file('rsa.key') }))
    expect(loadConfig(['--config', settings], {})).toMatchObject({ tlsCertFiles: [file('rsa.crt')], tlsKeyFiles: [file('rsa.key')] })
    writeFileSync(settings, JSON.stringify({ tlsCert: ['a', 'b', 'c'], tlsKey: 'x' }))
    expect(() => loadConfig(['--config', settings], {})).toThrow(/tlsCert: expected a PEM file name, or a list of two/)
  })

  it('a certificate that cannot be served stops the start with a ConfigError saying why', () => {
    const refused = (argv: string[]) => {
      try {
        loadConfig(argv, {})
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError)
        return (error as Error).message
      }
      throw new Error('accepted')
    }
    expect(refused(['--tls-cert', file('rsa.crt'), '--tls-key', file('ec.key')])).toMatch(/^TLS certificate \(--tls-cert\/--tls-key\): rsa\.crt: none of the keys given \(ec\.key\) belongs/)
    expect(refused(['--tls-cert', file('weak.crt'), '--tls-key', file('weak.key')])).toMatch(/weak\.key: the RSA key has 1024 bits/)
    expect(refused(['--tls-cert', file('rsa.crt')])).toMatch(/one key per certificate/)
    expect(refused(['--tls-cert', file('missing.crt'), '--tls-key', file('rsa.key')])).toMatch(/missing\.crt does not exist/)
    // No TLS endpoint, nothing to check.
    expect(loadConfig(['--no-tls', '--tls-cert', file('rsa.crt'), '--tls-key', file('ec.key')], {}).tls).toBe(false)
  })
})
