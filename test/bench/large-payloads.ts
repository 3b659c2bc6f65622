/**
 * `npm run bench:large`: large but valid station data against everyone else's latency (issue 18 §3).
 *
 * The CSMS runs in its own process (built with --built, else from the sources through tsx), with
 * an event-loop probe loaded (loop-probe.mjs). A load generator (test/bench/load/load-generator.ts,
 * another process) runs N ordinary stations (Heartbeat, StatusNotification, MeterValues,
 * Start/StopTransaction) and measures every CALL → answer. This process is two more stations and a
 * UI: after a baseline, every --every seconds it sends, through the API's sendCall,
 *
 * - a GetConfiguration to BIG-CONFIG, which answers with --keys keys (12,000 ≈ 550 KB), and half a
 *   period later
 * - a GetCompositeSchedule to BIG-COMPOSITE, which answers with --periods periods (29,000 ≈ 960 KB),
 *
 * and, once each is answered, reads what a UI would open: the configuration snapshot, the charging
 * view, the command history and message-log pages, while it listens to every event on
 * /api/events like an open window.
 *
 * Reports the ordinary stations' latency (p50/p99/max) over the baseline, over the whole run, in
 * the seconds around each large answer and outside them; the CSMS's event-loop delay and stalls
 * (> 20 ms, and how many over 50 ms); how long the UI's reads took; and with --cpu-prof, the
 * functions that took the most time in the longest busy stretches of the CSMS's main thread.
 *
 *   npm run bench:large -- [--stations 200] [--rate 1] [--seconds 40] [--baseline 8] [--every 4]
 *                          [--keys 12000] [--periods 29000] [--built] [--cpu-prof DIR]
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir, cpus, loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { api, percentiles, waitForLines, type Latencies } from './bench-support'

/** Issue 18 §3: the ordinary stations' p99 while the large answers come and go. */
const P99_TARGET_MS = 50
const ROOT = resolve(import.meta.dirname, '../..')
const GENERATOR = join(ROOT, 'test', 'bench', 'load', 'load-generator.ts')
const PROBE = join(ROOT, 'test', 'bench', 'loop-probe.mjs')
/** A large answer's "surroundings": from this long before it was sent ... */
const AROUND_BEFORE_MS = 250
/** ... to this long after the API said it was answered and its UI reads were done. */
const AROUND_AFTER_MS = 1000

const { values } = parseArgs({
  options: {
    stations: { type: 'string', default: '200' },
    rate: { type: 'string', default: '1' },
    /** Seconds of large answers (after the baseline). */
    seconds: { type: 'string', default: '40' },
    /** Seconds of ordinary load alone first. */
    baseline: { type: 'string', default: '8' },
    /** Seconds between two GetConfiguration (and two GetCompositeSchedule) answers. */
    every: { type: 'string', default: '4' },
    keys: { type: 'string', default: '12000' },
    periods: { type: 'string', default: '29000' },
    built: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'test-results', 'bench') },
    label: { type: 'string', default: '' },
  },
})

const now = (): number => Date.now()

// ---------------------------------------------------------------- the two large stations

function configurationAnswer(keys: number): string {
  const list = Array.from({ length: keys }, (_, i) => ({ key: `K${String(i).padStart(5, '0')}`, readonly: i % 3 === 0, value: String(i % 10) }))
  return JSON.stringify({ configurationKey: list })
}

function compositeAnswer(periods: number): string {
  const step = 3
  const chargingSchedulePeriod = Array.from({ length: periods }, (_, i) => ({ startPeriod: i * step, limit: 6 + (i % 26) }))
  return JSON.stringify({ status: 'Accepted', connectorId: 1, scheduleStart: new Date().toISOString(), chargingSchedule: { duration: periods * step, chargingRateUnit: 'A', chargingSchedulePeriod } })
}

