import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reactive, type Component } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import type { CallCheck, ConfigurationSnapshot, StationDetail, TransactionSummary } from '@shared/contract'
import { CS_TO_CP_ACTIONS } from '@shared/ocpp/actions'
import { setClient } from '@renderer/api'
import OperationsCard from '@renderer/components/operations/OperationsCard.vue'
import { OPERATION_PROFILES, OPERATIONS, operationSelectOptions } from '@renderer/components/operations/operation-registry'
import ChangeAvailabilityForm from '@renderer/components/operations/core/ChangeAvailabilityForm.vue'
import ChangeConfigurationForm from '@renderer/components/operations/core/ChangeConfigurationForm.vue'
import ClearCacheForm from '@renderer/components/operations/core/ClearCacheForm.vue'
import DataTransferForm from '@renderer/components/operations/core/DataTransferForm.vue'
import GetConfigurationForm from '@renderer/components/operations/core/GetConfigurationForm.vue'
import RemoteStartTransactionForm from '@renderer/components/operations/core/RemoteStartTransactionForm.vue'
import RemoteStopTransactionForm from '@renderer/components/operations/core/RemoteStopTransactionForm.vue'
import ResetForm from '@renderer/components/operations/core/ResetForm.vue'
import UnlockConnectorForm from '@renderer/components/operations/core/UnlockConnectorForm.vue'
import { FakeClient } from '../fake-client'
import { station, task } from '../fixtures'
import { idTag } from '../id-tag-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let checkResult: CallCheck

const OK: CallCheck = { sendable: true, violations: [], warnings: [] }

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

function transaction(id: number, extra: Partial<TransactionSummary> = {}): TransactionSummary {
  return {
    transactionId: id,
    stationId: 'CP1',
    connectorId: 1,
    idTag: 'TAG-1',
    idTagInfo: { status: 'Accepted' },
    meterStart: 0,
    startTimestamp: '2024-05-01T12:00:00.000Z',
    receivedAt: '2024-05-01T12:00:00.000Z',
    active: true,
    ...extra,
  }
}

const snapshot: ConfigurationSnapshot = {
  stationId: 'CP1',
  keys: {
    HeartbeatInterval: { key: 'HeartbeatInterval', value: '300', readonly: false, updatedAt: '2024-05-01T12:00:00.000Z', source: 'GetConfiguration' },
    NumberOfConnectors: { key: 'NumberOfConnectors', value: '2', readonly: true, updatedAt: '2024-05-01T12:00:00.000Z', source: 'GetConfiguration' },
  },
  unknownKeys: [],
  fullFetchAt: '2024-05-01T12:00:00.000Z',
}

