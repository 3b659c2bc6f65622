/**
 * Hostile input: a station sends CSMS_FUZZ_FRAMES frames (default 100,000) of every kind of
 * garbage — random bytes, binary frames, frames over the size limit, deeply nested JSON, wrong
 * types, unknown actions, duplicate message ids — first at a pace that gets every frame answered,
 * then as a flood. What is asserted is what the CSMS answered: at a normal pace every frame gets
 * its CALLERROR; in the flood every answer that comes is the right CALLERROR for its frame (frames
 * beyond the rate limit are dropped unanswered, never answered wrongly), a frame over the size
 * limit closes its connection with 1009, a connection is closed only for that or for flooding
 * (1008); another station is answered throughout; the log says each case once rather than a
 * hundred thousand times. How fast and how much memory are measured by `npm run bench:hostile`.
 */
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { LogPage } from '@shared/contract'
import { startHarness, type Harness } from '../support/csms-harness'
import { closed, hostileFrame, openSocket, OVERSIZE_FRAME, seeded } from '../support/hostile-frames'

const FRAMES = Number(process.env.CSMS_FUZZ_FRAMES ?? 100_000)
const PACED = Math.min(2000, FRAMES)
/** In the flood, one frame in this many is over the size limit (and the first one always is). */
const OVERSIZE_EVERY = 25_000

describe('hostile input', () => {
  let h: Harness
  afterEach(async () => h.stop())

  it(`${FRAMES} hostile frames: the right CALLERRORs at a normal pace, a flood answered only rightly and contained, another station served throughout`, { timeout: 300_000 }, async () => {
    h = await startHarness({ settings: { ocpp: { fetchConfigurationAfterBoot: false, maxMessagesPerSecond: 2000 } } })
    const good = await h.booted('GOOD')
    const hostileCp = await h.booted('HOSTILE')
    await hostileCp.close()
    const random = seeded(42)

    // 1. At a pace within the limit: every frame gets the CALLERROR it deserves, in order.
    const paced = await openSocket(`${h.ocppUrl}/HOSTILE`)
    const pacedAnswers: unknown[][] = []
    paced.on('message', (data) => pacedAnswers.push(JSON.parse(data.toString()) as unknown[]))
    const expected: { id: string; code: string }[] = []
    for (let i = 0; i < PACED; i += 1) {
      const frame = hostileFrame(random, i)
      paced.send(frame.data, { binary: frame.binary === true })
      expected.push({ id: frame.id, code: frame.expect })
      if (i % 200 === 199) await new Promise((r) => setTimeout(r, 120))
    }
    await expect.poll(() => pacedAnswers.length, { timeout: 20_000 }).toBe(expected.length)
    expect(pacedAnswers.map((a) => [a[0], a[1], a[2]])).toEqual(expected.map((e) => [4, e.id, e.code]))
    expect((await good.call('Heartbeat', {}))[0]).toBe(3)
    paced.close()
    await closed(paced)

    // 2. A flood far beyond the limit, with frames over the size limit now and then.
    const codeOf = new Map<string, string>()
    const floodAnswers: unknown[][] = []
    /** Close codes of connections the CSMS closed (not the test). */
    const closedByCsms: number[] = []
    let answerable = 0
    let oversize = 0
    const attach = (socket: WebSocket): WebSocket => {
      socket.on('message', (data) => floodAnswers.push(JSON.parse(data.toString()) as unknown[]))
      socket.on('error', () => undefined)
      socket.on('close', (code) => {
        if (!(socket as WebSocket & { closedByTest?: boolean }).closedByTest) closedByCsms.push(code)
      })
      return socket
    }
    const goodAnswers: unknown[][] = []
    const probe = setInterval(() => void good.call('Heartbeat', {}).then((answer) => goodAnswers.push(answer)), 100)
    let socket = attach(await openSocket(`${h.ocppUrl}/HOSTILE`))
    try {
      for (let sent = PACED; sent < FRAMES; sent += 1) {
        if ((sent - PACED) % OVERSIZE_EVERY === 0) {
          // On a connection of its own (another identity: the same one would replace the flooding connection), so its close is told apart.
          const big = await openSocket(`${h.ocppUrl}/HOSTILE-BIG`)
          big.on('error', () => undefined)
          const code = closed(big)
          big.send(OVERSIZE_FRAME)
          expect(await code, 'a frame over the size limit did not close its connection with 1009').toBe(1009)
          oversize += 1
          continue
        }
        if (socket.readyState !== WebSocket.OPEN) socket = attach(await openSocket(`${h.ocppUrl}/HOSTILE`))
        const frame = hostileFrame(random, sent)
        codeOf.set(frame.id, frame.expect)
        socket.send(frame.data, { binary: frame.binary === true })
        answerable += 1
        if (sent % 1000 === 0) await new Promise((r) => setImmediate(r))
      }
      // A closing handshake: every answer the CSMS sent before it has arrived once it completes.
      if (socket.readyState === WebSocket.OPEN) {
        ;(socket as WebSocket & { closedByTest?: boolean }).closedByTest = true
        socket.close()
        await closed(socket).catch(() => socket.terminate())
      }
    } finally {
      clearInterval(probe)
      socket.terminate()
    }

    const wrong = floodAnswers.filter((a) => a[0] !== 4 || a[2] !== codeOf.get(String(a[1])))
    expect(wrong.slice(0, 5), `${wrong.length} of ${floodAnswers.length} answers in the flood were not the CALLERROR their frame deserves`).toEqual([])
    expect(floodAnswers.length, 'nothing at all was answered in the flood').toBeGreaterThan(0)
    expect(floodAnswers.length).toBeLessThanOrEqual(answerable)
    expect(oversize).toBeGreaterThan(0)
    expect(closedByCsms.filter((code) => code !== 1008), 'a flooding connection was closed for another reason than flooding').toEqual([])
    // The good station was answered during the flood and after it.
    expect(goodAnswers.length, 'the good station got no answer during the flood').toBeGreaterThan(0)
    expect(goodAnswers.every((a) => a[0] === 3)).toBe(true)
    expect((await good.call('Heartbeat', {}))[0]).toBe(3)

    // 3. The log says each kind of garbage once per window, not once per frame.
    await h.csms.storage.flush()
    const logged = await h.invoke<LogPage>('queryLog', { stationId: 'HOSTILE', limit: 1000 })
    expect(logged.entries.length).toBeLessThan(1000)
    expect(logged.entries.filter((e) => /Too many frames/.test(e.errorDescription ?? '')).length, 'the flood was not said in the log').toBeGreaterThan(0)
  })
})