/** A station that answers one kind of CALL with a prepared payload, and `{}` to anything else. */
class LargeStation {
  private seq = 0
  private readonly pending = new Map<string, () => void>()
  private constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    private readonly action: string,
    private readonly answer: string,
  ) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as unknown[]
      if (frame[0] === 2) {
        const payload = frame[2] === this.action ? this.answer : '{}'
        socket.send(`[3,${JSON.stringify(frame[1])},${payload}]`)
      } else this.pending.get(frame[1] as string)?.()
    })
  }

  static connect(url: string, id: string, action: string, answer: string): Promise<LargeStation> {
    const socket = new WebSocket(`${url}/${id}`, ['ocpp1.6'], { perMessageDeflate: false })
    return new Promise((resolveOpen, reject) => {
      socket.once('open', () => resolveOpen(new LargeStation(id, socket, action, answer)))
      socket.once('error', reject)
    })
  }

  call(action: string, payload: unknown): Promise<void> {
    const id = String((this.seq += 1))
    return new Promise((resolveCall) => {
      this.pending.set(id, resolveCall)
      this.socket.send(JSON.stringify([2, id, action, payload]))
    })
  }

  close(): void {
    this.socket.close()
  }
}

// ---------------------------------------------------------------- what the UI does

interface Step {
  what: string
  at: number
  ms: number
  bytes: number
}

interface LargeAnswer {
  kind: 'GetConfiguration' | 'GetCompositeSchedule'
  sentAt: number
  answeredAt: number
  readsDoneAt: number
  state: string
}

async function timed(steps: Step[], what: string, run: () => Promise<unknown>): Promise<unknown> {
  const at = now()
  const result = await run()
  steps.push({ what, at, ms: now() - at, bytes: JSON.stringify(result ?? null).length })
  return result
}

/** Sends one large CALL through the API, waits for its outcome, then opens what a UI would. */
async function largeRound(apiUrl: string, kind: LargeAnswer['kind'], steps: Step[]): Promise<LargeAnswer> {
  const sentAt = now()
  let state: string
  if (kind === 'GetConfiguration') {
    const task = (await timed(steps, 'sendCall GetConfiguration (wait)', () => api(apiUrl, 'sendCall', { stationId: 'BIG-CONFIG', action: 'GetConfiguration', payload: {}, wait: true }))) as { state: string }
    state = task.state
  } else {
    const task = (await timed(steps, 'sendCall GetCompositeSchedule (wait)', () =>
      api(apiUrl, 'sendCall', { stationId: 'BIG-COMPOSITE', action: 'GetCompositeSchedule', payload: { connectorId: 1, duration: Number(values.periods) * 3, chargingRateUnit: 'A' }, wait: true }),
    )) as { state: string }
    state = task.state
  }
  const answeredAt = now()
  const station = kind === 'GetConfiguration' ? 'BIG-CONFIG' : 'BIG-COMPOSITE'
  if (kind === 'GetConfiguration') await timed(steps, 'getConfigurationSnapshot', () => api(apiUrl, 'getConfigurationSnapshot', { stationId: station }))
  else await timed(steps, 'getChargingView', () => api(apiUrl, 'getChargingView', { stationId: station }))
  await timed(steps, 'listTasks (200)', () => api(apiUrl, 'listTasks', { limit: 200 }))
  await timed(steps, 'queryLog station (100)', () => api(apiUrl, 'queryLog', { stationId: station, limit: 100 }))
  await timed(steps, 'queryLog all (200)', () => api(apiUrl, 'queryLog', { limit: 200 }))
  return { kind, sentAt, answeredAt, readsDoneAt: now(), state }
}

// ---------------------------------------------------------------- CPU profile

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

interface BusyStretch {
  ms: number
  /** Functions by time inside the stretch (inclusive), project code first. */
  top: Array<{ fn: string; ms: number }>
  /** Where the samples landed (self time) inside the stretch. */
  self: Array<{ fn: string; ms: number }>
}

/**
 * The longest stretches in which the main thread never went idle, and what took their time. A
 * function is named `name (file:line)`; "inclusive" time counts the functions it called.
 */
