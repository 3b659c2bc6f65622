import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Component } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import type { CallCheck, ProfileCheck, StationDetail, TransactionSummary } from '@shared/contract'
import { setClient } from '@renderer/api'
import { OPERATIONS, operationSelectOptions } from '@renderer/components/operations/operation-registry'
import ClearChargingProfileForm from '@renderer/components/operations/smart-charging/ClearChargingProfileForm.vue'
import GetCompositeScheduleForm from '@renderer/components/operations/smart-charging/GetCompositeScheduleForm.vue'
import SetChargingProfileForm from '@renderer/components/operations/smart-charging/SetChargingProfileForm.vue'
import RemoteStartTransactionForm from '@renderer/components/operations/core/RemoteStartTransactionForm.vue'
import { FakeClient } from '../fake-client'
import { station, task } from '../fixtures'
import { chargingProfile, chargingView, installed, libraryEntry } from '../charging-view-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let callCheck: CallCheck
let profileCheck: ProfileCheck

const TX_DEFAULT = libraryEntry('lib-default', 'Depot 16 A')
const TX_PROFILE = libraryEntry('lib-tx', 'Boost then 10 A', {
  chargingProfilePurpose: 'TxProfile',
  chargingProfileKind: 'Relative',
  transactionId: 999,
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }] },
})

function detail(): StationDetail {
  return {
    ...station('CP1', true, {
      connectors: {
        '0': { connectorId: 0, status: 'Available', errorCode: 'NoError', receivedAt: '2024-05-01T12:00:00.000Z' },
        '1': { connectorId: 1, status: 'Charging', errorCode: 'NoError', receivedAt: '2024-05-01T12:00:00.000Z' },
        '2': { connectorId: 2, status: 'Available', errorCode: 'NoError', receivedAt: '2024-05-01T12:00:00.000Z' },
      },
    }),
    passwordSet: false,
    recentViolations: [],
    effective: { heartbeatIntervalSec: 300, pingIntervalSec: 0, callTimeoutSec: 30, lenient: false, nominalVoltage: 230 },
  }
}

function transaction(id: number, connectorId: number): TransactionSummary {
  return {
    transactionId: id,
    stationId: 'CP1',
    connectorId,
    idTag: 'TAG-1',
    idTagInfo: { status: 'Accepted' },
    meterStart: 0,
    startTimestamp: '2024-05-01T12:00:00.000Z',
    receivedAt: '2024-05-01T12:00:00.000Z',
    active: true,
  }
}

