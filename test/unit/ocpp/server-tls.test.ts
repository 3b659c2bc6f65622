/**
 * The wss:// endpoint of security profile 2 (server.ts listenTls / setTlsContext) over loopback: it
 * serves the same OCPP endpoint, offers both key pairs, lets the server's suite order decide, takes
 * a new context for new handshakes only, and stops with the rest.
 */
import { connect } from 'node:net'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tlsCiphers } from '../../../src/main/ocpp/tls-ciphers'
import type { TlsContext } from '../../../src/main/ocpp/server'
import { handshake, makeCertificate, type PemPair } from '../../support/tls-fixtures'
import { accepted, forget, ocppServer, openAt, stopEverything } from './ocpp-server-rig'

afterEach(stopEverything)

let rsa: PemPair
let ecdsa: PemPair
beforeAll(async () => {
  ;[rsa, ecdsa] = await Promise.all([makeCertificate('rsa', { cn: 'rsa.example' }), makeCertificate('ecdsa', { cn: 'ec.example' })])
})

const context = (pairs: PemPair[]): TlsContext => ({ pairs, ciphers: tlsCiphers(true) })

/** An endpoint listening on wss:// only (its ws:// side is not started). */
async function startTls(pairs: PemPair[] = [rsa, ecdsa]) {
  const built = ocppServer()
  const { port } = await built.server.listenTls(0, '127.0.0.1', context(pairs))
  return { ...built, port }
}

/** Offers static RSA first, then ECDHE with the same certificate. */
const STATIC_RSA_FIRST = { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256' } as const

describe('the wss:// endpoint', () => {
  it('a station connects over TLS with ocpp1.6 and is admitted like over ws://', async () => {
    const { port, connected } = await startTls()
    const ws = accepted(await openAt(`wss://127.0.0.1:${port}/ocpp/CP1`, { client: { rejectUnauthorized: false } }))
    expect(ws.protocol).toBe('ocpp1.6')
    expect(connected.map((c) => c.identity)).toEqual(['CP1'])
  })

  it('serves each key pair to the client that needs it: ECDSA suites get the ECDSA certificate, RSA suites the RSA one', async () => {
    const { port } = await startTls()
    const ec = await handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })
    expect([ec.cipher, ec.keyType]).toEqual(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ec'])
    const plain = await handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'AES256-GCM-SHA384' })
    expect([plain.cipher, plain.keyType]).toEqual(['AES256-GCM-SHA384', 'rsa'])
  })

  it('the server’s order decides: a client listing static RSA first still gets forward-secret ECDHE', async () => {
    const { port } = await startTls()
    expect((await handshake(port, STATIC_RSA_FIRST)).cipher).toBe('ECDHE-RSA-AES128-GCM-SHA256')
  })

  it('a client that speaks only TLS 1.1 is refused', async () => {
    const { port } = await startTls()
    await expect(handshake(port, { maxVersion: 'TLSv1.1' })).rejects.toThrow()
  })
})

describe('a new TLS context', () => {
  it('new handshakes get the new certificate, with the same minimum version and suite order', async () => {
    const { server, port } = await startTls([ecdsa])
    expect((await handshake(port)).cert.subject).toContain('CN=ec.example')
    server.setTlsContext(context([rsa]))
    const after = await handshake(port, STATIC_RSA_FIRST)
    expect(after.cert.subject).toContain('CN=rsa.example')
    expect(after.cipher).toBe('ECDHE-RSA-AES128-GCM-SHA256')
    await expect(handshake(port, { maxVersion: 'TLSv1.1' })).rejects.toThrow()
  })

  it('is ignored while no wss:// endpoint runs', () => {
    const { server } = ocppServer()
    expect(() => server.setTlsContext(context([rsa]))).not.toThrow()
  })
})

describe('stopping', () => {
  it('stops the wss:// endpoint too: its port no longer answers', async () => {
    const { server, port } = await startTls()
    await server.listen()
    await server.stop(200)
    forget(server)
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy()
        resolve('connected')
      })
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
  })
})
