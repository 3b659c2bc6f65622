/**
 * A certificate or key file the CSMS may not read (tls-key-pair.ts): the refusal names the file and
 * says it is the permissions. The tests run as root in CI, where chmod does not stop a read, so the
 * refusal of the file system is simulated for one file name.
 */
import { describe, expect, it, vi } from 'vitest'
import { readOperatorCertificates, TlsCertificateError } from '../../../src/main/ocpp/tls-key-pair'

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const readFileSync = ((file: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
    if (String(file).endsWith('locked.key')) throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' })
    return (fs.readFileSync as (...args: unknown[]) => unknown)(file, ...rest)
  }) as typeof fs.readFileSync
  return { ...fs, default: { ...fs, readFileSync }, readFileSync }
})

describe('a file the CSMS may not read', () => {
  it('is refused by name, saying it is the permissions, without its folder', () => {
    let refusal: unknown
    try {
      readOperatorCertificates(['/srv/tls/server.crt'], ['/srv/private/locked.key'])
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(TlsCertificateError)
    expect((refusal as Error).message).toBe('The TLS key file locked.key cannot be read (permissions).')
  })
})