beforeEach(() => {
  callCheck = { sendable: true, violations: [], warnings: [] }
  profileCheck = { violations: [], warnings: [] }
  client = new FakeClient()
  client
    .handle('checkCall', () => callCheck)
    .handle('checkChargingProfile', () => profileCheck)
    .handle('sendCall', (args) => task('t1', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
    .handle('sendChargingProfile', () => ({ tasks: [task('set-1', 'queued', { action: 'SetChargingProfile', payload: {} })] }))
    .handle('getStation', () => detail())
    .handle('listTransactions', () => ({ items: [transaction(12, 1)], total: 1 }))
    .handle('listIdTags', () => [])
    .handle('listChargingProfiles', () => [TX_DEFAULT, TX_PROFILE])
    .handle('newChargingProfileId', () => ({ chargingProfileId: 900 }))
    .handle('getChargingView', () =>
      chargingView({
        installed: [
          installed(1, chargingProfile(41, { stackLevel: 2 })),
          installed(0, chargingProfile(7, { chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 0 })),
        ],
      }),
    )
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

/** Past the check's debounce, with its answer rendered. */
const settle = async (): Promise<void> => {
  await new Promise((r) => setTimeout(r, 320))
  await flush()
}

async function open(form: Component, props: Record<string, unknown> = {}): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(form, { stationId: 'CP1', online: true, ...props }))
  await flush()
  return wrapper
}

const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const sendButton = (w: VueWrapper) => byTestId(w, 'op-send')
const preview = (w: VueWrapper) => JSON.parse(w.find('pre[data-testid="op-payload-preview"]').text()) as unknown

async function type(w: VueWrapper, name: string, value: string): Promise<void> {
  await byTestId(w, `op-field-${name}`).setValue(value)
  await flush()
}

async function click(w: VueWrapper, testid: string): Promise<void> {
  await byTestId(w, testid).trigger('click')
  await flush()
}

async function choose(w: VueWrapper, testid: string): Promise<void> {
  await w.find(`[data-testid="${testid}"] input`).trigger('change')
  await flush()
}

/** Picks a library entry in the op-profile-library select, as a click on its option would. */
async function pickLibrary(w: VueWrapper, id: string): Promise<void> {
  const select = w.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'op-profile-library')
  if (!select) throw new Error('no library select')
  select.vm.$emit('update:value', id)
  await flush()
  await flush()
}

async function sendWith(w: VueWrapper, command: 'sendCall' | 'sendChargingProfile'): Promise<unknown[]> {
  await settle()
  expect(sendButton(w).attributes('disabled')).toBeUndefined()
  await sendButton(w).trigger('click')
  await flush()
  return client.callsOf(command)
}

describe('SetChargingProfile goes through sendChargingProfile with one target, so main allocates the id', () => {
  it('sends a library profile to connector 0 with its libraryId and no chargingProfileId (auto)', async () => {
    const w = await open(SetChargingProfileForm)
    await click(w, 'op-pick-connectorId-0')
    await pickLibrary(w, 'lib-default')
    expect(byTestId(w, 'op-profile-summary').text()).toContain('TxDefaultProfile · stack 1 · Absolute · unit A')
    expect(byTestId(w, 'op-profile-summary').text()).toContain('10 min → 10 A')
    // A TxDefaultProfile has no transaction to choose.
    expect(byTestId(w, 'op-field-transactionMode').exists()).toBe(false)
    expect(await sendWith(w, 'sendChargingProfile')).toEqual([
      { targets: [{ stationId: 'CP1', connectorId: 0 }], profile: TX_DEFAULT.profile, libraryId: 'lib-default' },
    ])
    expect(client.callsOf('sendCall')).toEqual([])
  })

  it('passes a typed chargingProfileId and anchorNow', async () => {
    const w = await open(SetChargingProfileForm)
    await type(w, 'connectorId', '2')
    await pickLibrary(w, 'lib-default')
    await type(w, 'chargingProfileId', '77')
    await click(w, 'op-field-anchorNow')
    expect(await sendWith(w, 'sendChargingProfile')).toEqual([
      { targets: [{ stationId: 'CP1', connectorId: 2 }], profile: TX_DEFAULT.profile, libraryId: 'lib-default', chargingProfileId: 77, anchorNow: true },
    ])
  })

  it('a TxProfile targets the connector’s running transaction by default, a picked one, or none', async () => {
    const pasted = { stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] } }
    const w = await open(SetChargingProfileForm)
    await type(w, 'connectorId', '1')
    await choose(w, 'op-profile-source-json')
    await type(w, 'profile', JSON.stringify(pasted))
    expect(byTestId(w, 'op-field-transactionMode').text()).toContain('Connector’s running')
    expect(w.text()).toContain('now 12')
    await settle()
    // The check sees the profile as it will go: the running transaction filled in.
    expect(client.callsOf('checkChargingProfile').at(-1)).toEqual({
      profile: { ...pasted, transactionId: 12 },
      stationId: 'CP1',
      connectorId: 1,
      usage: 'SetChargingProfile',
    })
    await sendWith(w, 'sendChargingProfile')
    await choose(w, 'op-field-transactionMode-id')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await click(w, 'op-pick-transactionId-12')
    await sendWith(w, 'sendChargingProfile')
    await choose(w, 'op-field-transactionMode-none')
    const calls = (await sendWith(w, 'sendChargingProfile')) as { transactionId?: unknown; profile: unknown }[]
    expect(calls.map((c) => c.transactionId)).toEqual(['running', 12, null])
    expect(calls[0]!.profile).toEqual(pasted)
  })

  it('shows checkChargingProfile warnings and still sends; shows the resulting task as it progresses', async () => {
    profileCheck = { violations: [], warnings: ['stackLevel 9 is above ChargeProfileMaxStackLevel 3'] }
    const w = await open(SetChargingProfileForm, { prefill: { connectorId: 1, libraryId: 'lib-default' } })
    await settle()
    expect(byTestId(w, 'op-warnings').text()).toContain('ChargeProfileMaxStackLevel 3')
    expect(await sendWith(w, 'sendChargingProfile')).toHaveLength(1)
    expect(byTestId(w, 'op-result').text()).toContain('queued')
    client.emit('taskUpdated', task('set-1', 'answered', { action: 'SetChargingProfile', payload: { connectorId: 1, csChargingProfiles: { chargingProfileId: 501 } }, response: { status: 'Accepted' } }))
    await flush()
    const result = byTestId(w, 'op-result').text()
    expect(result).toContain('"status": "Accepted"')
    expect(result).toContain('"chargingProfileId": 501')
  })

  it('a schema violation disables Send; a JSON error says what is wrong', async () => {
    const w = await open(SetChargingProfileForm, { prefill: { connectorId: 1 } })
    await choose(w, 'op-profile-source-json')
    await type(w, 'profile', '{ "stackLevel": ')
    expect(w.text()).toContain('profile: invalid JSON')
    expect(byTestId(w, 'op-missing').exists()).toBe(true)
    profileCheck = { violations: [{ code: 'FormationViolation', path: '/chargingSchedule', message: 'must have required property' }], warnings: [] }
    await type(w, 'profile', '{ "stackLevel": 0 }')
    await settle()
    expect(byTestId(w, 'op-violations').text()).toContain('FormationViolation /chargingSchedule')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
  })
})