function busyStretches(profile: CpuProfile, count: number, within: { fromUs: number; toUs: number }): { stretches: BusyStretch[]; selfTop: Array<{ fn: string; ms: number }> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const name = (node: ProfileNode): string => {
    const { functionName, url, lineNumber } = node.callFrame
    const file = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')
    return `${functionName || '(anonymous)'}${file ? ` (${file}:${lineNumber + 1})` : ''}`
  }
  const idle = (id: number): boolean => ['(idle)', '(program)', '(root)'].includes(byId.get(id)?.callFrame.functionName ?? '')
  const selfTotals = new Map<string, number>()
  const stretches: Array<{ from: number; to: number; ms: number }> = []
  let start = -1
  let busyMs = 0
  let clock = profile.startTime
  for (let i = 0; i < profile.samples.length; i += 1) {
    clock += profile.timeDeltas[i] ?? 0
    const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000
    const id = profile.samples[i]!
    if (clock < within.fromUs || clock > within.toUs) continue
    if (!idle(id)) {
      const self = name(byId.get(id)!)
      selfTotals.set(self, (selfTotals.get(self) ?? 0) + delta)
      if (start < 0) start = i
      busyMs += delta
    } else if (start >= 0) {
      stretches.push({ from: start, to: i, ms: busyMs })
      start = -1
      busyMs = 0
    }
  }
  stretches.sort((a, b) => b.ms - a.ms)
  const result: BusyStretch[] = []
  for (const stretch of stretches.slice(0, count)) {
    const inclusive = new Map<string, number>()
    for (let i = stretch.from; i < stretch.to; i += 1) {
      const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000
      const seen = new Set<string>()
      for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const node = byId.get(id)!
        if (idle(id)) continue
        const key = name(node)
        if (seen.has(key)) continue
        seen.add(key)
        inclusive.set(key, (inclusive.get(key) ?? 0) + delta)
      }
    }
    // The project's functions, outermost first: the chain down to the one that did the work.
    const project = [...inclusive].filter(([fn]) => /\((src|out)\//.test(fn))
    const top = (project.length > 0 ? project : [...inclusive]).sort((a, b) => b[1] - a[1])
    const self = new Map<string, number>()
    for (let i = stretch.from; i < stretch.to; i += 1) {
      const key = name(byId.get(profile.samples[i]!)!)
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000)
    }
    result.push({
      ms: stretch.ms,
      top: top.slice(0, 10).map(([fn, ms]) => ({ fn, ms })),
      self: [...self].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([fn, ms]) => ({ fn, ms })),
    })
  }
  const selfTop = [...selfTotals].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, ms]) => ({ fn, ms }))
  return { stretches: result, selfTop }
}

// ---------------------------------------------------------------- the run

interface ProbeRecord {
  second?: number
  p50?: number
  p99?: number
  max?: number
  stall?: number
  at?: number
  /** The main thread's CPU time during the stall (ms, 10 ms resolution; Linux only). */
  cpu?: number
  hrtimeUs?: number
  wall?: number
}

