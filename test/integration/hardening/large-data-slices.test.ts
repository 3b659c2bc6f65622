/**
 * Issue 18 §3: large but valid station data never stalls the others. While one station answers a
 * GetConfiguration with 12,000 keys and another a GetCompositeSchedule with 29,000 periods, an
 * ordinary station's Heartbeat is answered before that work is done; the charging view of such a
 * report and a message-log page of such frames are built the same way. Real sockets; no clocks:
 * the CSMS's sliced work runs on an injected scheduler whose every yield lets the ordinary station
 * send a Heartbeat and waits for its answer, so "answered meanwhile" is an order of events.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask, LogPage, StationChargingView } from '@shared/contract'
import { useSliceScheduler, type SliceScheduler } from '../../../src/main/util/time-slices'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const KEYS = 12_000
const PERIODS = 29_000
const STEP = 3

const configurationAnswer = {
  configurationKey: Array.from({ length: KEYS }, (_, i) => ({ key: `K${String(i).padStart(5, '0')}`, readonly: i % 3 === 0, value: String(i % 10) })),
}

function compositeAnswer(): unknown {
  const chargingSchedulePeriod = Array.from({ length: PERIODS }, (_, i) => ({ startPeriod: i * STEP, limit: 6 + (i % 26) }))
  return { status: 'Accepted', connectorId: 1, scheduleStart: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), chargingSchedule: { duration: PERIODS * STEP, chargingRateUnit: 'A', chargingSchedulePeriod } }
}

let h: Harness | undefined
let restore: (() => void) | undefined

afterEach(async () => {
  restore?.()
  restore = undefined
  await h?.stop()
  h = undefined
})

/**
 * The CSMS's sliced work yields through this: at each of the first `heartbeats` yields the ordinary
 * station sends a Heartbeat and the work goes on once it is answered; later yields just give the
 * event loop a turn. `now` counts, so a budget of N is N looks at the clock (no timing).
 */
function heartbeatAtYields(ordinary: ScriptedChargePoint, events: string[], heartbeats = 3): SliceScheduler & { yields: number } {
  let clock = 0
  let inFlight = false
  const scheduler = {
    yields: 0,
    now: () => (clock += 1),
    yield: async () => {
      scheduler.yields += 1
      if (inFlight || heartbeats === 0) return new Promise<void>((resolve) => setImmediate(resolve))
      heartbeats -= 1
      inFlight = true
      const answer = await ordinary.call('Heartbeat', {})
      inFlight = false
      events.push(answer[0] === 3 ? 'heartbeat answered' : 'heartbeat refused')
    },
  }
  return scheduler
}

function finished(harness: Harness, taskId: string, events: string[], label: string): Promise<CallTask> {
  return new Promise((resolve) => {
    const off = harness.csms.bus.on('taskUpdated', (task) => {
      if (task.id === taskId && task.finishedAt) {
        off()
        events.push(label)
        resolve(task)
      }
    })
  })
}

/** Sends `action` to `station` through the API and has the station answer `answer`; resolves when the task is finished. */
async function largeAnswer(harness: Harness, station: ScriptedChargePoint, action: string, payload: unknown, answer: unknown, events: string[]): Promise<CallTask> {
  const incoming = station.nextCall(action)
  const task = await harness.invoke<CallTask>('sendCall', { stationId: station.identity, action, payload })
  const call = await incoming
  const done = finished(harness, task.id, events, `${action} finished`)
  events.push(`${action} sent`)
  station.answer(call, answer)
  return done
}

const before = (events: string[], first: string, second: string): boolean => events.includes(first) && events.indexOf(first) < events.indexOf(second)