beforeEach(() => {
  checkResult = OK
  client = new FakeClient()
  client
    .handle('checkCall', () => checkResult)
    .handle('sendCall', (args) => task('t1', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
    .handle('getStation', () => detail())
    .handle('listTransactions', () => ({ items: [transaction(12)], total: 1 }))
    .handle('listIdTags', () => [idTag('TAG-1'), idTag('BLOCKED-1', { status: 'Blocked' })])
    .handle('getConfigurationSnapshot', () => snapshot)
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

const field = (w: VueWrapper, name: string) => w.find(`[data-testid="op-field-${name}"]`)
const sendButton = (w: VueWrapper) => w.find('[data-testid="op-send"]')
const preview = (w: VueWrapper) => JSON.parse(w.find('pre[data-testid="op-payload-preview"]').text()) as unknown

async function type(w: VueWrapper, name: string, value: string): Promise<void> {
  await field(w, name).setValue(value)
  await flush()
}

async function choose(w: VueWrapper, testid: string): Promise<void> {
  await w.find(`[data-testid="${testid}"] input`).trigger('change')
  await flush()
}

async function send(w: VueWrapper): Promise<unknown[]> {
  await settle()
  expect(sendButton(w).attributes('disabled')).toBeUndefined()
  await sendButton(w).trigger('click')
  await flush()
  return client.callsOf('sendCall')
}

describe('core operation forms build the payload the station receives', () => {
  it('Reset sends Soft by default and Hard when chosen', async () => {
    const w = await open(ResetForm)
    expect(preview(w)).toEqual({ type: 'Soft' })
    await choose(w, 'op-field-type-Hard')
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'Reset', payload: { type: 'Hard' }, wait: false }])
  })

  it('ChangeAvailability waits for a type, then sends connector 0 picked from the known connectors', async () => {
    const w = await open(ChangeAvailabilityForm)
    expect(w.find('[data-testid="op-pick-connectorId-2"]').text()).toContain('Available')
    await w.find('[data-testid="op-pick-connectorId-0"]').trigger('click')
    await flush()
    expect(w.find('[data-testid="op-missing"]').text()).toContain('choose type')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await choose(w, 'op-field-type-Inoperative')
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Inoperative' }, wait: false }])
  })

  it('ClearCache sends an empty object', async () => {
    const w = await open(ClearCacheForm)
    expect(preview(w)).toEqual({})
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'ClearCache', payload: {}, wait: false }])
  })

  it('DataTransfer leaves out empty optional fields and sends data as a string as typed', async () => {
    const w = await open(DataTransferForm)
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await type(w, 'vendorId', 'com.example')
    expect(preview(w)).toEqual({ vendorId: 'com.example' })
    await type(w, 'messageId', 'Ping')
    await type(w, 'data', '{"a":1}')
    expect(await send(w)).toEqual([
      { stationId: 'CP1', action: 'DataTransfer', payload: { vendorId: 'com.example', messageId: 'Ping', data: '{"a":1}' }, wait: false },
    ])
  })

  it('GetConfiguration asks for all keys with {} and for listed keys with key[]', async () => {
    const all = await open(GetConfigurationForm)
    expect(preview(all)).toEqual({})
    all.unmount()
    const listed = await open(GetConfigurationForm, { prefill: { key: ['HeartbeatInterval', 'NoSuchKey'] } })
    expect(await send(listed)).toEqual([
      { stationId: 'CP1', action: 'GetConfiguration', payload: { key: ['HeartbeatInterval', 'NoSuchKey'] }, wait: false },
    ])
  })

  it('ChangeConfiguration shows the current value and the read-only flag, and sends the typed value', async () => {
    const w = await open(ChangeConfigurationForm, { prefill: { key: 'NumberOfConnectors' } })
    const info = w.find('[data-testid="op-key-info"]').text()
    expect(info).toContain('R')
    expect(w.find('[data-testid="op-current-value"]').text()).toBe('2')
    expect(info).toContain('Read-only key')
    await type(w, 'value', '7')
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'ChangeConfiguration', payload: { key: 'NumberOfConnectors', value: '7' }, wait: false }])
  })

  it('ChangeConfiguration sends a key the station never reported, as typed', async () => {
    const w = await open(ChangeConfigurationForm)
    await type(w, 'key', 'VendorSecretKey')
    await type(w, 'value', 'on')
    expect(w.find('[data-testid="op-key-info"]').text()).toContain('Not in the known configuration')
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'ChangeConfiguration', payload: { key: 'VendorSecretKey', value: 'on' }, wait: false }])
  })

  it('RemoteStartTransaction sends the idTag alone when connector and profile are empty, and says what the CSMS knows of the tag', async () => {
    const w = await open(RemoteStartTransactionForm)
    await type(w, 'idTag', 'blocked-1')
    expect(w.find('[data-testid="op-idtag-status"]').text()).toContain('Blocked')
    await type(w, 'idTag', 'STRANGER')
    expect(w.find('[data-testid="op-idtag-status"]').text()).toContain('Not known to the CSMS')
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'RemoteStartTransaction', payload: { idTag: 'STRANGER' }, wait: false }])
  })

  it('RemoteStartTransaction shows a charging profile JSON error and sends the parsed profile once it is fixed', async () => {
    const w = await open(RemoteStartTransactionForm, { prefill: { idTag: 'TAG-1', connectorId: 2 } })
    await type(w, 'chargingProfile', '{ "chargingProfileId": ')
    expect(w.text()).toContain('chargingProfile: invalid JSON')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await type(w, 'chargingProfile', '{ "chargingProfileId": 5 }')
    expect(await send(w)).toEqual([
      { stationId: 'CP1', action: 'RemoteStartTransaction', payload: { connectorId: 2, idTag: 'TAG-1', chargingProfile: { chargingProfileId: 5 } }, wait: false },
    ])
  })

  it('RemoteStopTransaction offers the running transactions and sends the one picked', async () => {
    const w = await open(RemoteStopTransactionForm)
    const pick = w.find('[data-testid="op-pick-transactionId-12"]')
    expect(pick.text()).toBe('#12 — connector 1, TAG-1')
    await pick.trigger('click')
    await flush()
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'RemoteStopTransaction', payload: { transactionId: 12 }, wait: false }])
  })

  it('RemoteStopTransaction drops a transaction from the picker when it stops', async () => {
    const w = await open(RemoteStopTransactionForm)
    client.emit('transactionUpdated', transaction(13, { connectorId: 2, idTag: 'TAG-2' }))
    await flush()
    expect(w.find('[data-testid="op-pick-transactionId-13"]').exists()).toBe(true)
    client.emit('transactionUpdated', transaction(12, { active: false }))
    await flush()
    expect(w.find('[data-testid="op-pick-transactionId-12"]').exists()).toBe(false)
  })

  it('UnlockConnector sends the connector typed', async () => {
    const w = await open(UnlockConnectorForm)
    expect(w.find('[data-testid="op-pick-connectorId-0"]').exists()).toBe(false)
    await type(w, 'connectorId', '2')
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'UnlockConnector', payload: { connectorId: 2 }, wait: false }])
  })
})