async function main(): Promise<void> {
  const headless = join(ROOT, 'out', 'main', 'headless.js')
  if (values.built && !existsSync(headless)) throw new Error('Build the app first (npm run build), or run without --built')
  const dataDir = await mkdtemp(join(tmpdir(), 'csms-large-bench-'))
  const probeFile = join(dataDir, '..', `${basename(dataDir)}-probe.jsonl`)
  const samplesFile = join(dataDir, '..', `${basename(dataDir)}-samples.bin`)
  const profileDir = values['cpu-prof'] ? resolve(values['cpu-prof']) : undefined
  if (profileDir) await mkdir(profileDir, { recursive: true })
  const entry = values.built ? [headless] : ['--import', 'tsx', join(ROOT, 'src', 'main', 'headless.ts')]
  const csms = spawn(
    process.execPath,
    [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), '--import', PROBE, ...entry, '--headless', '--ocpp-host', '127.0.0.1', '--ocpp-port', '0', '--api-port', '0', '--files-host', '127.0.0.1', '--files-port', '0', '--ftp-port', '0', '--no-tls', '--data-dir', dataDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CSMS_CONFIG: '', CSMS_LOOP_PROBE: probeFile, TSX_TSCONFIG_PATH: 'tsconfig.node.json' } },
  )
  const csmsErrors: string[] = []
  csms.stderr!.on('data', (chunk: Buffer) => csmsErrors.push(...chunk.toString().split('\n').filter(Boolean)))
  const stations: LargeStation[] = []
  let events: WebSocket | undefined
  const profilesBefore = new Set(profileDir ? await readdir(profileDir) : [])
  try {
    const [ocpp, apiUrl] = (await waitForLines(csms, [/OCPP endpoint: (\S+)\/<charge point identity>/, /API: (\S+)/], 60_000)) as [string, string]
    // No GetConfiguration after every boot: the large ones are the benchmark's, sent on purpose.
    await api(apiUrl, 'updateSettings', { ocpp: { certificationMode: true } })
    await api(apiUrl, 'upsertIdTag', { idTag: 'LOADTAG', status: 'Accepted' })

    // A UI window: every event, counted.
    let eventBytes = 0
    let eventCount = 0
    events = new WebSocket(`${apiUrl.replace(/^http/, 'ws')}/events`, { perMessageDeflate: false })
    events.on('message', (data: Buffer) => {
      eventCount += 1
      eventBytes += data.length
    })
    await new Promise((r, j) => {
      events!.once('open', r)
      events!.once('error', j)
    })

    const keys = Number(values.keys)
    const periods = Number(values.periods)
    const configText = configurationAnswer(keys)
    const compositeText = compositeAnswer(periods)
    const bigConfig = await LargeStation.connect(ocpp, 'BIG-CONFIG', 'GetConfiguration', configText)
    const bigComposite = await LargeStation.connect(ocpp, 'BIG-COMPOSITE', 'GetCompositeSchedule', compositeText)
    stations.push(bigConfig, bigComposite)
    for (const station of stations) {
      await station.call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Large' })
      await station.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
    }

    const baselineSeconds = Number(values.baseline)
    const largeSeconds = Number(values.seconds)
    const every = Number(values.every) * 1000
    const generatorArgs = ['--url', ocpp, '--stations', values.stations!, '--rate', values.rate!, '--seconds', String(baselineSeconds + largeSeconds), '--prefix', 'LOAD', '--samples', samplesFile]
    const generator = spawn(process.execPath, ['--import', 'tsx', GENERATOR, ...generatorArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    let generatorOut = ''
    generator.stdout.on('data', (chunk: Buffer) => (generatorOut += chunk.toString()))
    const generatorDone = new Promise<number | null>((r) => generator.once('exit', r))

    // The generator connects, boots and warms up for 2 s before it measures.
    await new Promise((r) => setTimeout(r, 3000 + baselineSeconds * 1000))
    const largeFrom = now()
    const largeUntil = largeFrom + largeSeconds * 1000 - every / 2
    const steps: Step[] = []
    const answers: LargeAnswer[] = []
    const loop = async (kind: LargeAnswer['kind'], offset: number): Promise<void> => {
      await new Promise((r) => setTimeout(r, offset))
      for (let due = now(); due < largeUntil; due += every) {
        if (now() < due) await new Promise((r) => setTimeout(r, due - now()))
        answers.push(await largeRound(apiUrl, kind, steps))
      }
    }
    await Promise.all([loop('GetConfiguration', 0), loop('GetCompositeSchedule', every / 2)])
    const largeTo = now()
    const code = await generatorDone
    if (code !== 0) throw new Error(`the load generator exited with ${code}`)
    const report = JSON.parse(generatorOut.trim().split('\n').at(-1)!) as { answered: number; latencyMs: Latencies; unanswered: number; skippedTicks: number; messagesPerSecond: number; callErrors: number; byAction: Record<string, Latencies> }

    const raw = await readFile(samplesFile)
    const samples = new Float64Array(raw.buffer, raw.byteOffset, raw.byteLength / 8)
    const windows = answers.map((a) => [a.sentAt - AROUND_BEFORE_MS, a.readsDoneAt + AROUND_AFTER_MS] as const)
    const inWindow = (at: number, kind?: LargeAnswer['kind']): boolean => answers.some((a, i) => (!kind || a.kind === kind) && at >= windows[i]![0] && at < windows[i]![1])
    const pick = (keep: (at: number) => boolean): Latencies => {
      const list: number[] = []
      for (let i = 0; i < samples.length; i += 2) if (keep(samples[i]!)) list.push(samples[i + 1]!)
      return percentiles(list)
    }
    const stationLatency = {
      wholeRun: report.latencyMs,
      baseline: pick((at) => at < largeFrom),
      withLargeAnswers: pick((at) => at >= largeFrom && at < largeTo),
      aroundGetConfiguration: pick((at) => inWindow(at, 'GetConfiguration')),
      aroundGetCompositeSchedule: pick((at) => inWindow(at, 'GetCompositeSchedule')),
      outsideLargeAnswers: pick((at) => at >= largeFrom && at < largeTo && !inWindow(at)),
    }

    // Stop the CSMS (its profile is written on exit), then read the probe.
    const exited = new Promise((r) => csms.once('exit', r))
    csms.kill('SIGTERM')
    const kill = setTimeout(() => csms.kill('SIGKILL'), 20_000)
    await exited
    clearTimeout(kill)
    const probe = (await readFile(probeFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as ProbeRecord)
    const stallsIn = (from: number, to: number) => probe.filter((r) => r.stall !== undefined && r.at! >= from && r.at! < to)
    // A stall's work: the main thread's CPU time in it (no more than its length); its length where the probe could not tell.
    const work = (r: ProbeRecord): number => Math.min(r.stall!, r.cpu ?? r.stall!)
    const summarize = (records: ProbeRecord[]) => {
      const list = records.map((r) => r.stall!)
      return {
        count: list.length,
        over50ms: list.filter((s) => s > 50).length,
        max: Math.max(0, ...list),
        totalMs: Math.round(list.reduce((a, b) => a + b, 0)),
        /** Stalls in which the main thread itself ran over 50 ms (the rest: the process was waiting for a CPU). */
        workOver50ms: records.filter((r) => work(r) > 50).length,
        maxWorkMs: Math.max(0, ...records.map(work)),
        cpuMeasured: records.every((r) => r.cpu !== undefined),
      }
    }
    const seconds = probe.filter((r) => r.second !== undefined && r.second >= largeFrom && r.second < largeTo + 1000)
    const eventLoop = {
      baselineStalls: summarize(stallsIn(largeFrom - baselineSeconds * 1000, largeFrom)),
      largeStalls: summarize(stallsIn(largeFrom, largeTo + 1000)),
      worstSecondsMaxDelayMs: seconds.map((s) => s.max!).sort((a, b) => b - a).slice(0, 5),
      delayP99OfSecondsMedian: percentiles(seconds.map((s) => s.p99!)).p50,
    }
    const stepSummary = Object.fromEntries([...new Set(steps.map((s) => s.what))].map((what) => {
      const list = steps.filter((s) => s.what === what)
      return [what, { ...percentiles(list.map((s) => s.ms)), bytes: Math.max(...list.map((s) => s.bytes)) }]
    }))

    let profile: ReturnType<typeof busyStretches> | undefined
    let profileFile: string | undefined
    const clock = probe.find((r) => r.hrtimeUs !== undefined)
    if (profileDir && clock) {
      const toUs = (wall: number): number => clock.hrtimeUs! + (wall - clock.wall!) * 1000
      const added = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile') && !profilesBefore.has(f))
      if (added[0]) {
        profileFile = join(profileDir, added[0])
        profile = busyStretches(JSON.parse(await readFile(profileFile, 'utf8')) as CpuProfile, 5, { fromUs: toUs(largeFrom - baselineSeconds * 1000), toUs: toUs(largeTo) })
      }
    }

    const result = {
      at: new Date().toISOString(),
      label: values.label,
      machine: { cpus: cpus().length, node: process.version, loadAverage: loadavg() },
      options: { stations: Number(values.stations), rate: Number(values.rate), baselineSeconds, largeSeconds, everySeconds: every / 1000, keys, periods, built: values.built },
      answerBytes: { GetConfiguration: configText.length, GetCompositeSchedule: compositeText.length },
      largeAnswers: { count: answers.length, states: answers.map((a) => `${a.kind}:${a.state}`).filter((s, i, all) => all.indexOf(s) === i), roundTripMs: percentiles(answers.map((a) => a.answeredAt - a.sentAt)) },
      stationLatency,
      generator: { messagesPerSecond: report.messagesPerSecond, unanswered: report.unanswered, skippedTicks: report.skippedTicks, callErrors: report.callErrors },
      eventLoop,
      uiReads: stepSummary,
      events: { count: eventCount, bytes: eventBytes },
      cpuProfile: profile ? { file: profileFile, ...profile } : undefined,
      csmsErrorLines: csmsErrors.slice(0, 10),
    }
    await mkdir(values.out!, { recursive: true })
    const file = join(values.out!, `large-payloads${values.label ? `-${values.label}` : ''}.json`)
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)

    const ms = (v: number): string => `${v.toFixed(1)} ms`
    const row = (label: string, p: Latencies): string => `${label.padEnd(44)}${String(p.count).padStart(7)}  p50 ${ms(p.p50).padStart(9)}  p99 ${ms(p.p99).padStart(9)}  max ${ms(p.max).padStart(9)}`
    console.log(`${values.stations} stations × ${values.rate} msg/s; every ${every / 1000} s a GetConfiguration of ${keys.toLocaleString('en-US')} keys (${(configText.length / 1024).toFixed(0)} KiB) and a GetCompositeSchedule of ${periods.toLocaleString('en-US')} periods (${(compositeText.length / 1024).toFixed(0)} KiB); ${values.built ? 'built app' : 'sources (tsx)'}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
    console.log(row('ordinary stations, baseline (no large data)', stationLatency.baseline))
    console.log(row('ordinary stations, with large answers', stationLatency.withLargeAnswers))
    console.log(row('  around a GetConfiguration answer', stationLatency.aroundGetConfiguration))
    console.log(row('  around a GetCompositeSchedule answer', stationLatency.aroundGetCompositeSchedule))
    console.log(row('  outside them', stationLatency.outsideLargeAnswers))
    console.log(row('whole run (generator)', { ...report.latencyMs, count: report.answered }))
    console.log(`large answers: ${answers.length} (${result.largeAnswers.states.join(', ')}), sendCall round trip p50 ${ms(result.largeAnswers.roundTripMs.p50)} max ${ms(result.largeAnswers.roundTripMs.max)}; generator: ${report.unanswered} unanswered, ${report.skippedTicks} ticks skipped, ${report.callErrors} CALLERRORs`)
    const stall = (s: ReturnType<typeof summarize>): string =>
      `${s.count} stalls > 20 ms, ${s.over50ms} over 50 ms, longest ${ms(s.max)}, ${s.totalMs} ms in all; ${s.cpuMeasured ? `main thread on a CPU for over 50 ms in ${s.workOver50ms} of them, at most ${ms(s.maxWorkMs)} in one (10 ms resolution)` : 'main-thread CPU time not measured on this system'}`
    console.log(`CSMS event loop, baseline: ${stall(eventLoop.baselineStalls)}`)
    console.log(`CSMS event loop, with large answers: ${stall(eventLoop.largeStalls)}; worst seconds' max delay ${eventLoop.worstSecondsMaxDelayMs.map(ms).join(', ')}`)
    for (const [what, p] of Object.entries(stepSummary)) console.log(`  UI ${what.padEnd(36)} ${String(p.count).padStart(3)}×  p50 ${ms(p.p50).padStart(9)}  max ${ms(p.max).padStart(9)}  ${(p.bytes / 1024).toFixed(0)} KiB`)
    console.log(`events to the UI socket: ${eventCount} (${(eventBytes / 1024 / 1024).toFixed(1)} MiB)`)
    if (profile) {
      console.log(`CPU profile ${profileFile}; the longest busy stretches of the main thread (baseline and large answers; project functions, outermost first):`)
      for (const stretch of profile.stretches) {
        console.log(`  ${ms(stretch.ms)}:`)
        for (const f of stretch.top) console.log(`    ${ms(f.ms).padStart(9)}  ${f.fn}`)
        console.log(`    self: ${stretch.self.map((f) => `${f.fn} ${ms(f.ms)}`).join('; ')}`)
      }
      console.log('  most self time (baseline and large answers):')
      for (const f of profile.selfTop) console.log(`    ${ms(f.ms).padStart(9)}  ${f.fn}`)
    }
    if (csmsErrors.length) console.log(`CSMS stderr (${csmsErrors.length} lines): ${csmsErrors.slice(0, 3).join(' | ').slice(0, 400)}`)
    const p99 = stationLatency.withLargeAnswers.p99
    console.log(`ordinary stations' p99 with large answers ${ms(p99)}: ${p99 < P99_TARGET_MS ? 'under' : 'OVER'} the ${P99_TARGET_MS} ms target`)
    console.log(`written: ${file}`)
  } finally {
    events?.close()
    for (const station of stations) station.close()
    if (csms.exitCode === null) {
      csms.kill('SIGKILL')
      await new Promise((r) => csms.once('exit', r))
    }
    await rm(dataDir, { recursive: true, force: true })
    await rm(probeFile, { force: true })
    await rm(samplesFile, { force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