describe('large but valid answers are handled in slices: the other stations are answered meanwhile', () => {
  it('while one station answers a 12,000-key GetConfiguration and another a 29,000-period composite, an ordinary station’s Heartbeat is answered before that work is done', async () => {
    h = await startHarness()
    const config = await h.booted('BIG-CONFIG')
    const composite = await h.booted('BIG-COMPOSITE')
    const ordinary = await h.booted('ORDINARY')
    const events: string[] = []
    restore = useSliceScheduler(heartbeatAtYields(ordinary, events))

    const [configTask, compositeTask] = await Promise.all([
      largeAnswer(h, config, 'GetConfiguration', {}, configurationAnswer, events),
      largeAnswer(h, composite, 'GetCompositeSchedule', { connectorId: 1, duration: PERIODS * STEP, chargingRateUnit: 'A' }, compositeAnswer(), events),
    ])

    expect(configTask.state).toBe('answered')
    expect(compositeTask.state).toBe('answered')
    // Answered after the large answers arrived and before their work was done.
    expect(events.indexOf('heartbeat answered')).toBeGreaterThan(events.indexOf('GetConfiguration sent'))
    expect(events.indexOf('heartbeat answered')).toBeGreaterThan(events.indexOf('GetCompositeSchedule sent'))
    expect(before(events, 'heartbeat answered', 'GetConfiguration finished')).toBe(true)
    expect(before(events, 'heartbeat answered', 'GetCompositeSchedule finished')).toBe(true)
    // The work itself came out whole: the snapshot keeps its 1,000 keys and says so, the report its 10,000 periods.
    const snapshot = await h.invoke<{ keys: Record<string, unknown>; truncated?: string[] }>('getConfigurationSnapshot', { stationId: 'BIG-CONFIG' })
    expect(Object.keys(snapshot.keys)).toHaveLength(1000)
    expect(snapshot.truncated?.join()).toMatch(/11,000 more keys/)
    expect(h.csms.storage.charging.reported('BIG-COMPOSITE')['1']?.chargingSchedule?.chargingSchedulePeriod).toHaveLength(10_000)
  })

  it('the charging view of a 29,000-period report is built in slices, says what it cut, and a Heartbeat is answered before it is ready', async () => {
    h = await startHarness()
    const composite = await h.booted('BIG-COMPOSITE')
    const ordinary = await h.booted('ORDINARY')
    await largeAnswer(h, composite, 'GetCompositeSchedule', { connectorId: 1, duration: PERIODS * STEP, chargingRateUnit: 'A' }, compositeAnswer(), [])
    const events: string[] = []
    restore = useSliceScheduler(heartbeatAtYields(ordinary, events))

    const view = await h.invoke<StationChargingView>('getChargingView', { stationId: 'BIG-COMPOSITE' }).then((v) => {
      events.push('view ready')
      return v
    })

    expect(before(events, 'heartbeat answered', 'view ready')).toBe(true)
    const connector = view.connectors.find((c) => c.connectorId === 1)!
    expect(connector.reported?.viewPeriods?.length).toBeLessThanOrEqual(10_000)
    expect(connector.reported?.differences.length).toBeLessThanOrEqual(1_000)
    const notes = connector.truncated?.join(' ') ?? ''
    expect(notes).toMatch(/29,000 periods/)
    expect(notes).toMatch(/differs from the CSMS's composite in [\d,]+ places: the first 1,000 are listed/)
  })

  it('a message-log page of megabyte answers is built in slices, shows them by size, and a Heartbeat is answered before it is ready', async () => {
    h = await startHarness()
    const config = await h.booted('BIG-CONFIG')
    const ordinary = await h.booted('ORDINARY')
    for (let i = 0; i < 12; i += 1) await largeAnswer(h, config, 'GetConfiguration', {}, configurationAnswer, [])
    const events: string[] = []
    restore = useSliceScheduler(heartbeatAtYields(ordinary, events))

    const page = await h.invoke<LogPage>('queryLog', { stationId: 'BIG-CONFIG', limit: 100 }).then((p) => {
      events.push('page ready')
      return p
    })

    expect(before(events, 'heartbeat answered', 'page ready')).toBe(true)
    const large = page.entries.filter((e) => e.kind === 'CALLRESULT' && e.action === 'GetConfiguration')
    expect(large).toHaveLength(12)
    for (const entry of large) {
      expect(entry.payload).toBeUndefined()
      expect(entry.payloadOmitted?.bytes).toBeGreaterThan(500_000)
      expect(entry.payloadOmitted?.preview.startsWith('{"configurationKey":[{"key":"K00000"')).toBe(true)
    }
  })

  it('a command history of 100 answers of 60 KiB each goes out over HTTP in slices, and a Heartbeat is answered before it is complete', async () => {
    h = await startHarness()
    const config = await h.booted('MID-CONFIG')
    const ordinary = await h.booted('ORDINARY')
    // Just under the 64 KiB a task keeps whole.
    const sixtyKiB = { configurationKey: Array.from({ length: 900 }, (_, i) => ({ key: `Key${String(i).padStart(4, '0')}`, readonly: false, value: 'v'.repeat(20) })) }
    for (let i = 0; i < 100; i += 1) await largeAnswer(h, config, 'GetConfiguration', {}, sixtyKiB, [])
    const events: string[] = []
    restore = useSliceScheduler(heartbeatAtYields(ordinary, events))

    const answer = await h.http('listTasks', { limit: 200 }).then((a) => {
      events.push('history received')
      return a
    })

    expect(answer.status).toBe(200)
    expect((answer.body as CallTask[]).filter((t) => t.action === 'GetConfiguration' && t.response !== undefined && t.responseOmitted === undefined)).toHaveLength(100)
    expect(before(events, 'heartbeat answered', 'history received')).toBe(true)
  })

  it('a large answer’s effects are in place before the same station’s next frame is handled (slicing never reorders a station’s frames)', async () => {
    h = await startHarness()
    const config = await h.booted('BIG-CONFIG')
    restore = useSliceScheduler({ now: () => 0, yield: () => new Promise<void>((resolve) => setImmediate(resolve)) })
    const logged = (): number => h!.csms.storage.messageLog.stats().count
    let loggedWhenApplied = -1

    const incoming = config.nextCall('GetConfiguration')
    await h.invoke<CallTask>('sendCall', { stationId: 'BIG-CONFIG', action: 'GetConfiguration', payload: {} })
    const call = await incoming
    // The answer's effect: the snapshot it makes, announced once it is stored.
    const applied = new Promise<number>((resolve) => {
      const off = h!.csms.bus.on('configurationUpdated', (snapshot) => {
        if (snapshot.stationId !== 'BIG-CONFIG') return
        off()
        loggedWhenApplied = logged()
        resolve(Object.keys(snapshot.keys).length)
      })
    })
    // The large answer and, right behind it on the same socket, a Heartbeat.
    config.answer(call, configurationAnswer)
    const heartbeat = await config.call('Heartbeat', {})

    expect(heartbeat[0]).toBe(3)
    expect(await applied).toBe(1000)
    const page = await h.invoke<LogPage>('queryLog', { stationId: 'BIG-CONFIG', limit: 10 })
    const answer = page.entries.find((e) => e.kind === 'CALLRESULT' && e.action === 'GetConfiguration')!
    const heartbeatCall = page.entries.find((e) => e.kind === 'CALL' && e.action === 'Heartbeat')!
    expect(answer.seq).toBeLessThan(heartbeatCall.seq)
    // When the answer's snapshot was stored, the Heartbeat behind it had not been read yet.
    expect(heartbeatCall.seq).toBeGreaterThan(loggedWhenApplied)
  })
})
