import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Component } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import type { CallCheck, CommandArgs, FileServicesInfo, FirmwareFile } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import OperationsCard from '@renderer/components/operations/OperationsCard.vue'
import { OPERATIONS, operationSelectOptions } from '@renderer/components/operations/operation-registry'
import GetDiagnosticsForm from '@renderer/components/operations/firmware/GetDiagnosticsForm.vue'
import UpdateFirmwareForm from '@renderer/components/operations/firmware/UpdateFirmwareForm.vue'
import { FakeClient } from '../fake-client'
import { diagnosticsRequest, diagnosticsTask, fileStatus, firmwareFile, firmwareTask, firmwareUpdate, HOST, services, upload } from '../firmware-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let check: (args: CommandArgs<'checkCall'>) => CallCheck
let files: FirmwareFile[]
let info: FileServicesInfo

const FW = firmwareFile('fw-2.1.bin', { id: 'fw-1' })

beforeEach(() => {
  check = () => ({ sendable: true, violations: [], warnings: [] })
  files = [FW, firmwareFile('fw-2.0.bin', { id: 'fw-0', addedAt: '2024-04-01T10:00:00.000Z' })]
  info = services()
  client = new FakeClient()
  client
    .handle('checkCall', (args) => check(args))
    .handle('listFirmwareFiles', () => files)
    .handle('getFileServices', () => info)
    .handle('getStationFileStatus', ({ stationId }) => fileStatus(stationId))
    .handle('listDiagnosticsUploads', () => [])
    .handle('updateFirmware', (args) => ({ tasks: args.stationIds.map((id) => firmwareTask('fw-task-1', id, 'queued')) }))
    .handle('requestDiagnostics', (args) => diagnosticsTask('diag-task-1', args.stationId, 'queued'))
    .handle('diagnosticsLocation', ({ protocol }) => ({ location: protocol === 'ftp' ? `ftp://csms:feedfeedfeedfeedfeedfeed@${HOST}:2121/` : `http://${HOST}:8090/diagnostics/feedfeedfeedfeedfeedfeed/` }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const settle = async (): Promise<void> => {
  await new Promise((r) => setTimeout(r, 320))
  await flush()
}

async function open(form: Component, props: Record<string, unknown> = {}): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(form, { stationId: 'CP1', online: true, ...props }))
  await flush()
  await flush()
  return wrapper
}

const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const sendButton = (w: VueWrapper) => byTestId(w, 'op-send')
const lastCheck = () => client.callsOf('checkCall').at(-1) as { stationId: string; action: string; payload: Record<string, unknown> } | undefined

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

async function pickFile(w: VueWrapper, id: string | null): Promise<void> {
  const select = w.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'op-firmware-file')
  select!.vm.$emit('update:value', id)
  await flush()
}

async function send(w: VueWrapper): Promise<void> {
  await settle()
  expect(sendButton(w).attributes('disabled')).toBeUndefined()
  await sendButton(w).trigger('click')
  await flush()
}

describe('UpdateFirmware form: sent through updateFirmware for this station', () => {
  it('sends a hosted file by its id, checks the payload with its URL and retrieveDate now, and follows the steps the station reports (TC_044_1)', async () => {
    const w = await open(UpdateFirmwareForm)
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    expect(byTestId(w, 'op-missing').text()).toContain('choose a hosted firmware file or type a location')
    await pickFile(w, 'fw-1')
    expect((byTestId(w, 'op-field-location').element as HTMLInputElement).value).toBe(FW.url)
    await type(w, 'retries', '3')
    await send(w)

    expect(client.callsOf('updateFirmware')).toEqual([{ stationIds: ['CP1'], firmwareId: 'fw-1', retries: 3 }])
    const checked = lastCheck()!
    expect(checked).toMatchObject({ stationId: 'CP1', action: 'UpdateFirmware', payload: { location: FW.url, retries: 3 } })
    expect(Math.abs(Date.parse(checked.payload.retrieveDate as string) - Date.now())).toBeLessThan(60_000)
    expect(byTestId(w, 'op-result').text()).toContain('queued')

    client.emit('fileStatusChanged', fileStatus('CP1', { update: firmwareUpdate('fw-task-1', ['Downloading', 'Downloaded']) }))
    await flush()
    const progress = byTestId(w, 'firmware-progress')
    expect(progress.find('[data-step-state="done"]').text()).toBe('Downloading')
    expect(progress.findAll('[data-step-state="done"]').map((s) => s.text())).toEqual(['Downloading', 'Downloaded'])
    expect(progress.text()).toContain('2024-05-01 12:00:01.000 UTC')

    client.emit('fileStatusChanged', fileStatus('CP1', { update: firmwareUpdate('fw-task-1', ['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']) }))
    await flush()
    expect(byTestId(w, 'firmware-progress').find('[data-step-state="failed"]').text()).toBe('InstallationFailed')
    expect(byTestId(w, 'firmware-progress').text()).toContain('could not install it')
  })

  it('sends a typed location, a typed retrieveDate and the retry fields as typed', async () => {
    const w = await open(UpdateFirmwareForm)
    await type(w, 'location', 'ftp://user:pw@fw.example.com/fw 2.bin')
    await type(w, 'retrieveDate', '2030-01-01T08:00:00Z')
    await type(w, 'retries', '-1')
    await type(w, 'retryInterval', '600')
    await send(w)
    expect(client.callsOf('updateFirmware')).toEqual([{ stationIds: ['CP1'], location: 'ftp://user:pw@fw.example.com/fw 2.bin', retrieveDate: '2030-01-01T08:00:00Z', retries: -1, retryInterval: 600 }])
    expect(lastCheck()!.payload).toEqual({ location: 'ftp://user:pw@fw.example.com/fw 2.bin', retrieveDate: '2030-01-01T08:00:00Z', retries: -1, retryInterval: 600 })
  })

  it('typing over a hosted file’s URL makes it a typed location', async () => {
    const w = await open(UpdateFirmwareForm, { prefill: { firmwareId: 'fw-1' } })
    await type(w, 'location', `${FW.url}?v=2`)
    await send(w)
    expect(client.callsOf('updateFirmware')).toEqual([{ stationIds: ['CP1'], location: `${FW.url}?v=2` }])
  })

  it('refuses only a retrieveDate that is not ISO-8601 and sets “in N min” from now', async () => {
    const w = await open(UpdateFirmwareForm, { prefill: { location: 'http://fw.example.com/fw.bin' } })
    await type(w, 'retrieveDate', 'tomorrow')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    expect(byTestId(w, 'op-missing').text()).toContain('retrieveDate: not an ISO-8601 date-time')
    await byTestId(w, 'op-retrieveDate-minutes').setValue('30')
    const before = Date.now()
    await click(w, 'op-retrieveDate-minutes-set')
    const set = Date.parse((byTestId(w, 'op-field-retrieveDate').element as HTMLInputElement).value)
    expect(set - before).toBeGreaterThan(29 * 60_000)
    expect(set - before).toBeLessThan(31 * 60_000)
    await click(w, 'op-retrieveDate-now')
    expect((byTestId(w, 'op-field-retrieveDate').element as HTMLInputElement).value).toBe('')
    await send(w)
    expect(client.callsOf('updateFirmware')).toEqual([{ stationIds: ['CP1'], location: 'http://fw.example.com/fw.bin' }])
  })

  it('shows the warnings checkCall gives (a location at localhost, a protocol not listed) and still sends', async () => {
    check = () => ({ sendable: true, violations: [], warnings: ['The location points at localhost, which is the station itself', 'The station lists FTP as SupportedFileTransferProtocols, not HTTP'] })
    const w = await open(UpdateFirmwareForm, { prefill: { location: 'http://localhost/fw.bin' } })
    await settle()
    expect(byTestId(w, 'op-warnings').text()).toContain('points at localhost')
    expect(byTestId(w, 'op-warnings').text()).toContain('not HTTP')
    await send(w)
    expect(client.callsOf('updateFirmware')).toHaveLength(1)
  })

  it('disables Send when the schema refuses the location (not an absolute URI)', async () => {
    check = () => ({ sendable: false, reason: 'schema', violations: [{ code: 'PropertyConstraintViolation', path: '/location', message: 'must match format "uri"' }], warnings: [] })
    const w = await open(UpdateFirmwareForm, { prefill: { location: 'fw.bin' } })
    await settle()
    expect(byTestId(w, 'op-violations').text()).toContain('must match format "uri"')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
  })

  it('says why nothing was sent when the CSMS refuses the command', async () => {
    client.handle('updateFirmware', () => {
      throw new ApiError('NotFound', 'No firmware file "fw-1"')
    })
    const w = await open(UpdateFirmwareForm, { prefill: { firmwareId: 'fw-1' } })
    await send(w)
    expect(w.text()).toContain('UpdateFirmware was not sent: No firmware file "fw-1"')
  })
})

describe('GetDiagnostics form: sent through requestDiagnostics for this station', () => {
  it('asks for an upload to the FTP receiver by default, checks a location on this PC, and shows the fileName, the statuses and the file (TC_045_1)', async () => {
    client.handle('listDiagnosticsUploads', () => [upload('up-1', 'diag-CP1.log', { requestTaskId: 'diag-task-1' })])
    const w = await open(GetDiagnosticsForm)
    await send(w)
    expect(client.callsOf('requestDiagnostics')).toEqual([{ stationId: 'CP1', protocol: 'ftp' }])
    expect(lastCheck()).toMatchObject({ action: 'GetDiagnostics', payload: { location: `ftp://${HOST}:2121/` } })

    client.emit('fileStatusChanged', fileStatus('CP1', { request: diagnosticsRequest('diag-task-1', ['Uploading'], { fileName: 'diag-CP1.log' }) }))
    await flush()
    const progress = byTestId(w, 'diagnostics-progress')
    expect(progress.find('[data-testid="diagnostics-file-name"]').text()).toContain('diag-CP1.log')
    expect(progress.find('[data-step-state="active"]').text()).toBe('Uploading')

    client.emit('fileStatusChanged', fileStatus('CP1', { request: diagnosticsRequest('diag-task-1', ['Uploading', 'Uploaded'], { fileName: 'diag-CP1.log', uploadId: 'up-1' }) }))
    await flush()
    expect(byTestId(w, 'diagnostics-progress').findAll('[data-step-state="done"]').map((s) => s.text())).toEqual(['Uploading', 'Uploaded'])
    expect(byTestId(w, 'diagnostics-arrived').text()).toContain('diag-CP1.log')
    expect(byTestId(w, 'upload-save-up-1').exists()).toBe(true)
  })

  it('says the station has no diagnostics when it answers without fileName, and shows UploadFailed in red (TC_045_2)', async () => {
    const w = await open(GetDiagnosticsForm)
    await send(w)
    client.emit('fileStatusChanged', fileStatus('CP1', { request: diagnosticsRequest('diag-task-1') }))
    await flush()
    expect(byTestId(w, 'diagnostics-file-name').text()).toContain('none: the station has no diagnostics')
    client.emit('fileStatusChanged', fileStatus('CP1', { request: diagnosticsRequest('diag-task-1', ['Uploading', 'UploadFailed'], { fileName: 'x.log' }) }))
    await flush()
    expect(byTestId(w, 'diagnostics-progress').find('[data-step-state="failed"]').text()).toBe('UploadFailed')
    expect(byTestId(w, 'diagnostics-progress').text()).toContain('could not upload the file')
  })

  it('sends the HTTP POST receiver with the time window and retries, checking an HTTP location', async () => {
    const w = await open(GetDiagnosticsForm)
    await choose(w, 'op-diagnostics-protocol-http-post')
    await type(w, 'startTime', '2024-05-01T00:00:00Z')
    await type(w, 'stopTime', '2024-05-02T00:00:00Z')
    await type(w, 'retries', '2')
    await type(w, 'retryInterval', '30')
    await send(w)
    expect(client.callsOf('requestDiagnostics')).toEqual([
      { stationId: 'CP1', protocol: 'http-post', startTime: '2024-05-01T00:00:00Z', stopTime: '2024-05-02T00:00:00Z', retries: 2, retryInterval: 30 },
    ])
    expect(lastCheck()!.payload).toEqual({ location: `http://${HOST}:8090/diagnostics/`, startTime: '2024-05-01T00:00:00Z', stopTime: '2024-05-02T00:00:00Z', retries: 2, retryInterval: 30 })
  })

  it('sends a typed location as typed, and can fill it with a receiver location', async () => {
    const w = await open(GetDiagnosticsForm)
    await choose(w, 'op-diagnostics-protocol-typed')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await type(w, 'location', 'ftp://logs:pw@logs.example.com/cp1/')
    await send(w)
    expect(client.callsOf('requestDiagnostics')).toEqual([{ stationId: 'CP1', location: 'ftp://logs:pw@logs.example.com/cp1/' }])
    await click(w, 'op-location-fill-http')
    expect(client.callsOf('diagnosticsLocation')).toEqual([{ stationId: 'CP1', protocol: 'http-put' }])
    expect((byTestId(w, 'op-field-location').element as HTMLInputElement).value).toBe(`http://${HOST}:8090/diagnostics/feedfeedfeedfeedfeedfeed/`)
  })

  it('warns when the chosen receiver is not running, and what checkCall says about a loopback address', async () => {
    info = services({ publicHost: '127.0.0.1', ftp: { port: 21, running: false, error: 'FTP receiver not started: EADDRINUSE', baseUrl: 'ftp://127.0.0.1:21', passivePorts: [2122, 2199] } })
    check = (args) => ({ sendable: true, violations: [], warnings: String((args.payload as { location: string }).location).includes('127.0.0.1') ? ['The location points at 127.0.0.1, which is the station itself'] : [] })
    const w = await open(GetDiagnosticsForm)
    await settle()
    expect(byTestId(w, 'op-receiver-down').text()).toContain('EADDRINUSE')
    expect(byTestId(w, 'op-warnings').text()).toContain('127.0.0.1')
    await choose(w, 'op-diagnostics-protocol-http-put')
    expect(byTestId(w, 'op-receiver-down').exists()).toBe(false)
  })
})

describe('Firmware Management in the operations registry', () => {
  it('offers UpdateFirmware and GetDiagnostics under Firmware Management', () => {
    expect(OPERATIONS.filter((op) => op.profile === 'Firmware Management').map((op) => op.action)).toEqual(['UpdateFirmware', 'GetDiagnostics'])
    const group = operationSelectOptions().find((g) => g.label === 'Firmware Management')
    expect(group?.children?.map((c) => (c as { value: string }).value)).toEqual(['UpdateFirmware', 'GetDiagnostics'])
  })

  it('opens the UpdateFirmware form prefilled from the Operations card', async () => {
    const w = await open(OperationsCard, { initial: { action: 'UpdateFirmware', prefill: { location: 'http://fw.example.com/a.bin', retries: 1 } } })
    expect((byTestId(w, 'op-field-location').element as HTMLInputElement).value).toBe('http://fw.example.com/a.bin')
    await send(w)
    expect(client.callsOf('updateFirmware')).toEqual([{ stationIds: ['CP1'], location: 'http://fw.example.com/a.bin', retries: 1 }])
  })
})