describe('ClearChargingProfile: by id, by criteria, or everything', () => {
  it('by id offers the installed profiles and sends the id alone', async () => {
    const w = await open(ClearChargingProfileForm)
    expect(byTestId(w, 'op-pick-id-41').text()).toBe('#41 · TxDefault L2 · c1')
    expect(byTestId(w, 'op-pick-id-7').text()).toBe('#7 · ChargePointMax L0 · c0')
    await click(w, 'op-pick-id-41')
    expect(await sendWith(w, 'sendCall')).toEqual([{ stationId: 'CP1', action: 'ClearChargingProfile', payload: { id: 41 }, wait: false }])
  })

  it('by criteria sends connectorId, purpose and stackLevel (TC_067 clear #2), and only those given', async () => {
    const w = await open(ClearChargingProfileForm)
    await choose(w, 'op-clear-mode-criteria')
    await click(w, 'op-pick-connectorId-1')
    await choose(w, 'op-field-chargingProfilePurpose-TxDefaultProfile')
    await type(w, 'stackLevel', '2')
    expect(preview(w)).toEqual({ connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 })
    await type(w, 'connectorId', '')
    await choose(w, 'op-field-chargingProfilePurpose-any')
    expect(await sendWith(w, 'sendCall')).toEqual([{ stationId: 'CP1', action: 'ClearChargingProfile', payload: { stackLevel: 2 }, wait: false }])
  })

  it('everything sends {} with every field omitted (TC_067 clear #3)', async () => {
    const w = await open(ClearChargingProfileForm, { prefill: { id: 41 } })
    await choose(w, 'op-clear-mode-all')
    expect(byTestId(w, 'op-clear-all-note').exists()).toBe(true)
    expect(await sendWith(w, 'sendCall')).toEqual([{ stationId: 'CP1', action: 'ClearChargingProfile', payload: {}, wait: false }])
  })

  it('an id nobody knows is warned about and sent', async () => {
    callCheck = { sendable: true, violations: [], warnings: ['No profile 5000 is known on CP1'] }
    const w = await open(ClearChargingProfileForm)
    await type(w, 'id', '5000')
    await settle()
    expect(byTestId(w, 'op-warnings').text()).toContain('No profile 5000')
    expect(await sendWith(w, 'sendCall')).toEqual([{ stationId: 'CP1', action: 'ClearChargingProfile', payload: { id: 5000 }, wait: false }])
  })
})

describe('GetCompositeSchedule', () => {
  it('sends connector 0 without a unit when “not sent” is chosen', async () => {
    const w = await open(GetCompositeScheduleForm)
    await click(w, 'op-pick-connectorId-0')
    expect(preview(w)).toEqual({ connectorId: 0, duration: 3600, chargingRateUnit: 'A' })
    await choose(w, 'op-field-chargingRateUnit-none')
    expect(await sendWith(w, 'sendCall')).toEqual([{ stationId: 'CP1', action: 'GetCompositeSchedule', payload: { connectorId: 0, duration: 3600 }, wait: false }])
  })

  it('sends any connector and duration typed, in W when chosen', async () => {
    const w = await open(GetCompositeScheduleForm)
    await type(w, 'connectorId', '9')
    await click(w, 'op-pick-duration-86400')
    await choose(w, 'op-field-chargingRateUnit-W')
    expect(await sendWith(w, 'sendCall')).toEqual([
      { stationId: 'CP1', action: 'GetCompositeSchedule', payload: { connectorId: 9, duration: 86400, chargingRateUnit: 'W' }, wait: false },
    ])
  })
})

describe('RemoteStartTransaction takes a TxProfile from the library', () => {
  it('fills chargingProfile without transactionId and with a fresh id from the CSMS', async () => {
    const w = await open(RemoteStartTransactionForm, { prefill: { idTag: 'TAG-1', connectorId: 1 } })
    await pickLibrary(w, 'lib-tx')
    await flush()
    expect((byTestId(w, 'op-field-chargingProfileId').element as HTMLInputElement).value).toBe('900')
    const { transactionId: _dropped, ...rest } = TX_PROFILE.profile
    expect(preview(w)).toEqual({ connectorId: 1, idTag: 'TAG-1', chargingProfile: { chargingProfileId: 900, ...rest } })
    await type(w, 'chargingProfileId', '')
    expect(byTestId(w, 'op-profile-id-note').text()).toContain('chargingProfileId must be set')
    await type(w, 'chargingProfileId', '300')
    const sent = (await sendWith(w, 'sendCall')) as { payload: { chargingProfile: Record<string, unknown> } }[]
    expect(sent[0]!.payload.chargingProfile).toEqual({ chargingProfileId: 300, ...rest })
    expect(sent[0]!.payload.chargingProfile).not.toHaveProperty('transactionId')
  })
})

describe('operations registry', () => {
  it('groups SetChargingProfile, ClearChargingProfile and GetCompositeSchedule under Smart Charging', () => {
    expect(OPERATIONS.filter((op) => op.profile === 'Smart Charging').map((op) => op.action)).toEqual(['SetChargingProfile', 'ClearChargingProfile', 'GetCompositeSchedule'])
    expect(operationSelectOptions().map((g) => g.label).slice(0, 2)).toEqual(['Core', 'Smart Charging'])
  })
})