describe('free values are warned about, never blocked', () => {
  it('sends connector 99 with the warning checkCall returned shown', async () => {
    checkResult = { sendable: true, violations: [], warnings: ['Connector 99 is not one the station reported (1..2)'] }
    const w = await open(UnlockConnectorForm)
    await type(w, 'connectorId', '99')
    await settle()
    expect(w.find('[data-testid="op-warnings"]').text()).toContain('Connector 99 is not one the station reported')
    expect(client.callsOf('checkCall')).toContainEqual({ stationId: 'CP1', action: 'UnlockConnector', payload: { connectorId: 99 } })
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'UnlockConnector', payload: { connectorId: 99 }, wait: false }])
  })

  it('sends an unknown transaction id such as 424242 with the warning shown', async () => {
    checkResult = { sendable: true, violations: [], warnings: ['No running transaction 424242 is known for CP1'] }
    const w = await open(RemoteStopTransactionForm)
    await type(w, 'transactionId', '424242')
    await settle()
    expect(w.find('[data-testid="op-warnings"]').text()).toContain('424242')
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'RemoteStopTransaction', payload: { transactionId: 424242 }, wait: false }])
  })

  it('accepts negative integers and refuses only what is not an integer', async () => {
    const w = await open(RemoteStopTransactionForm)
    await type(w, 'transactionId', '1.5')
    expect(w.text()).toContain('“1.5” is not an integer')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await type(w, 'transactionId', 'abc')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await type(w, 'transactionId', '-1')
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'RemoteStopTransaction', payload: { transactionId: -1 }, wait: false }])
  })

  it('disables Send and shows the violation when the schema would make the CSMS refuse the call', async () => {
    checkResult = {
      sendable: false,
      reason: 'The ChangeConfiguration payload breaks the OCPP 1.6 schema (/key: must NOT have more than 50 characters)',
      violations: [{ code: 'FormationViolation', path: '/key', message: 'must NOT have more than 50 characters' }],
      warnings: [],
    }
    const w = await open(ChangeConfigurationForm)
    await type(w, 'key', 'K'.repeat(60))
    await settle()
    const violations = w.find('[data-testid="op-violations"]').text()
    expect(violations).toContain('The station would never see this')
    expect(violations).toContain('FormationViolation /key')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await sendButton(w).trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toHaveLength(0)
  })

  it('checks the payload once typing pauses, not on every key stroke', async () => {
    const w = await open(UnlockConnectorForm)
    await type(w, 'connectorId', '1')
    await type(w, 'connectorId', '12')
    await type(w, 'connectorId', '123')
    await settle()
    expect(client.callsOf('checkCall')).toEqual([{ stationId: 'CP1', action: 'UnlockConnector', payload: { connectorId: 123 } }])
  })
})

