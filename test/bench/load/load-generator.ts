/**
 * Load generator (its own process): N charge points over real sockets. Each boots, reports its
 * connectors, then sends one message every `interval` ms (Heartbeat, StatusNotification,
 * MeterValues, and every 10th cycle a StartTransaction/StopTransaction pair; the stations are not in
 * step), and measures every
 * CALL → answer latency. Like a real charge point (OCPP 1.6 §4.1.1) a station keeps at most one CALL
 * outstanding: a tick that finds its previous CALL unanswered sends nothing and is counted as
 * skipped, so an overloaded server shows up as lower throughput and skipped ticks, not as an
 * unbounded queue. Prints one JSON report on stdout.
 *
 *   npx tsx test/bench/load/load-generator.ts --url ws://127.0.0.1:9000/ocpp --stations 1000 --rate 1 --seconds 30 [--samples FILE]
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    stations: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '1', description: 'messages per second per station' },
    seconds: { type: 'string', default: '30' },
    prefix: { type: 'string', default: 'LOAD' },
    'connect-per-second': { type: 'string', default: '500' },
    /** A file to write every measured answer to, as float64 pairs (wall-clock ms, latency ms). */
    samples: { type: 'string' },
  },
})
const url = values.url!
const stations = Number(values.stations)
const interval = 1000 / Number(values.rate)
const seconds = Number(values.seconds)
const connectRate = Number(values['connect-per-second'])

const latencies: number[] = []
/** Every measured answer as (wall-clock ms when answered, latency ms) pairs, for `--samples`. */
let samples = new Float64Array(1 << 16)
let sampleCount = 0
function keepSample(at: number, latency: number): void {
  if (sampleCount * 2 + 2 > samples.length) {
    const bigger = new Float64Array(samples.length * 2)
    bigger.set(samples)
    samples = bigger
  }
  samples[sampleCount * 2] = at
  samples[sampleCount * 2 + 1] = latency
  sampleCount += 1
}
const latenciesByAction = new Map<string, number[]>()
let sent = 0
let answered = 0
let errors = 0
let timeouts = 0
let skipped = 0
let measuring = false
const now = () => Number(process.hrtime.bigint() / 1000n) / 1000 // ms, µs precision

class Station {
  private socket!: WebSocket
  private seq = 0
  private readonly pending = new Map<string, { at: number; action: string; resolve: (payload: unknown) => void }>()
  private transactionId: number | undefined
  private meter = 0
  /**
   * Where in its ten-message cycle this station starts. Real stations are not in step: started all
   * at 0, every station would send its StatusNotification (or StartTransaction) in the same second,
   * a burst of 2,000 of one kind every ten seconds, which measures that burst and not the steady load.
   */
  private cycle = Math.floor(Math.random() * 10)
  private timer: NodeJS.Timeout | undefined
  open = false

