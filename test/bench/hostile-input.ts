/**
 * `npm run bench:hostile`: the hostile-input flood of the system test (test/system/hostile-input.test.ts)
 * measured instead of asserted: a station floods the CSMS (in this process, as in the test) with
 * garbage frames, some over the size limit, while a good station sends a Heartbeat every 100 ms.
 * Reports the good station's answer time during the flood (p50/p99/max), how much the process's
 * memory grew, and what the flood got back; compares them with the targets (max answer time
 * 2,000 ms, memory growth 300 MB) and exits 1 when one is missed.
 *
 *   npm run bench:hostile -- [--frames 100000] [--rate-limit 2000]
 *
 * Writes its figures to test-results/bench/hostile-input.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { percentiles } from './bench-support'
import { startHarness } from '../support/csms-harness'
import { closed, hostileFrame, openSocket, OVERSIZE_FRAME, seeded } from '../support/hostile-frames'

/** The good station's slowest answer during the flood stays under this. */
const MAX_LATENCY_TARGET_MS = 2000
/** The process's resident memory grows by less than this over the flood. */
const RSS_GROWTH_TARGET_BYTES = 300 * 1024 * 1024
const OVERSIZE_EVERY = 25_000
const ROOT = resolve(import.meta.dirname, '../..')

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    'rate-limit': { type: 'string', default: '2000' },
    out: { type: 'string', default: join(ROOT, 'test-results', 'bench') },
  },
})

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

async function main(): Promise<void> {
  const frames = Number(values.frames)
  const h = await startHarness({ settings: { ocpp: { fetchConfigurationAfterBoot: false, maxMessagesPerSecond: Number(values['rate-limit']) } } })
  try {
    const good = await h.booted('GOOD')
    await (await h.booted('HOSTILE')).close()
    const random = seeded(42)
    const rssBefore = process.memoryUsage().rss
    let rssPeak = rssBefore
    const latencies: number[] = []
    let unanswered = 0
    const probe = setInterval(() => {
      const t = performance.now()
      good.call('Heartbeat', {}).then(
        () => latencies.push(performance.now() - t),
        () => (unanswered += 1),
      )
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
    }, 100)
    let answers = 0
    let closes = 0
    const attach = (socket: WebSocket): WebSocket => {
      socket.on('message', () => (answers += 1))
      socket.on('error', () => undefined)
      socket.on('close', () => (closes += 1))
      return socket
    }
    const started = performance.now()
    let socket = attach(await openSocket(`${h.ocppUrl}/HOSTILE`))
    let oversize = 0
    for (let sent = 0; sent < frames; sent += 1) {
      if (sent % OVERSIZE_EVERY === 0) {
        const big = await openSocket(`${h.ocppUrl}/HOSTILE-BIG`)
        big.on('error', () => undefined)
        const code = closed(big)
        big.send(OVERSIZE_FRAME)
        if ((await code) === 1009) oversize += 1
        continue
      }
      if (socket.readyState !== WebSocket.OPEN) socket = attach(await openSocket(`${h.ocppUrl}/HOSTILE`))
      const frame = hostileFrame(random, sent)
      socket.send(frame.data, { binary: frame.binary === true })
      if (sent % 1000 === 0) await new Promise((r) => setImmediate(r))
    }
    const seconds = (performance.now() - started) / 1000
    await new Promise((r) => setTimeout(r, 500))
    clearInterval(probe)
    socket.terminate()
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss)

    const answerTimes = percentiles(latencies)
    const result = {
      frames,
      seconds: Number(seconds.toFixed(2)),
      framesPerSecond: Math.round(frames / seconds),
      floodAnswers: answers,
      floodConnectionsClosed: closes,
      oversizeClosedWith1009: oversize,
      goodStation: { answers: answerTimes.count, unanswered, p50Ms: Number(answerTimes.p50.toFixed(1)), p99Ms: Number(answerTimes.p99.toFixed(1)), maxMs: Number(answerTimes.max.toFixed(1)) },
      rss: { beforeBytes: rssBefore, peakBytes: rssPeak, growthBytes: rssPeak - rssBefore },
      targets: { maxLatencyMs: MAX_LATENCY_TARGET_MS, rssGrowthBytes: RSS_GROWTH_TARGET_BYTES },
    }
    await mkdir(values.out!, { recursive: true })
    const file = join(values.out!, 'hostile-input.json')
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)

    const latencyOk = answerTimes.count > 0 && answerTimes.max < MAX_LATENCY_TARGET_MS && unanswered === 0
    const memoryOk = rssPeak - rssBefore < RSS_GROWTH_TARGET_BYTES
    console.log(`flood: ${frames} frames in ${result.seconds} s (${result.framesPerSecond}/s), ${answers} answered, ${closes} flooding connections closed, ${oversize} oversize frames closed with 1009`)
    console.log(`good station during the flood: ${answerTimes.count} Heartbeats answered, ${unanswered} unanswered, p50 ${result.goodStation.p50Ms} ms, p99 ${result.goodStation.p99Ms} ms, max ${result.goodStation.maxMs} ms: ${latencyOk ? 'under' : 'OVER'} the ${MAX_LATENCY_TARGET_MS} ms target`)
    console.log(`memory: RSS ${mb(rssBefore)} before, ${mb(rssPeak)} at peak, grew ${mb(rssPeak - rssBefore)}: ${memoryOk ? 'under' : 'OVER'} the ${mb(RSS_GROWTH_TARGET_BYTES)} target`)
    console.log(`written to ${file}`)
    if (!latencyOk || !memoryOk) process.exitCode = 1
  } finally {
    await h.stop()
  }
}

await main()
