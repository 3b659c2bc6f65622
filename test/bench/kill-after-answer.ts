/**
 * "Done" means durable, with real kills (issue 20 §2): `npm run bench:kill-answers -- [--rounds 20]
 * [--built]`. Each round starts the app headless on one data folder, makes one change through the
 * API (in turn: an id tag, a setting, a library charging profile, a reservation the station accepts,
 * a security setting), SIGKILLs the app the instant the answer arrives, starts it again and checks
 * the change is there. Prints how many of the rounds kept their change; exits 1 when any lost it.
 * A kill run, not a test: it takes a few seconds a round (README, Performance and durability).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startHeadless, type HeadlessApp } from '../support/headless-process'
import { ScriptedChargePoint } from '../support/scripted-charge-point'
import { api } from './bench-support'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, built: { type: 'boolean', default: false } } })
const rounds = Number(values.rounds)
const STATION = 'CP-KILL'

interface Change {
  what: string
  /** Makes the change; resolves when its answer arrived. */
  make(app: HeadlessApp, round: number): Promise<void>
  /** Whether the restarted app has it. */
  kept(app: HeadlessApp, round: number): Promise<boolean>
}

const changes: Change[] = [
  {
    what: 'an id tag',
    make: async (app, round) => void (await api(app.apiUrl, 'upsertIdTag', { idTag: `KILL-${round}`, status: 'Accepted' })),
    kept: async (app, round) => ((await api(app.apiUrl, 'listIdTags', {})) as { idTag: string }[]).some((t) => t.idTag === `KILL-${round}`),
  },
  {
    what: 'a setting',
    make: async (app, round) => void (await api(app.apiUrl, 'updateSettings', { ocpp: { heartbeatIntervalSec: 1000 + round } })),
    kept: async (app, round) => ((await api(app.apiUrl, 'getSettings', {})) as { ocpp: { heartbeatIntervalSec: number } }).ocpp.heartbeatIntervalSec === 1000 + round,
  },
  {
    what: 'a library charging profile',
    make: async (app, round) =>
      void (await api(app.apiUrl, 'saveChargingProfile', { name: `Kill ${round}`, profile: { chargingProfileId: round + 1, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } })),
    kept: async (app, round) => ((await api(app.apiUrl, 'listChargingProfiles', {})) as { name: string }[]).some((p) => p.name === `Kill ${round}`),
  },
  {
    what: 'a reservation the station accepted',
    make: async (app, round) => {
      const cp = await ScriptedChargePoint.connect(app.ocppUrl, STATION, { autoAnswer: (action) => (action === 'ReserveNow' ? { status: 'Accepted' } : {}) })
      await cp.boot()
      const expiryDate = new Date(Date.now() + 3_600_000).toISOString()
      await api(app.apiUrl, 'sendCall', { stationId: STATION, action: 'ReserveNow', payload: { connectorId: 1, expiryDate, idTag: 'KILL-TAG', reservationId: 9000 + round }, wait: true })
    },
    kept: async (app, round) => ((await api(app.apiUrl, 'listReservations', {})) as { reservationId: number; state: string }[]).some((r) => r.reservationId === 9000 + round && r.state === 'active'),
  },
  {
    what: 'a security setting',
    make: async (app, round) => void (await api(app.apiUrl, 'updateSettings', { security: { allowedHosts: [`depot-${round}.example`] } })),
    kept: async (app, round) => ((await api(app.apiUrl, 'getSettings', {})) as { security: { allowedHosts: string[] } }).security.allowedHosts.includes(`depot-${round}.example`),
  },
]

async function kill(app: HeadlessApp): Promise<void> {
  const exited = new Promise((resolve) => app.process.once('exit', resolve))
  app.process.kill('SIGKILL')
  await exited
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'csms-kill-answers-'))
  const options = { fromSource: !values.built }
  const lost: string[] = []
  try {
    let app = await startHeadless([], dir, options)
    await api(app.apiUrl, 'updateSettings', { ocpp: { fetchConfigurationAfterBoot: false } })
    await api(app.apiUrl, 'setRegistration', { stationId: STATION, status: 'Accepted' })
    for (let round = 0; round < rounds; round += 1) {
      const change = changes[round % changes.length]!
      await change.make(app, round)
      await kill(app) // the instant the answer arrived
      app = await startHeadless([], dir, options)
      const kept = await change.kept(app, round)
      if (!kept) lost.push(`round ${round + 1}: ${change.what}`)
      console.log(`round ${round + 1}/${rounds}: ${change.what} ${kept ? 'kept' : 'LOST'}`)
    }
    await app.stop()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  console.log(`${rounds - lost.length}/${rounds} changes kept after a SIGKILL at their answer${lost.length ? `; lost: ${lost.join(', ')}` : ''}`)
  if (lost.length > 0) process.exitCode = 1
}

await main()