  constructor(readonly id: string) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = new WebSocket(`${url}/${encodeURIComponent(this.id)}`, ['ocpp1.6'], { perMessageDeflate: false })
      this.socket.once('open', () => {
        this.open = true
        resolve()
      })
      this.socket.once('error', reject)
      this.socket.on('close', () => (this.open = false))
      this.socket.on('message', (data) => this.onMessage(data.toString()))
    })
  }

  private onMessage(text: string): void {
    const frame = JSON.parse(text) as unknown[]
    if (frame[0] === 2) {
      // The CSMS asks something (e.g. GetConfiguration): answer at once.
      this.socket.send(JSON.stringify([3, frame[1], {}]))
      return
    }
    const waiting = this.pending.get(frame[1] as string)
    if (!waiting) return
    this.pending.delete(frame[1] as string)
    if (measuring) {
      const latency = now() - waiting.at
      latencies.push(latency)
      if (values.samples) keepSample(Date.now(), latency)
      const list = latenciesByAction.get(waiting.action)
      if (list) list.push(latency)
      else latenciesByAction.set(waiting.action, [latency])
    }
    answered += measuring ? 1 : 0
    if (frame[0] === 4) errors += 1
    waiting.resolve(frame[0] === 3 ? frame[2] : undefined)
  }

  call(action: string, payload: unknown): Promise<unknown> {
    const id = `${this.id}-${++this.seq}`
    return new Promise((resolve) => {
      const at = now()
      this.pending.set(id, { at, action, resolve })
      if (measuring) sent += 1
      this.socket.send(JSON.stringify([2, id, action, payload]))
    })
  }

  async boot(): Promise<void> {
    await this.call('BootNotification', { chargePointVendor: 'Load', chargePointModel: 'Gen' })
    for (const connectorId of [0, 1, 2]) await this.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' })
  }

  start(): void {
    // Spread the stations over the interval so the load is even.
    const offset = Math.random() * interval
    this.timer = setTimeout(() => {
      void this.tick()
      this.timer = setInterval(() => void this.tick(), interval)
    }, offset)
  }

  stop(): void {
    clearTimeout(this.timer)
    clearInterval(this.timer)
  }

  private async tick(): Promise<void> {
    if (!this.open) return
    if (this.pending.size > 0) {
      if (measuring) skipped += 1
      return
    }
    const timestamp = new Date().toISOString()
    this.cycle += 1
    const step = this.cycle % 10
    if (step === 0 && this.transactionId === undefined) {
      const answer = (await this.call('StartTransaction', { connectorId: 1, idTag: 'LOADTAG', meterStart: this.meter, timestamp })) as { transactionId?: number } | undefined
      this.transactionId = answer?.transactionId
    } else if (step === 5 && this.transactionId !== undefined) {
      await this.call('StopTransaction', { transactionId: this.transactionId, meterStop: this.meter, timestamp, reason: 'Local' })
      this.transactionId = undefined
    } else if (step % 2 === 1) {
      this.meter += 100
      await this.call('MeterValues', {
        connectorId: 1,
        ...(this.transactionId !== undefined ? { transactionId: this.transactionId } : {}),
        meterValue: [{ timestamp, sampledValue: [{ value: String(this.meter), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: '7200', measurand: 'Power.Active.Import', unit: 'W' }] }],
      })
    } else if (step === 4) await this.call('StatusNotification', { connectorId: 1, status: this.transactionId ? 'Charging' : 'Available', errorCode: 'NoError' })
    else await this.call('Heartbeat', {})
  }

  pendingCount(): number {
    return this.pending.size
  }

  close(): void {
    this.socket.close()
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function main(): Promise<void> {
  const all = Array.from({ length: stations }, (_, i) => new Station(`${values.prefix}-${String(i).padStart(5, '0')}`))
  const startedConnecting = Date.now()
  for (let i = 0; i < all.length; i += connectRate) {
    const batch = all.slice(i, i + connectRate)
    await Promise.all(batch.map(async (s) => {
      await s.connect()
      await s.boot()
    }))
  }
  const connectSeconds = (Date.now() - startedConnecting) / 1000
  all.forEach((s) => s.start())
  // Warm up for two intervals, then measure.
  await new Promise((r) => setTimeout(r, Math.max(2000, 2 * interval)))
  measuring = true
  const t0 = now()
  await new Promise((r) => setTimeout(r, seconds * 1000))
  measuring = false
  const elapsed = (now() - t0) / 1000
  all.forEach((s) => s.stop())
  timeouts = all.reduce((n, s) => n + s.pendingCount(), 0)
  const held = all.filter((s) => s.open).length
  latencies.sort((a, b) => a - b)
  const report = {
    stations,
    ratePerStation: Number(values.rate),
    seconds: elapsed,
    connectSeconds,
    connectionsHeld: held,
    sent,
    answered,
    callErrors: errors,
    unanswered: timeouts,
    skippedTicks: skipped,
    messagesPerSecond: answered / elapsed,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    byAction: Object.fromEntries(
      [...latenciesByAction].map(([action, list]) => {
        list.sort((a, b) => a - b)
        return [action, { count: list.length, p50: percentile(list, 50), p99: percentile(list, 99), max: list.at(-1) ?? 0 }]
      }),
    ),
  }
  all.forEach((s) => s.close())
  if (values.samples) writeFileSync(values.samples, Buffer.from(samples.buffer, 0, sampleCount * 16))
  process.stdout.write(`${JSON.stringify(report)}\n`)
  setTimeout(() => process.exit(0), 500).unref()
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
