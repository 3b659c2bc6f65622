/**
 * The Smart Charging service for unit tests: in-memory storage (closed after each test), a fixed
 * clock at NOW, profile ids from 101 and a fake `send` that records what would go to the station.
 * Importing this file registers the afterEach that closes the stores.
 */
import { afterEach } from 'vitest'
import type { ProfileTemplate } from '@shared/contract/charging-dto'
import type { CallTask } from '@shared/contract/dto'
import { createOcppValidator } from '../../../../src/main/ocpp/validator'
import { EventBus } from '../../../../src/main/services/event-bus'
import { ChargingService, type ChargingServiceDeps } from '../../../../src/main/services/smart-charging/charging-service'
import { ChargingRepository } from '../../../../src/main/storage/charging-repository'
import { StateStore } from '../../../../src/main/storage/state-store'

export const NOW = Date.parse('2026-03-02T12:00:00.000Z')
export const iso = (ms: number): string => new Date(ms).toISOString()
const validator = createOcppValidator()
const stores: StateStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

/** A TxDefaultProfile of 16 A for an hour from NOW, without an id. */
export const template = (over: Partial<ProfileTemplate> = {}): ProfileTemplate =>
  ({
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: { chargingRateUnit: 'A', startSchedule: iso(NOW), duration: 3600, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    ...over,
  }) as ProfileTemplate

export interface SentCall {
  stationId: string
  action: string
  payload: { connectorId: number; csChargingProfiles: ProfileTemplate & { chargingProfileId: number } }
  warnings: string[]
}

/** The service with its repository, the events it emitted, the calls it sent and the lines it logged. */
export async function chargingService(over: Partial<ChargingServiceDeps> = {}) {
  const store = await StateStore.open({ logger: { warn: () => undefined, error: () => undefined } })
  stores.push(store)
  const repo = new ChargingRepository(store)
  const bus = new EventBus()
  const events: { name: string; data: unknown }[] = []
  bus.onAny((name, data) => void events.push({ name, data }))
  const sent: SentCall[] = []
  const warned: string[] = []
  let id = 100
  let tasks = 0
  const charging = new ChargingService({
    repo,
    bus,
    validator,
    send: (stationId, action, payload, warnings) => {
      sent.push({ stationId, action, payload: payload as SentCall['payload'], warnings })
      tasks += 1
      return { task: { id: `t${tasks}`, stationId, action, payload, state: 'sent', createdAt: iso(NOW) } }
    },
    warningsFor: () => ['a remark'],
    nextProfileId: async () => ++id,
    station: () => undefined,
    configuration: () => ({ stationId: 'CP1', keys: {}, unknownKeys: [] }) as never,
    voltage: () => 230,
    runningOn: () => undefined,
    now: () => NOW,
    log: { warn: (line: string) => void warned.push(line) },
    ...over,
  })
  return { charging, repo, events, sent, warned }
}

/** A CS→CP task the station answered (Accepted SetChargingProfile unless told otherwise). */
export function answered(over: Partial<CallTask>): CallTask {
  return { id: 'task-1', stationId: 'CP1', action: 'SetChargingProfile', payload: {}, state: 'answered', createdAt: iso(NOW), finishedAt: iso(NOW + 1000), response: { status: 'Accepted' }, ...over }
}
