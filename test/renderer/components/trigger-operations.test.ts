import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CallCheck, CallTask, StationDetail } from '@shared/contract'
import { setClient } from '@renderer/api'
import { OPERATIONS, operationSelectOptions } from '@renderer/components/operations/operation-registry'
import TriggerMessageForm from '@renderer/components/operations/remote-trigger/TriggerMessageForm.vue'
import TaskResult from '@renderer/components/station/TaskResult.vue'
import { useTasksStore } from '@renderer/stores/tasks'
import { FakeClient } from '../fake-client'
import { station, task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

const MESSAGES = ['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification'] as const

let client: FakeClient
let wrapper: VueWrapper | undefined
let checkResult: CallCheck

/** A station with two connectors (and connector 0), as TC_055 assumes. */
function twoConnectors(): StationDetail {
  const at = '2024-05-01T12:00:00.000Z'
  return {
    ...station('CP1', true, {
      connectors: {
        '0': { connectorId: 0, status: 'Available', errorCode: 'NoError', receivedAt: at },
        '1': { connectorId: 1, status: 'Charging', errorCode: 'NoError', receivedAt: at },
        '2': { connectorId: 2, status: 'Available', errorCode: 'NoError', receivedAt: at },
      },
    }),
    passwordSet: false,
    recentViolations: [],
    effective: { heartbeatIntervalSec: 300, pingIntervalSec: 0, callTimeoutSec: 30, lenient: false, nominalVoltage: 230 },
  }
}

/** A TriggerMessage task as main reports it. */
function trigger(state: CallTask['state'], extra: Partial<CallTask> = {}): CallTask {
  return task('trig-1', state, { action: 'TriggerMessage', payload: { requestedMessage: 'MeterValues', connectorId: 1 }, ...extra })
}

const METER_VALUES = {
  connectorId: 1,
  meterValue: [{ timestamp: '2024-05-01T12:00:01.000Z', sampledValue: [{ value: '1234', context: 'Trigger', measurand: 'Energy.Active.Import.Register' }] }],
}

beforeEach(() => {
  checkResult = { sendable: true, violations: [], warnings: [] }
  client = new FakeClient()
  client
    .handle('checkCall', () => checkResult)
    .handle('sendCall', (args) => trigger('queued', { stationId: args.stationId, payload: args.payload }))
    .handle('getStation', () => twoConnectors())
  setClient(client)
})
afterEach(() => {
  vi.useRealTimers()
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

/** Past the check's debounce, with its answer rendered. */
const settle = async (): Promise<void> => {
  await new Promise((r) => setTimeout(r, 320))
  await flush()
}

async function mount(component: Parameters<typeof mountWithApp>[0], props: Record<string, unknown>): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(component, props))
  await flush()
  await flush()
  return wrapper
}

const openForm = (): Promise<VueWrapper> => mount(TriggerMessageForm, { stationId: 'CP1', online: true })
const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const preview = (w: VueWrapper) => JSON.parse(w.find('pre[data-testid="op-payload-preview"]').text()) as unknown

async function choose(w: VueWrapper, message: string): Promise<void> {
  await w.find(`[data-testid="op-field-requestedMessage-${message}"] input`).trigger('change')
  await flush()
}

async function send(w: VueWrapper): Promise<unknown[]> {
  await settle()
  expect(byTestId(w, 'op-send').attributes('disabled')).toBeUndefined()
  await byTestId(w, 'op-send').trigger('click')
  await flush()
  return client.callsOf('sendCall')
}

describe('TriggerMessage form', () => {
  it('is offered under Remote Trigger in the operations selector', () => {
    expect(OPERATIONS.find((op) => op.action === 'TriggerMessage')?.profile).toBe('Remote Trigger')
    const group = operationSelectOptions().find((g) => g.label === 'Remote Trigger')
    expect(group?.children).toContainEqual({ label: 'TriggerMessage', value: 'TriggerMessage' })
  })

  it('waits for a requestedMessage before it can be sent', async () => {
    const w = await openForm()
    expect(byTestId(w, 'op-missing').text()).toContain('choose requestedMessage')
    expect(byTestId(w, 'op-send').attributes('disabled')).toBeDefined()
  })

  it.each(MESSAGES)('sends requestedMessage %s, without connectorId when none is typed', async (message) => {
    const w = await openForm()
    await choose(w, message)
    expect(preview(w)).toEqual({ requestedMessage: message })
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'TriggerMessage', payload: { requestedMessage: message }, wait: false }])
  })

  it('offers the station’s connectors and the first one past them as one-click picks', async () => {
    const w = await openForm()
    expect(byTestId(w, 'op-pick-connectorId-0').exists()).toBe(true)
    expect(byTestId(w, 'op-pick-connectorId-1').text()).toContain('Charging')
    expect(byTestId(w, 'op-pick-connectorId-3').text()).toContain('TC_055')
    expect(byTestId(w, 'op-pick-connectorId-4').exists()).toBe(false)
    await choose(w, 'StatusNotification')
    await byTestId(w, 'op-pick-connectorId-2').trigger('click')
    await flush()
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification', connectorId: 2 }, wait: false }])
  })

  it('TC_055: sends MeterValues for connector 3, beyond the station’s 2 connectors, with the warning shown', async () => {
    checkResult = { sendable: true, violations: [], warnings: ['Connector 3 is not one the station has reported (1, 2): expect Rejected (TC_055)'] }
    const w = await openForm()
    await choose(w, 'MeterValues')
    await byTestId(w, 'op-field-connectorId').setValue('3')
    await settle()
    expect(byTestId(w, 'op-warnings').text()).toContain('Connector 3 is not one the station has reported')
    expect(client.callsOf('checkCall')).toContainEqual({ stationId: 'CP1', action: 'TriggerMessage', payload: { requestedMessage: 'MeterValues', connectorId: 3 } })
    expect(await send(w)).toEqual([{ stationId: 'CP1', action: 'TriggerMessage', payload: { requestedMessage: 'MeterValues', connectorId: 3 }, wait: false }])
  })

  it('sends BootNotification after Accepted anyway, showing the errata 3.40 warning', async () => {
    checkResult = { sendable: true, violations: [], warnings: ['The station was Accepted at its last boot: a Central System shall not trigger BootNotification until the next boot (errata 3.40)'] }
    const w = await openForm()
    await choose(w, 'BootNotification')
    await settle()
    expect(byTestId(w, 'op-warnings').text()).toContain('errata 3.40')
    expect(await send(w)).toHaveLength(1)
  })
})

