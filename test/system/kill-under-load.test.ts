/**
 * Durability: the built app under load is killed with SIGKILL at random moments, again and again.
 * After every restart the data directory loads, every StartTransaction, StopTransaction and
 * MeterValues that got a CALLRESULT is there, and no transactionId, reservationId or local list
 * version was handed out twice. Rounds: CSMS_KILL_ROUNDS (default 20).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ListSend, TransactionDetail, TransactionPage } from '@shared/contract'
import { startHeadless, type HeadlessApp } from '../support/headless-process'

const ROUNDS = Number(process.env.CSMS_KILL_ROUNDS ?? 20)
const STATIONS = 4

interface Acked {
  starts: { key: string; transactionId: number }[]
  stops: number[]
  meterValues: { transactionId: number; value: string }[]
  reservationIds: number[]
  listVersions: number[]
}

async function api<T>(app: HeadlessApp, command: string, body: unknown): Promise<T> {
  const response = await fetch(`${app.apiUrl}/${command}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${command}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** One charge point running transactions until its socket dies; records what the CSMS acknowledged. */
function runStation(app: HeadlessApp, id: string, round: number, acked: Acked): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${app.ocppUrl}/${id}`, ['ocpp1.6'])
    let seq = 0
    const pending = new Map<string, (payload: Record<string, unknown>) => void>()
    const call = (action: string, payload: unknown) =>
      new Promise<Record<string, unknown>>((answer) => {
        const messageId = `${id}-${round}-${++seq}`
        pending.set(messageId, answer)
        socket.send(JSON.stringify([2, messageId, action, payload]))
      })
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as unknown[]
      if (frame[0] === 2) {
        // ReserveNow / SendLocalList / anything: accept.
        socket.send(JSON.stringify([3, frame[1], frame[2] === 'GetLocalListVersion' ? { listVersion: 0 } : { status: 'Accepted' }]))
        return
      }
      pending.get(frame[1] as string)?.(frame[0] === 3 ? (frame[2] as Record<string, unknown>) : {})
      pending.delete(frame[1] as string)
    })
    socket.on('close', () => resolve())
    socket.on('error', () => undefined)
    socket.on('open', async () => {
      try {
        await call('BootNotification', { chargePointVendor: 'Kill', chargePointModel: 'Test' })
        for (let n = 0; socket.readyState === WebSocket.OPEN; n += 1) {
          const key = `${id}/${round}/${n}`
          const start = await call('StartTransaction', { connectorId: 1, idTag: 'KILLTAG', meterStart: n, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, round * 1000 + n)).toISOString() })
          const transactionId = start.transactionId as number
          acked.starts.push({ key, transactionId })
          for (let m = 0; m < 3; m += 1) {
            const value = String(n * 10 + m)
            await call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value, unit: 'Wh' }] }] })
            acked.meterValues.push({ transactionId, value })
          }
          await call('StopTransaction', { transactionId, meterStop: n + 100, timestamp: new Date().toISOString(), reason: 'Local' })
          acked.stops.push(transactionId)
        }
      } catch {
        // The CSMS died under us: what was acknowledged is recorded.
      }
    })
  })
}

describe('durability: SIGKILL under load', () => {
  let dataDir: string | undefined
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it(`${ROUNDS} kills at random moments lose nothing acknowledged and never hand out an id twice`, { timeout: 60_000 + ROUNDS * 15_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-kill-'))
    const acked: Acked = { starts: [], stops: [], meterValues: [], reservationIds: [], listVersions: [] }
    for (let round = 0; round < ROUNDS; round += 1) {
      const app = await startHeadless([], dataDir)
      if (round === 0) {
        await api(app, 'updateSettings', { ocpp: { certificationMode: true } })
        await api(app, 'upsertIdTag', { idTag: 'KILLTAG', status: 'Accepted' })
      }
      const stations = Array.from({ length: STATIONS }, (_, i) => runStation(app, `KILL-${i}`, round, acked))
      // Ids handed out by the operator side too, while the stations run.
      await new Promise((r) => setTimeout(r, 200))
      const reserve = api<{ payload: { reservationId: number } }>(app, 'reserveNow', { stationId: 'KILL-0', connectorId: 2, idTag: 'KILLTAG', expiryDate: new Date(Date.now() + 3_600_000).toISOString() })
        .then((task) => acked.reservationIds.push(task.payload.reservationId))
        .catch(() => undefined)
      const list = api<{ sends: ListSend[] }>(app, 'sendLocalList', { stationIds: ['KILL-1'], entries: [{ idTag: 'KILLTAG', idTagInfo: { status: 'Accepted' } }], updateType: 'Full' })
        .then((result) => acked.listVersions.push(...result.sends.flatMap((s) => s.chunks.map((c) => c.listVersion))))
        .catch(() => undefined)
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200))
      app.process.kill('SIGKILL')
      await new Promise((r) => app.process.once('exit', r))
      await Promise.all([...stations, reserve, list])
    }

    const app = await startHeadless([], dataDir)
    try {
      const all: TransactionPage['items'] = []
      for (let offset = 0; ; offset += 1000) {
        const page = await api<TransactionPage>(app, 'listTransactions', { offset, limit: 1000 })
        all.push(...page.items)
        if (all.length >= page.total) break
      }
      const byId = new Map(all.filter((t) => !t.orphan).map((t) => [t.transactionId, t]))
      expect(acked.starts.length).toBeGreaterThan(ROUNDS)
      // Every acknowledged start is there, under the id it was given; different starts never share an id.
      expect(new Set(acked.starts.map((s) => s.transactionId)).size).toBe(acked.starts.length)
      for (const start of acked.starts) expect(byId.has(start.transactionId), `transaction ${start.transactionId} (${start.key})`).toBe(true)
      for (const id of acked.stops) expect(byId.get(id)?.stop, `stop of ${id}`).toBeDefined()
      const sampled = new Map<number, Set<string>>()
      for (const id of new Set(acked.meterValues.map((m) => m.transactionId))) {
        const detail = await api<TransactionDetail>(app, 'getTransaction', { transactionId: id })
        sampled.set(id, new Set(detail.meterValues.flatMap((b) => b.meterValue.flatMap((mv) => mv.sampledValue.map((s) => s.value)))))
      }
      for (const m of acked.meterValues) expect(sampled.get(m.transactionId)?.has(m.value), `meter value ${m.value} of ${m.transactionId}`).toBe(true)
      expect(new Set(acked.reservationIds).size).toBe(acked.reservationIds.length)
      expect(new Set(acked.listVersions).size).toBe(acked.listVersions.length)
    } finally {
      await app.stop()
    }
  })
})
