/**
 * Hostile input: a station sends CSMS_FUZZ_FRAMES frames (default 100,000) of every kind of
 * garbage — random bytes, binary frames, frames over the size limit, deeply nested JSON, wrong
 * types, unknown actions, duplicate message ids — first at a pace that gets every frame answered,
 * then as a flood. Another station must keep being served; what deserves a CALLERROR gets the
 * right one; memory stays bounded; the log says each case once rather than a hundred thousand times.
 */
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { LogPage } from '@shared/contract'
import { startHarness, type Harness } from '../support/csms-harness'

const FRAMES = Number(process.env.CSMS_FUZZ_FRAMES ?? 100_000)

function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
}

/** One hostile frame and the CALLERROR code it deserves (undefined = no answer expected). */
function hostileFrame(random: () => number, i: number): { data: string | Buffer; binary?: boolean; expect?: string; id?: string } {
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

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['ocpp1.6'])
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
  })
}

describe('hostile input', () => {
  let h: Harness
  afterEach(async () => h.stop())

  it(`${FRAMES} hostile frames: the right CALLERRORs at a normal pace, a flood contained, another station served throughout`, { timeout: 300_000 }, async () => {
    h = await startHarness({ settings: { ocpp: { fetchConfigurationAfterBoot: false, maxMessagesPerSecond: 2000 } } })
    const good = await h.booted('GOOD')
    const hostileCp = await h.booted('HOSTILE')
    await hostileCp.close()
    const random = seeded(42)
    const heapBefore = process.memoryUsage().rss

    // 1. At a pace within the limit: every frame that deserves a CALLERROR gets the right one.
    let socket = await open(`${h.ocppUrl}/HOSTILE`)
    const answers: unknown[][] = []
    socket.on('message', (data) => answers.push(JSON.parse(data.toString()) as unknown[]))
    const paced = Math.min(2000, FRAMES)
    const expected: { id?: string; code?: string }[] = []
    for (let i = 0; i < paced; i += 1) {
      const frame = hostileFrame(random, i)
      socket.send(frame.data, { binary: frame.binary === true })
      expected.push({ id: frame.id, code: frame.expect })
      if (i % 200 === 199) await new Promise((r) => setTimeout(r, 120))
    }
    await expect.poll(() => answers.length, { timeout: 20_000 }).toBe(expected.filter((e) => e.code).length)
    const codes = answers.map((a) => a[2])
    expect(codes).toEqual(expected.filter((e) => e.code).map((e) => e.code))
    // The good station is answered in the meantime.
    expect((await good.call('Heartbeat', {}))[0]).toBe(3)

    // 2. A flood: far beyond the limit, some over the size limit (the connection is closed, the station reconnects).
    let sent = paced
    const latencies: number[] = []
    const probe = setInterval(() => {
      const t = Date.now()
      void good.call('Heartbeat', {}).then(() => latencies.push(Date.now() - t))
    }, 100)
    try {
      while (sent < FRAMES) {
        if (socket.readyState !== WebSocket.OPEN) {
          socket.terminate()
          socket = await open(`${h.ocppUrl}/HOSTILE`)
        }
        const frame = sent % 25_000 === 0 ? { data: 'x'.repeat(2 * 1024 * 1024) } : hostileFrame(random, sent)
        socket.send(frame.data, { binary: 'binary' in frame && frame.binary === true })
        sent += 1
        if (sent % 1000 === 0) await new Promise((r) => setImmediate(r))
      }
      await new Promise((r) => setTimeout(r, 500))
    } finally {
      clearInterval(probe)
      socket.terminate()
    }
    expect(sent).toBe(FRAMES)
    expect((await good.call('Heartbeat', {}))[0]).toBe(3)
    expect(latencies.length).toBeGreaterThan(0)
    expect(Math.max(...latencies)).toBeLessThan(2000)

    // 3. Bounded: memory, and the log says each kind of garbage once per window, not once per frame.
    await h.csms.storage.flush()
    const logged = await h.invoke<LogPage>('queryLog', { stationId: 'HOSTILE', limit: 1000 })
    expect(logged.entries.length).toBeLessThan(1000)
    const rateNotes = logged.entries.filter((e) => /Too many frames/.test(e.errorDescription ?? ''))
    expect(rateNotes.length).toBeGreaterThan(0)
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(300 * 1024 * 1024)
  })
})
