/**
 * Hostile OCPP-J frames for the system test and the benchmark: random bytes, binary frames,
 * broken JSON, deeply nested payloads, wrong types, unknown actions, duplicate ids, unknown
 * message types; each with the CALLERROR code it deserves and the id that CALLERROR carries.
 */
import WebSocket from 'ws'

export function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
}

export interface HostileFrame {
  data: string | Buffer
  binary?: boolean
  /** The CALLERROR code the frame deserves (every frame here deserves one). */
  expect: string
  /** The message id of that CALLERROR. */
  id: string
}

/** Frame number `i` (its kind is `i % 9`). */
export function hostileFrame(random: () => number, i: number): HostileFrame {
  const id = `f${i}`
  switch (i % 9) {
    case 0: return { data: Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256))), binary: true, expect: 'FormationViolation', id: '-1' }
    case 1: return { data: `{${'x'.repeat(Math.floor(random() * 50))}`, expect: 'FormationViolation', id: '-1' }
    case 2: return { data: JSON.stringify([2, id, 'Heartbeat', JSON.parse('['.repeat(500) + ']'.repeat(500))]), expect: 'FormationViolation', id }
    case 3: return { data: JSON.stringify([2, id, 'BootNotification', { chargePointVendor: 42, chargePointModel: true }]), expect: 'TypeConstraintViolation', id }
    case 4: return { data: JSON.stringify([2, id, `NoSuchAction${Math.floor(random() * 1000)}`, {}]), expect: 'NotImplemented', id }
    case 5: return { data: JSON.stringify([2, 'dup', 'StatusNotification', { connectorId: 1, status: 'Nonsense', errorCode: 'NoError' }]), expect: 'PropertyConstraintViolation', id: 'dup' }
    case 6: return { data: JSON.stringify([2, id, 'Authorize', {}]), expect: 'OccurenceConstraintViolation', id }
    case 7: return { data: JSON.stringify([9, id, 'x']), expect: 'FormationViolation', id }
    default: return { data: JSON.stringify([2, id, 'MeterValues', { connectorId: 'one', meterValue: 'many' }]), expect: 'TypeConstraintViolation', id }
  }
}

/** A frame over the CSMS's size limit (1 MiB): the connection is closed with 1009. */
export const OVERSIZE_FRAME = 'x'.repeat(2 * 1024 * 1024)

export function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['ocpp1.6'])
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
  })
}

export function closed(socket: WebSocket, timeoutMs = 10_000): Promise<number> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve(-1)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CSMS did not close the connection within ${timeoutMs} ms`)), timeoutMs)
    socket.once('close', (code) => (clearTimeout(timer), resolve(code)))
  })
}