describe('what a TriggerMessage brought', () => {
  it('shows the wait after Accepted, then the triggered message once taskUpdated links it', async () => {
    const w = await openForm()
    await choose(w, 'MeterValues')
    await byTestId(w, 'op-pick-connectorId-1').trigger('click')
    await send(w)
    expect(byTestId(w, 'task-triggered').exists()).toBe(false)

    const answeredAt = new Date().toISOString()
    client.emit('taskUpdated', trigger('answered', { response: { status: 'Accepted' }, finishedAt: answeredAt }))
    await flush()
    expect(byTestId(w, 'task-triggered').text()).toContain('waiting for the station\'s MeterValues…')

    const at = new Date(Date.parse(answeredAt) + 400).toISOString()
    client.emit('taskUpdated', trigger('answered', { response: { status: 'Accepted' }, finishedAt: answeredAt, triggered: { action: 'MeterValues', messageId: 'cp-77', at, payload: METER_VALUES } }))
    await flush()
    const shown = byTestId(w, 'op-result').find('[data-testid="task-triggered"]').text()
    expect(shown).toContain(`Then sent: MeterValues at ${at.replace('T', ' ').slice(0, 23)} UTC`)
    expect(shown).toContain('cp-77')
    expect(shown).toContain('"measurand": "Energy.Active.Import.Register"')
    expect(shown).not.toContain('waiting')
  })

  it('an answer or a triggered message too large to keep whole: its short fields, its size and start, and where to find it whole', async () => {
    const w = await mount(TaskResult, {
      task: trigger('answered', {
        response: { status: 'Accepted' },
        responseOmitted: { bytes: 900_000, preview: '{"status":"Accepted","data":"xxxx' },
        finishedAt: new Date().toISOString(),
        triggered: { action: 'MeterValues', messageId: 'cp-78', at: new Date().toISOString(), payload: { connectorId: 1 }, payloadOmitted: { bytes: 700_000, preview: '{"connectorId":1,"meterValue":[' } },
      }),
    })
    expect(byTestId(w, 'task-response-omitted').text()).toContain('The answer was 879 KiB: too large to keep whole here')
    expect(byTestId(w, 'task-response-omitted').text()).toContain('{"status":"Accepted","data":"xxxx')
    expect(w.text()).toContain('"status": "Accepted"')
    expect(byTestId(w, 'task-triggered').text()).toContain('684 KiB: too large to keep whole here (the message log has it)')
    expect(byTestId(w, 'task-triggered').text()).toContain('{"connectorId":1,"meterValue":[')
  })

  it('says nothing arrived once a minute has passed since the Accepted answer', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    vi.setSystemTime(new Date('2024-05-01T12:00:00.000Z'))
    const w = await mount(TaskResult, { task: trigger('answered', { response: { status: 'Accepted' }, finishedAt: '2024-05-01T11:59:30.000Z' }) })
    expect(byTestId(w, 'task-triggered').text()).toContain('waiting for the station\'s MeterValues')
    vi.advanceTimersByTime(31_000)
    await flush()
    const text = byTestId(w, 'task-triggered').text()
    expect(text).toContain('nothing arrived within a minute')
    expect(text).not.toContain('waiting')
  })

  it('expects nothing after Rejected or NotImplemented, nor for other operations', async () => {
    const rejected = await mount(TaskResult, { task: trigger('answered', { response: { status: 'Rejected' }, finishedAt: new Date().toISOString() }) })
    expect(rejected.text()).toContain('"status": "Rejected"')
    expect(byTestId(rejected, 'task-triggered').exists()).toBe(false)
    rejected.unmount()
    const reset = await mount(TaskResult, { task: task('r1', 'answered', { response: { status: 'Accepted' }, finishedAt: new Date().toISOString() }) })
    expect(byTestId(reset, 'task-triggered').exists()).toBe(false)
  })

  it('keeps the triggered message when an older copy of the task arrives from the history', async () => {
    await mount(TaskResult, { task: trigger('queued') })
    const tasks = useTasksStore()
    const linked = { action: 'MeterValues', messageId: 'cp-77', at: '2024-05-01T12:00:01.000Z', payload: METER_VALUES }
    tasks.upsert(trigger('answered', { response: { status: 'Accepted' }, triggered: linked }))
    tasks.upsert(trigger('answered', { response: { status: 'Accepted' } }))
    expect(tasks.get('trig-1')?.triggered).toEqual(linked)
  })
})