describe('operation sender', () => {
  it('shows the task outcome as taskUpdated events arrive', async () => {
    const w = await open(ResetForm)
    await send(w)
    expect(w.find('[data-testid="op-result"]').text()).toContain('queued')
    client.emit('taskUpdated', task('t1', 'sent', { messageId: 'm-1' }))
    await flush()
    expect(w.find('[data-testid="op-result"]').text()).toContain('sent')
    client.emit('taskUpdated', task('t1', 'answered', { response: { status: 'Rejected' } }))
    await flush()
    const result = w.find('[data-testid="op-result"]').text()
    expect(result).toContain('answered')
    expect(result).toContain('"status": "Rejected"')
  })

  it('says an offline station will end the call as offline, and still sends it', async () => {
    const w = await open(ClearCacheForm, { online: false })
    expect(w.find('[data-testid="op-offline"]').text()).toContain('offline')
    expect(await send(w)).toHaveLength(1)
  })

  it('says why a call was not sent when the CSMS refuses the command', async () => {
    client.handle('sendCall', () => {
      throw Object.assign(new Error('Unknown station CP1'), { code: 'NotFound' })
    })
    const w = await open(ClearCacheForm)
    await send(w)
    expect(w.text()).toContain('The call was not sent: Unknown station CP1')
  })
})

describe('operations card', () => {
  it('offers a form for every Core CS→CP operation, grouped by profile', () => {
    const core = CS_TO_CP_ACTIONS.filter((a) =>
      ['ChangeAvailability', 'ChangeConfiguration', 'ClearCache', 'DataTransfer', 'GetConfiguration', 'RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'UnlockConnector'].includes(a),
    )
    expect(OPERATIONS.filter((op) => op.profile === 'Core').map((op) => op.action).sort()).toEqual([...core].sort())
    const groups = operationSelectOptions()
    // In profile order, only the profiles that have forms (each feature profile adds its own group).
    expect(groups.map((g) => g.label)).toEqual(OPERATION_PROFILES.filter((p) => OPERATIONS.some((op) => op.profile === p)))
    expect(groups[0]?.label).toBe('Core')
    expect(groups[0]?.children).toHaveLength(core.length)
  })

  it('opens the form asked for, prefilled', async () => {
    const w = await open(OperationsCard, { initial: { action: 'ChangeConfiguration', prefill: { key: 'HeartbeatInterval', value: '60' } } })
    expect(w.find('[data-testid="operations-card"]').exists()).toBe(true)
    expect((field(w, 'key').element as HTMLInputElement).value).toBe('HeartbeatInterval')
    expect(preview(w)).toEqual({ key: 'HeartbeatInterval', value: '60' })
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '60' }, wait: false }])
  })

  it('reopens with the new form and values when another component asks for an operation', async () => {
    const props = reactive<Record<string, unknown>>({ stationId: 'CP1', online: true, initial: undefined })
    ;({ wrapper } = await mountWithApp(OperationsCard, props))
    await flush()
    props.initial = { action: 'RemoteStopTransaction', prefill: { transactionId: 77 } }
    await flush()
    expect(preview(wrapper)).toEqual({ transactionId: 77 })
    props.initial = { action: 'RemoteStopTransaction', prefill: { transactionId: 78 } }
    await flush()
    expect(preview(wrapper)).toEqual({ transactionId: 78 })
  })

  it('opens the first operation when nothing is asked for', async () => {
    const w = await open(OperationsCard)
    expect(w.find('[data-testid="operation-select"]').text()).toContain(OPERATIONS[0]!.action)
    expect(w.find('[data-testid="operations-card"]').text()).toContain(OPERATIONS[0]!.action)
    expect(field(w, 'idTag').exists()).toBe(true)
  })
})
