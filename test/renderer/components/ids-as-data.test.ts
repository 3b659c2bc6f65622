/**
 * Issue 17 §3 in the renderer: station ids and configuration keys that name Object.prototype members
 * (`__proto__`, `constructor`, `toString`, …) are shown and used like any other id. What main sends
 * arrives as JSON, so the objects here are parsed from JSON text, as the transports deliver them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CommandArgs, ConfigurationSnapshot, StationSummary } from '@shared/contract'
import { setClient } from '@renderer/api'
import ChangeConfigurationForm from '@renderer/components/operations/core/ChangeConfigurationForm.vue'
import SendListDialog from '@renderer/components/local-lists/SendListDialog.vue'
import SendProfileDialog from '@renderer/components/charging/SendProfileDialog.vue'
import { useStationsStore } from '@renderer/stores/stations'
import { useTasksStore } from '@renderer/stores/tasks'
import { FakeClient } from '../fake-client'
import { station, task } from '../fixtures'
import { template } from '../charging-fixtures'
import { authEntry, authList, chunk, listSend, stationList } from '../local-list-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

/** The same names as test/support/prototype-names.ts (that folder is outside the renderer's project). */
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf', '__defineGetter__', 'toJSON']
const AT = '2024-05-01T12:00:00.000Z'
/** As it arrives over the wire: JSON text parsed (an own `__proto__` property included). */
const wire = <T,>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T
const connectors = (...ids: number[]) => Object.fromEntries(ids.map((id) => [String(id), { connectorId: id, status: 'Available', errorCode: 'NoError', receivedAt: AT }]))

let client: FakeClient
let wrapper: VueWrapper | undefined

beforeEach(() => {
  client = new FakeClient()
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const q = (testid: string): HTMLElement | null => document.querySelector(`[data-testid="${testid}"]`)
async function click(testid: string): Promise<void> {
  const el = q(testid)
  if (!el) throw new Error(`no element ${testid}`)
  el.click()
  await flush()
}
async function typeIn(input: HTMLInputElement, value: string): Promise<void> {
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flush()
}

describe('ids are data in the renderer', () => {
  it('ChangeConfiguration knows only the keys the station reported, whatever their names', async () => {
    // The station reported one hostile key (constructor) and an ordinary one.
    const snapshot = wire<ConfigurationSnapshot>({
      stationId: 'CP1',
      keys: Object.fromEntries([
        ['constructor', { key: 'constructor', value: 'c-value', readonly: true, updatedAt: AT, source: 'GetConfiguration' }],
        ['HeartbeatInterval', { key: 'HeartbeatInterval', value: '300', readonly: false, updatedAt: AT, source: 'GetConfiguration' }],
      ]),
      unknownKeys: [],
      fullFetchAt: AT,
    })
    client.handle('getConfigurationSnapshot', () => snapshot).handle('checkCall', () => ({ sendable: true, violations: [], warnings: [] }))
    ;({ wrapper } = await mountWithApp(ChangeConfigurationForm, { stationId: 'CP1', online: true }))
    await flush()
    const key = q('op-field-key') as HTMLInputElement
    for (const name of NAMES.filter((n) => n !== 'constructor')) {
      await typeIn(key, name)
      expect(q('op-key-info')?.textContent, name).toContain('Not in the known configuration')
      expect(q('op-current-value'), name).toBeNull()
    }
    await typeIn(key, 'constructor')
    expect(q('op-current-value')?.textContent).toBe('c-value')
    expect(q('op-key-info')?.textContent).toContain('Read-only key')
  })

  it('the profile send lists stations of any name with their own connectors, and a connector typed for one stays with it', async () => {
    const stations = wire<StationSummary[]>(NAMES.map((id, i) => station(id, true, { connectors: connectors(...Array.from({ length: i + 1 }, (_, c) => c + 1)) })))
    client.handle('listStations', () => stations)
    client.handle('listTransactions', () => ({ items: [], total: 0 }))
    client.handle('checkChargingProfile', () => ({ violations: [], warnings: [] }))
    ;({ wrapper } = await mountWithApp(SendProfileDialog, { show: true, profile: template(), name: 'p' }))
    await flush()
    await flush()
    for (const [i, id] of NAMES.entries()) {
      expect(q(`send-station-${id}`), id).not.toBeNull()
      expect(q(`send-target-${id}-${i + 1}`), `${id} connector ${i + 1}`).not.toBeNull()
      expect(q(`send-target-${id}-${i + 2}`), `${id} connector ${i + 2}`).toBeNull()
    }
    const extra = q('send-extra-constructor') as HTMLInputElement
    await typeIn(extra, '42')
    await click('send-extra-add-constructor')
    expect(q('send-target-constructor-42')).not.toBeNull()
    for (const id of NAMES.filter((n) => n !== 'constructor')) expect(q(`send-target-${id}-42`), id).toBeNull()
  })

  it('the local list send shows each station of any name with no error it does not have', async () => {
    client.handle('listStations', () => wire(NAMES.map((id) => station(id, true))))
    client.handle('listAuthLists', () => [authList('list-1', 'Depot', [authEntry('TAG-1')])])
    client.handle('getStationLocalList', (args) => stationList(args.stationId))
    client.handle('sendLocalList', (args: CommandArgs<'sendLocalList'>) => ({ sends: args.stationIds.map((stationId, i) => listSend(`send-${i}`, stationId, { chunks: [chunk(1, 'Full', 1, undefined, `t-${i}`)] })) }))
    ;({ wrapper } = await mountWithApp(SendListDialog, { show: true, name: 'Depot', listId: 'list-1' }))
    await flush()
    await flush()
    for (const id of NAMES) await click(`send-list-station-${id}`)
    ;(q('send-list-submit') as HTMLButtonElement).click()
    await flush()
    await flush()
    for (const id of NAMES) {
      const row = q(`send-list-row-${id}`)
      expect(row, id).not.toBeNull()
      expect(row!.querySelector('.error'), `error shown for ${id}`).toBeNull()
      expect(row!.textContent).not.toContain('native code')
    }
  })

  it('the stations and tasks stores keep stations of any name apart, from the snapshot and from events', async () => {
    client.handle('listStations', () => wire(NAMES.map((id) => station(id, false))))
    ;({ wrapper } = await mountWithApp(SendListDialog, { show: false, name: 'x' }))
    const stations = useStationsStore()
    await stations.load()
    expect(stations.list.map((s) => s.id).sort()).toEqual([...NAMES].sort())
    for (const id of NAMES) client.emit('stationUpdated', station(id, true, { boot: { chargePointVendor: id, chargePointModel: 'm', receivedAt: AT } }))
    for (const id of NAMES) expect(stations.get(id)?.boot?.chargePointVendor, id).toBe(id)
    expect(stations.get('nobody')).toBeUndefined()
    const tasks = useTasksStore()
    for (const id of NAMES) tasks.upsert(task(id, 'queued', { stationId: id }))
    for (const id of NAMES) expect(tasks.get(id)?.stationId, id).toBe(id)
    expect(tasks.get('hasOwnProperty')?.id).toBe('hasOwnProperty')
  })
})
