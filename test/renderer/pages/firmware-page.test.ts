import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import type { DiagnosticsUpload, FileServicesInfo, FirmwareFile } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import FirmwarePage from '@renderer/pages/FirmwarePage.vue'
import { FakeClient } from '../fake-client'
import { station } from '../fixtures'
import {
  HOST,
  base64Of,
  diagnosticsRequest,
  diagnosticsTask,
  fileStatus,
  firmwareFile,
  firmwareTask,
  firmwareUpdate,
  services,
  upload,
} from '../firmware-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let files: FirmwareFile[]
let info: FileServicesInfo
let uploads: DiagnosticsUpload[]

const FW = firmwareFile('fw-2.1.bin', { id: 'fw-1', size: 3 * 1024 * 1024, addedAt: '2024-05-01T11:00:00.000Z' })
const OLD = firmwareFile('fw-2.0.bin', { id: 'fw-0', sha256: 'ffee00112233445566778899aabbccddeeff00112233445566778899aabbccdd' })

const createObjectURL = vi.fn((_blob: Blob) => 'blob:fake')

beforeEach(() => {
  files = [OLD, FW]
  info = services()
  uploads = [upload('up-2', 'CP2-diag.zip', { stationId: 'CP2', via: 'http-put', receivedAt: '2024-05-01T12:10:00.000Z' }), upload('up-1', 'CP1-diag.log', { requestTaskId: 'diag-task-0' })]
  createObjectURL.mockClear()
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
  client = new FakeClient()
  client
    .handle('listFirmwareFiles', () => files)
    .handle('getFileServices', () => info)
    .handle('listStations', () => [station('CP3', false), station('CP2', true), station('CP1', true)])
    .handle('listDiagnosticsUploads', () => uploads)
    .handle('getStationFileStatus', ({ stationId }) => fileStatus(stationId))
    .handle('checkCall', () => ({ sendable: true, violations: [], warnings: [] }))
    .handle('listFirmwareImportFolder', () => ({ dir: null, files: [], truncated: false }))
    .handle('deleteFirmwareFile', () => ({ deleted: true }))
    .handle('updateFirmware', (args) => ({ tasks: args.stationIds.map((id) => firmwareTask(`t-${id}`, id, 'queued')) }))
    .handle('requestDiagnostics', (args) => diagnosticsTask('diag-task-1', args.stationId, 'queued'))
    .handle('readDiagnosticsUpload', ({ id }) => ({ upload: uploads.find((u) => u.id === id)!, contentBase64: base64Of('boot ok\nerror 42\n') }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const q = (testid: string): HTMLElement | null => document.querySelector(`[data-testid="${testid}"]`)
const text = (testid: string): string => q(testid)?.textContent ?? ''
async function click(testid: string): Promise<void> {
  const el = q(testid)
  if (!el) throw new Error(`no element ${testid}`)
  el.click()
  await flush()
  await flush()
}
async function typeInto(testid: string, value: string): Promise<void> {
  const input = q(testid) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flush()
}
const settle = async (): Promise<void> => {
  await new Promise((r) => setTimeout(r, 320))
  await flush()
}

async function mountPage(): Promise<void> {
  ;({ wrapper } = await mountWithApp(FirmwarePage))
  await flush()
  await flush()
}

async function chooseFile(input: HTMLInputElement, file: File): Promise<void> {
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  for (let i = 0; i < 5; i++) await flush()
}

describe('Firmware page: the hosted files', () => {
  it('lists the files newest first with size, short sha256 and the URL stations get', async () => {
    await mountPage()
    expect(q('firmware-page')).not.toBeNull()
    const rows = [...document.querySelectorAll('[data-testid^="firmware-file-row-"]')].map((el) => el.getAttribute('data-testid'))
    expect(rows).toEqual(['firmware-file-row-fw-2.1.bin', 'firmware-file-row-fw-2.0.bin'])
    const row = text('firmware-file-row-fw-2.1.bin')
    expect(row).toContain('3.00 MB')
    expect(row).toContain('ab12cd34ef56…')
    expect(row).not.toContain(FW.sha256)
    expect(row).toContain(FW.url)
  })

  it('shows the file services and warns when the public host is 127.0.0.1 or a service is not running', async () => {
    await mountPage()
    expect(text('file-services')).toContain(`http://${HOST}:8090`)
    expect(text('file-services')).toContain(`ftp://${HOST}:2121`)
    expect(q('file-services-loopback')).toBeNull()
    expect(q('file-services-down')).toBeNull()
    wrapper!.unmount()
    info = services({ publicHost: '127.0.0.1', ftp: { port: 21, running: false, error: 'FTP receiver not started: listen EACCES 0.0.0.0:21', baseUrl: 'ftp://127.0.0.1:21', passivePorts: [2122, 2199] } })
    await mountPage()
    expect(text('file-services-loopback')).toContain('Stations elsewhere cannot reach 127.0.0.1')
    expect(q('file-services-loopback')!.querySelector('a')).not.toBeNull()
    expect(text('file-services-down')).toContain('EACCES')
    expect(text('file-services-down')).toContain('free port 21')
  })

  it('in a browser, uploads a chosen file with the raw upload and shows its progress (no path to type anywhere)', async () => {
    let progress!: (sent: number, total: number) => void
    let release!: () => void
    const uploadFirmware = vi.fn((file: Blob, name: string, onProgress?: (sent: number, total: number) => void) => {
      progress = onProgress!
      return new Promise<FirmwareFile>((resolve) => (release = () => resolve(firmwareFile(name, { id: 'fw-new', size: file.size }))))
    })
    Object.assign(client, { kind: 'http', uploadFirmware })
    await mountPage()
    expect(q('firmware-path')).toBeNull()
    expect(q('firmware-add-dialog')).toBeNull()
    expect(text('firmware-upload-limit')).toBe('up to 100.0 MB')
    await chooseFile(q('firmware-upload-input') as HTMLInputElement, new File(['firmware image v2.2'], 'fw-2.2.bin'))
    expect(uploadFirmware).toHaveBeenCalledWith(expect.any(File), 'fw-2.2.bin', expect.any(Function))
    progress(5, 20)
    await flush()
    expect(text('firmware-upload-progress')).toContain('Uploading fw-2.2.bin')
    expect(text('firmware-upload-progress')).toContain('25%')
    release()
    for (let i = 0; i < 3; i++) await flush()
    expect(q('firmware-upload-progress')).toBeNull()
    expect(q('firmware-file-row-fw-2.2.bin')).not.toBeNull()
    expect(client.callsOf('uploadFirmwareFile')).toEqual([])
  })

  it('sends nothing for a file over the largest upload and says what to do instead', async () => {
    const uploadFirmware = vi.fn()
    Object.assign(client, { kind: 'http', uploadFirmware })
    info = services({ maxUploadBytes: 1024 * 1024 })
    await mountPage()
    const big = new File(['x'], 'huge.bin')
    Object.defineProperty(big, 'size', { value: 2 * 1024 * 1024 })
    await chooseFile(q('firmware-upload-input') as HTMLInputElement, big)
    expect(uploadFirmware).not.toHaveBeenCalled()
    expect(text('firmware-add-error')).toContain('larger than the largest upload')
    expect(text('firmware-add-error')).toContain('import folder')
  })

  it('says why an upload failed', async () => {
    Object.assign(client, { kind: 'http', uploadFirmware: vi.fn(async () => Promise.reject(new ApiError('Forbidden', 'Uploads from a page of another site are refused'))) })
    await mountPage()
    await chooseFile(q('firmware-upload-input') as HTMLInputElement, new File(['abc'], 'fw.bin'))
    expect(text('firmware-add-error')).toContain('fw.bin was not added: Uploads from a page of another site are refused')
    expect(q('firmware-upload-progress')).toBeNull()
  })

  it('in the desktop app, adds the file picked in the native dialog; a cancel adds nothing', async () => {
    Object.assign(client, { kind: 'ipc' })
    const answers: Array<FirmwareFile | null> = [firmwareFile('fw-5.0.bin', { id: 'fw-dialog' }), null]
    client.handle('importFirmwareFromDialog', () => ({ file: answers.shift() ?? null }))
    await mountPage()
    expect(q('firmware-upload-input')).toBeNull()
    await click('firmware-add-dialog')
    expect(client.callsOf('importFirmwareFromDialog')).toEqual([{}])
    expect(q('firmware-file-row-fw-5.0.bin')).not.toBeNull()
    await click('firmware-add-dialog')
    expect(client.callsOf('importFirmwareFromDialog')).toHaveLength(2)
    expect(q('firmware-add-error')).toBeNull()
    client.handle('importFirmwareFromDialog', () => {
      throw new ApiError('BadRequest', 'fw.bin cannot be read (EACCES)')
    })
    await click('firmware-add-dialog')
    expect(text('firmware-add-error')).toContain('EACCES')
  })

  it('adds a file of the import folder by its name', async () => {
    client.handle('listFirmwareImportFolder', () => ({ dir: '/srv/firmware', files: [{ name: 'fw-6.0.bin', size: 2048, modifiedAt: '2024-05-01T10:00:00.000Z' }], truncated: false }))
    client.handle('importFirmwareFile', ({ fileName }) => firmwareFile(fileName, { id: 'fw-folder' }))
    await mountPage()
    expect(text('firmware-import-folder-dir')).toBe('/srv/firmware')
    const select = wrapper!.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'firmware-import-folder-select')
    expect((select!.props('options') as { label: string }[]).map((o) => o.label)).toEqual(['fw-6.0.bin — 2.00 kB'])
    select!.vm.$emit('update:value', 'fw-6.0.bin')
    await flush()
    await click('firmware-import-folder-add')
    expect(client.callsOf('importFirmwareFile')).toEqual([{ fileName: 'fw-6.0.bin' }])
    expect(q('firmware-file-row-fw-6.0.bin')).not.toBeNull()
  })

  it('without an import folder points to Settings; a folder that cannot be read says why', async () => {
    await mountPage()
    expect(text('firmware-import-folder-none')).toContain('Settings → File services')
    expect(q('firmware-import-folder')!.querySelector('a')).not.toBeNull()
    wrapper!.unmount()
    client.handle('listFirmwareImportFolder', () => ({ dir: '/gone', files: [], truncated: false, error: 'The import folder cannot be read (moved or removed?): choose it again' }))
    await mountPage()
    expect(text('firmware-import-folder-error')).toContain('choose it again')
  })

  it('deletes a file only after the confirmation', async () => {
    await mountPage()
    await click('firmware-file-delete-fw-2.0.bin')
    expect(client.callsOf('deleteFirmwareFile')).toEqual([])
    const confirm = [...document.querySelectorAll('.n-popconfirm button')].find((b) => b.textContent?.trim() === 'Delete') as HTMLButtonElement
    confirm.click()
    await flush()
    await flush()
    expect(client.callsOf('deleteFirmwareFile')).toEqual([{ id: 'fw-0' }])
    expect(q('firmware-file-row-fw-2.0.bin')).toBeNull()
  })

  it('follows firmwareFilesChanged', async () => {
    await mountPage()
    client.emit('firmwareFilesChanged', [FW])
    await flush()
    expect(q('firmware-file-row-fw-2.0.bin')).toBeNull()
    expect(q('firmware-file-row-fw-2.1.bin')).not.toBeNull()
  })
})

async function openUpdateDialog(): Promise<void> {
  await click('firmware-update')
  await flush()
}

function pickHostedFile(id: string): void {
  const select = wrapper!.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'op-firmware-file')
  select!.vm.$emit('update:value', id)
}

describe('Firmware page: UpdateFirmware to many stations', () => {
  it('lists online stations first and sends the chosen file to the chosen stations', async () => {
    await mountPage()
    await openUpdateDialog()
    const order = [...document.querySelectorAll('[data-testid^="update-station-"]')].map((el) => el.getAttribute('data-testid'))
    expect(order).toEqual(['update-station-CP1', 'update-station-CP2', 'update-station-CP3'])
    expect(text('update-station-CP3')).toContain('offline')
    expect((q('update-submit') as HTMLButtonElement).disabled).toBe(true)

    pickHostedFile('fw-1')
    await flush()
    await click('update-station-CP2')
    await click('update-station-CP1')
    await typeInto('op-field-retries', '2')
    await settle()
    expect(client.callsOf('checkCall').at(-1)).toMatchObject({ stationId: 'CP1', action: 'UpdateFirmware', payload: { location: FW.url, retries: 2 } })
    expect(text('update-submit')).toContain('Update 2 stations')
    await click('update-submit')
    expect(client.callsOf('updateFirmware')).toEqual([{ stationIds: ['CP1', 'CP2'], firmwareId: 'fw-1', retries: 2 }])
    expect(q('update-row-CP1')).not.toBeNull()
    expect(q('update-row-CP2')).not.toBeNull()
    expect(q('update-row-CP3')).toBeNull()
    expect(text('update-step-CP1')).toBe('none yet')
  })

  it('steps each station along its FirmwareStatusNotifications, a failure in red, and counts them (TC_044_1, TC_044_2)', async () => {
    await mountPage()
    await openUpdateDialog()
    pickHostedFile('fw-1')
    await click('update-station-CP1')
    await click('update-station-CP2')
    await click('update-station-CP3')
    await settle()
    await click('update-submit')
    expect(text('update-counts')).toBe('0 installed, 3 in progress')

    client.emit('taskUpdated', firmwareTask('t-CP1', 'CP1', 'answered', { response: {} }))
    client.emit('taskUpdated', firmwareTask('t-CP2', 'CP2', 'answered', { response: {} }))
    client.emit('taskUpdated', firmwareTask('t-CP3', 'CP3', 'offline', { reason: 'CP3 is not connected' }))
    client.emit('fileStatusChanged', fileStatus('CP1', { update: firmwareUpdate('t-CP1', ['Downloading']) }))
    client.emit('fileStatusChanged', fileStatus('CP2', { update: firmwareUpdate('t-CP2', ['Downloading']) }))
    await flush()
    expect(text('update-step-CP1')).toBe('Downloading')
    expect(q('update-row-CP1')!.querySelector('[data-step-state="active"]')!.textContent).toBe('Downloading')
    expect(text('update-row-CP3')).toContain('offline')
    expect(text('update-row-CP3')).toContain('Try again once it is connected')

    client.emit('fileStatusChanged', fileStatus('CP1', { update: firmwareUpdate('t-CP1', ['Downloading', 'Downloaded', 'Installing', 'Installed']) }))
    client.emit('fileStatusChanged', fileStatus('CP2', { update: firmwareUpdate('t-CP2', ['Downloading', 'DownloadFailed']) }))
    await flush()
    expect(text('update-step-CP1')).toBe('Installed')
    expect([...q('update-row-CP1')!.querySelectorAll('[data-step-state="done"]')].map((s) => s.textContent)).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed'])
    expect(text('update-step-CP2')).toBe('DownloadFailed')
    expect(q('update-row-CP2')!.querySelector('[data-step-state="failed"]')!.textContent).toBe('DownloadFailed')
    expect(text('update-row-CP2')).toContain('could not download the firmware')
    expect(text('update-counts')).toBe('1 installed, 1 failed, 1 not delivered')

    // A newer update of CP1 (sent elsewhere) becomes its current one: this row stays with its own task.
    const installed = firmwareUpdate('t-CP1', ['Downloading', 'Downloaded', 'Installing', 'Installed'])
    const newer = firmwareUpdate('t-other', ['Downloading'])
    const cp1 = fileStatus('CP1', { update: newer })
    client.emit('fileStatusChanged', { ...cp1, firmware: { ...cp1.firmware, history: [newer, installed] } })
    await flush()
    expect(text('update-step-CP1')).toBe('Installed')

    await click('update-retry')
    expect(client.callsOf('updateFirmware').at(-1)).toEqual({ stationIds: ['CP2', 'CP3'], firmwareId: 'fw-1' })
  })

  it('sends a typed location, and says why nothing was sent when the CSMS refuses', async () => {
    client.handle('updateFirmware', () => {
      throw new ApiError('BadRequest', 'retrieveDate must be a date-time')
    })
    await mountPage()
    await openUpdateDialog()
    await typeInto('op-field-location', 'ftp://fw.example.com/fw.bin')
    await click('update-station-CP1')
    await settle()
    await click('update-submit')
    expect(client.callsOf('updateFirmware')).toEqual([{ stationIds: ['CP1'], location: 'ftp://fw.example.com/fw.bin' }])
    expect(text('update-error')).toContain('Nothing was sent: retrieveDate must be a date-time')
  })

  it('keeps following the update on the page once the dialog is closed', async () => {
    await mountPage()
    await openUpdateDialog()
    pickHostedFile('fw-1')
    await click('update-station-CP1')
    await settle()
    await click('update-submit')
    const close = [...document.querySelectorAll('[data-testid="update-dialog"] button')].find((b) => b.textContent?.includes('Close (progress')) as HTMLButtonElement
    close.click()
    await flush()
    await flush()
    expect(q('last-update')).not.toBeNull()
    client.emit('fileStatusChanged', fileStatus('CP1', { update: firmwareUpdate('t-CP1', ['Downloading', 'Downloaded', 'Installing']) }))
    await flush()
    expect(q('last-update')!.querySelector('[data-testid="update-step-CP1"]')!.textContent).toBe('Installing')
  })
})

describe('Firmware page: diagnostics', () => {
  it('lists the uploads newest first with station, size, via and the linked request, and adds one that arrives', async () => {
    await mountPage()
    const rows = [...q('diagnostics-uploads')!.querySelectorAll('[data-testid^="upload-row-"]')].map((el) => el.getAttribute('data-testid'))
    expect(rows).toEqual(['upload-row-CP2-diag.zip', 'upload-row-CP1-diag.log'])
    expect(text('upload-row-CP2-diag.zip')).toContain('CP2')
    expect(text('upload-row-CP2-diag.zip')).toContain('http-put')
    expect(text('upload-row-CP2-diag.zip')).toContain('not linked')
    expect(text('upload-row-CP1-diag.log')).toContain('2.00 kB')
    expect(text('upload-row-CP1-diag.log')).toContain('GetDiagnostics')
    // Open is offered for text files only.
    expect(q('upload-open-up-1')).not.toBeNull()
    expect(q('upload-open-up-2')).toBeNull()

    client.emit('diagnosticsUploaded', upload('up-3', 'CP1-late.log', { receivedAt: '2024-05-01T13:00:00.000Z' }))
    await flush()
    expect(q('diagnostics-uploads')!.querySelector('[data-testid^="upload-row-"]')!.getAttribute('data-testid')).toBe('upload-row-CP1-late.log')
  })

  it('saves an upload: reads it and downloads the decoded bytes under its name', async () => {
    await mountPage()
    await click('upload-save-up-1')
    expect(client.callsOf('readDiagnosticsUpload')).toEqual([{ id: 'up-1' }])
    expect(createObjectURL).toHaveBeenCalledOnce()
    const blob = createObjectURL.mock.calls[0]![0]
    expect(await blob.text()).toBe('boot ok\nerror 42\n')
  })

  it('opens a text upload in a window, and says why a file could not be read', async () => {
    await mountPage()
    await click('upload-open-up-1')
    expect(text('upload-text')).toBe('boot ok\nerror 42\n')
    client.handle('readDiagnosticsUpload', () => {
      throw new ApiError('Conflict', 'The file is 90000000 bytes, too large to hand over here; find it on this PC in the data directory (/data/diagnostics/x)')
    })
    await click('upload-save-up-2')
    expect(createObjectURL).not.toHaveBeenCalled()
    expect(text('upload-error-up-2')).toContain('find it on this PC in the data directory')
  })

  it('requests diagnostics from a chosen station and shows the request’s progress up to the file (TC_045_1)', async () => {
    await mountPage()
    await click('diagnostics-request')
    const select = wrapper!.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'diagnostics-station')
    select!.vm.$emit('update:value', 'CP2')
    await flush()
    await flush()
    ;(q('op-diagnostics-protocol-http-put')!.querySelector('input') as HTMLInputElement).dispatchEvent(new Event('change'))
    await settle()
    ;(q('op-send') as HTMLButtonElement).click()
    await flush()
    expect(client.callsOf('requestDiagnostics')).toEqual([{ stationId: 'CP2', protocol: 'http-put' }])

    client.emit('fileStatusChanged', fileStatus('CP2', { request: diagnosticsRequest('diag-task-1', ['Uploading'], { fileName: 'CP2-now.log' }) }))
    await flush()
    expect(text('diagnostics-file-name')).toContain('CP2-now.log')
    const arrived = upload('up-9', 'CP2-now.log', { stationId: 'CP2', requestTaskId: 'diag-task-1' })
    client.emit('diagnosticsUploaded', arrived)
    client.emit('fileStatusChanged', fileStatus('CP2', { request: diagnosticsRequest('diag-task-1', ['Uploading', 'Uploaded'], { fileName: 'CP2-now.log', uploadId: 'up-9' }) }))
    await flush()
    expect(text('diagnostics-arrived')).toContain('CP2-now.log')
    expect(q('diagnostics-progress')!.querySelector('[data-step-state="done"]:last-child')!.textContent).toBe('Uploaded')
  })

  it('a firmware file and an upload the CSMS could not show whole are rows marked so (issue 18 §4)', async () => {
    files = [OLD, { ...FW, unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' }]
    uploads = [{ ...uploads[0]!, unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' }, uploads[1]!]
    await mountPage()
    expect(wrapper!.find('[data-testid="firmware-file-row-fw-2.0.bin"] [data-testid="unreadable"]').exists()).toBe(false)
    expect(wrapper!.find('[data-testid="firmware-file-row-fw-2.1.bin"] [data-testid="unreadable"]').attributes('title')).toContain('nested too deeply')
    expect(wrapper!.find('[data-testid="upload-row-CP2-diag.zip"] [data-testid="unreadable"]').exists()).toBe(true)
    expect(wrapper!.find('[data-testid="upload-row-CP1-diag.log"] [data-testid="unreadable"]').exists()).toBe(false)
  })
})
