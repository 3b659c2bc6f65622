import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { DiagnosticsUpload, StationFileStatus } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import StationFilesCard from '@renderer/components/firmware/StationFilesCard.vue'
import { FakeClient } from '../fake-client'
import { station } from '../fixtures'
import { base64Of, diagnosticsRequest, fileStatus, firmwareFile, firmwareTask, firmwareUpdate, services, statuses, upload } from '../firmware-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let status: StationFileStatus
let uploads: DiagnosticsUpload[]
const createObjectURL = vi.fn((_blob: Blob) => 'blob:fake')

beforeEach(() => {
  status = fileStatus('CP1', {
    update: firmwareUpdate('fw-7', ['Downloading', 'Downloaded', 'Installing']),
    request: diagnosticsRequest('diag-3', ['Uploading', 'Uploaded'], { fileName: 'CP1-0501.log', uploadId: 'up-1' }),
  })
  uploads = [upload('up-1', 'CP1-0501.log', { requestTaskId: 'diag-3' }), upload('up-0', 'CP2-other.log', { stationId: 'CP2' })]
  createObjectURL.mockClear()
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
  client = new FakeClient()
  client
    .handle('getStationFileStatus', () => status)
    .handle('listDiagnosticsUploads', () => uploads)
    .handle('listStations', () => [station('CP1', true)])
    .handle('listFirmwareFiles', () => [firmwareFile('fw-2.1.bin', { id: 'fw-1' })])
    .handle('getFileServices', () => services())
    .handle('checkCall', () => ({ sendable: true, violations: [], warnings: [] }))
    .handle('updateFirmware', (args) => ({ tasks: args.stationIds.map((id) => firmwareTask('fw-8', id, 'queued')) }))
    .handle('readDiagnosticsUpload', ({ id }) => ({ upload: uploads.find((u) => u.id === id)!, contentBase64: base64Of('log line\n') }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const q = (testid: string): HTMLElement | null => document.querySelector(`[data-testid="${testid}"]`)
const text = (testid: string): string => q(testid)?.textContent ?? ''

async function mountCard(stationId = 'CP1'): Promise<void> {
  ;({ wrapper } = await mountWithApp(StationFilesCard, { stationId }))
  await flush()
  await flush()
}

describe('Station firmware and diagnostics card', () => {
  it('shows the current firmware update: the latest status, the step bar and every status with its time', async () => {
    await mountCard()
    expect(client.callsOf('getStationFileStatus')).toEqual([{ stationId: 'CP1' }])
    expect(text('station-firmware-status')).toContain('Installing')
    const view = q('firmware-update-view')!
    expect([...view.querySelectorAll('[data-step-state="done"]')].map((s) => s.textContent)).toEqual(['Downloading', 'Downloaded'])
    expect(view.querySelector('[data-step-state="active"]')!.textContent).toBe('Installing')
    const timeline = view.querySelector('[data-testid="status-timeline"]')!.textContent!
    expect(timeline).toContain('2024-05-01 12:00:00.000 UTC')
    expect(timeline).toContain('2024-05-01 12:00:02.000 UTC')
    expect(view.textContent).toContain('/firmware/fw-1/fw-2.1.bin')
  })

  it('follows fileStatusChanged for its station only, an InstallationFailed in red with what to do (TC_044_3)', async () => {
    await mountCard()
    client.emit('fileStatusChanged', fileStatus('CP2', { update: firmwareUpdate('fw-x', ['DownloadFailed']) }))
    await flush()
    expect(text('station-firmware-status')).toContain('Installing')
    client.emit('fileStatusChanged', { ...status, firmware: fileStatus('CP1', { update: firmwareUpdate('fw-7', ['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']) }).firmware })
    await flush()
    expect(text('station-firmware-status')).toContain('InstallationFailed')
    expect(q('firmware-update-view')!.querySelector('[data-step-state="failed"]')!.textContent).toBe('InstallationFailed')
    expect(text('firmware-update-view')).toContain('could not install it')
  })

  it('shows a status reported without a request (Idle on a trigger) as the latest', async () => {
    status = fileStatus('CP1', { firmwareLast: statuses('Idle')[0] })
    await mountCard()
    expect(text('station-firmware-status')).toContain('Idle')
    expect(text('station-files')).toContain('No UpdateFirmware sent to this station yet')
    expect(text('station-diagnostics-status')).toContain('no DiagnosticsStatusNotification received')
  })

  it('shows the current diagnostics request with its fileName, statuses and the file that arrived, which can be saved', async () => {
    await mountCard()
    expect(text('station-diagnostics-status')).toContain('Uploaded')
    expect(text('diagnostics-file-name')).toContain('CP1-0501.log')
    expect(text('diagnostics-arrived')).toContain('CP1-0501.log')
    // The station's uploads only.
    expect(q('upload-row-CP1-0501.log')).not.toBeNull()
    expect(q('upload-row-CP2-other.log')).toBeNull()
    ;(q('diagnostics-arrived')!.querySelector('[data-testid="upload-save-up-1"]') as HTMLButtonElement).click()
    await flush()
    await flush()
    expect(client.callsOf('readDiagnosticsUpload')).toEqual([{ id: 'up-1' }])
    expect(await createObjectURL.mock.calls[0]![0].text()).toBe('log line\n')
  })

  it('warns when the station reported Uploaded but no file arrived, saying what to check, and drops the warning when the file comes', async () => {
    const note = 'The station reported Uploaded, but no file arrived at the location made for this request within 15 s. Check that the station reaches the FTP receiver at 192.168.1.20:2121 and its passive data ports 2122–2199 (firewall on this PC and on the site LAN).'
    status = fileStatus('CP1', { request: diagnosticsRequest('diag-4', ['Uploading', 'Uploaded'], { fileName: 'CP1.log', uploadMissing: true, uploadNote: note }) })
    await mountCard()
    expect(text('station-diagnostics-status')).toContain('but no file arrived')
    const warning = text('diagnostics-upload-missing')
    expect(warning).toContain('Uploaded, but no file arrived')
    expect(warning).toContain('passive data ports 2122–2199')
    expect(warning).toContain('firewall')
    uploads = [...uploads, upload('up-9', 'CP1.log', { requestTaskId: 'diag-4' })]
    client.emit('fileStatusChanged', fileStatus('CP1', { request: diagnosticsRequest('diag-4', ['Uploading', 'Uploaded'], { fileName: 'CP1.log', uploadId: 'up-9' }) }))
    await flush()
    expect(q('diagnostics-upload-missing')).toBeNull()
    expect(text('station-diagnostics-status')).not.toContain('no file arrived')
  })

  it('adds an upload of this station that arrives', async () => {
    await mountCard()
    client.emit('diagnosticsUploaded', upload('up-5', 'CP1-late.log', { receivedAt: '2024-05-01T14:00:00.000Z' }))
    await flush()
    expect(q('upload-row-CP1-late.log')).not.toBeNull()
  })

  it('opens UpdateFirmware for this station and sends it with this station only', async () => {
    await mountCard()
    q('station-files-update')!.click()
    await flush()
    await flush()
    const input = q('op-field-location') as HTMLInputElement
    input.value = 'http://fw.example.com/fw.bin'
    input.dispatchEvent(new Event('input'))
    await new Promise((r) => setTimeout(r, 320))
    await flush()
    ;(q('op-send') as HTMLButtonElement).click()
    await flush()
    expect(client.callsOf('updateFirmware')).toEqual([{ stationIds: ['CP1'], location: 'http://fw.example.com/fw.bin' }])
  })

  it('says what failed when the state cannot be loaded, and loads again on request', async () => {
    client.handle('getStationFileStatus', () => {
      throw new ApiError('NotFound', 'No charge point "CP9" is known to this Central System')
    })
    await mountCard('CP9')
    expect(text('station-files')).toContain('Could not load the firmware and diagnostics state of CP9')
    client.handle('getStationFileStatus', () => fileStatus('CP9'))
    const retry = [...q('station-files')!.querySelectorAll('button')].find((b) => b.textContent?.includes('Try again')) as HTMLButtonElement
    retry.click()
    await flush()
    await flush()
    expect(text('station-files')).not.toContain('Could not load')
    expect(text('station-files')).toContain('No UpdateFirmware sent to this station yet')
  })
})
