import { Readable } from 'node:stream'
import { Client } from 'basic-ftp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, FirmwareFile, StationFileStatus } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const status = (connectorId: number, s: string) => ({ connectorId, status: s, errorCode: 'NoError' })

describe('Firmware Management OCTT cases (a scripted charge point downloads and uploads for real)', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    cp = await h.booted('CP-FW')
    for (const connectorId of [0, 1]) await cp.call('StatusNotification', status(connectorId, 'Available'))
  })
  afterEach(async () => h.stop())

  const fileStatus = () => h.invoke<StationFileStatus>('getStationFileStatus', { stationId: 'CP-FW' })
  const statuses = async (kind: 'firmware' | 'diagnostics') => (await fileStatus())[kind].current?.statuses.map((s) => s.status)

  async function update(): Promise<{ location: string; task: CallTask }> {
    const file = await h.invoke<FirmwareFile>('uploadFirmwareFile', { name: 'fw-9.bin', contentBase64: Buffer.from('FIRMWARE IMAGE').toString('base64') })
    const incoming = cp.nextCall('UpdateFirmware')
    const { tasks } = await h.invoke<{ tasks: CallTask[] }>('updateFirmware', { stationIds: ['CP-FW'], firmwareId: file.id, retries: 2, retryInterval: 30 })
    const call = await incoming
    const request = call[3] as { location: string; retrieveDate: string; retries: number; retryInterval: number }
    expect(request).toMatchObject({ location: file.url, retries: 2, retryInterval: 30 })
    expect(request.retrieveDate).toMatch(/\.\d{3}Z$/)
    cp.answer(call, {})
    return { location: request.location, task: tasks[0]! }
  }

  it('TC_044_1_CSMS download and install: the station fetches the firmware from the built-in host; every status is on the timeline', async () => {
    const { location } = await update()
    await cp.call('FirmwareStatusNotification', { status: 'Downloading' })
    const downloaded = await fetch(location)
    expect(await downloaded.text()).toBe('FIRMWARE IMAGE')
    await cp.call('FirmwareStatusNotification', { status: 'Downloaded' })
    for (const connectorId of [0, 1]) await cp.call('StatusNotification', status(connectorId, 'Unavailable'))
    await cp.call('FirmwareStatusNotification', { status: 'Installing' })
    expect((await cp.boot())[2]).toMatchObject({ status: 'Accepted' })
    for (const connectorId of [0, 1]) await cp.call('StatusNotification', status(connectorId, 'Available'))
    expect((await cp.call('FirmwareStatusNotification', { status: 'Installed' }))[2]).toEqual({})
    expect(await statuses('firmware')).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed'])
    expect((await fileStatus()).firmware.current).toMatchObject({ location, outcome: 'answered' })
  })

  it('TC_044_2_CSMS download failed; TC_044_3_CSMS installation failed after the reboot', async () => {
    await update()
    await cp.call('FirmwareStatusNotification', { status: 'Downloading' })
    await cp.call('FirmwareStatusNotification', { status: 'DownloadFailed' })
    expect(await statuses('firmware')).toEqual(['Downloading', 'DownloadFailed'])
    await update()
    for (const s of ['Downloading', 'Downloaded', 'Installing']) await cp.call('FirmwareStatusNotification', { status: s })
    await cp.boot()
    await cp.call('FirmwareStatusNotification', { status: 'InstallationFailed' })
    const after = await fileStatus()
    expect(after.firmware.current?.statuses.map((s) => s.status)).toEqual(['Downloading', 'Downloaded', 'Installing', 'InstallationFailed'])
    expect(after.firmware.history).toHaveLength(2)
    expect(after.firmware.lastStatus?.status).toBe('InstallationFailed')
  })

  it('TC_045_1_CSMS GetDiagnostics to the built-in FTP receiver: the fileName, Uploading/Uploaded, and the file that arrived linked to the request', async () => {
    const incoming = cp.nextCall('GetDiagnostics')
    const task = await h.invoke<CallTask>('requestDiagnostics', { stationId: 'CP-FW', protocol: 'ftp', startTime: '2026-01-01T00:00:00Z', retries: 1 })
    const call = await incoming
    const request = call[3] as { location: string; startTime: string; retries: number }
    expect(request).toMatchObject({ startTime: '2026-01-01T00:00:00.000Z', retries: 1 })
    cp.answer(call, { fileName: 'diag-cp-fw.zip' })
    await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' })
    const url = new URL(request.location)
    const client = new Client(5000)
    await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) })
    await client.uploadFrom(Readable.from([Buffer.from('zip bytes')]), 'diag-cp-fw.zip')
    client.close()
    await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' })
    await expect.poll(async () => (await fileStatus()).diagnostics.current?.uploadId).toBeDefined()
    const current = (await fileStatus()).diagnostics.current!
    expect(current).toMatchObject({ taskId: task.id, fileName: 'diag-cp-fw.zip', outcome: 'answered' })
    expect(current.statuses.map((s) => s.status)).toEqual(['Uploading', 'Uploaded'])
    const { upload } = await h.invoke<{ upload: { requestTaskId: string; fileName: string } }>('readDiagnosticsUpload', { id: current.uploadId! })
    expect(upload).toMatchObject({ requestTaskId: task.id, fileName: 'diag-cp-fw.zip' })
  })

  it('TC_045_2_CSMS upload failed; a GetDiagnostics without fileName means no diagnostics; a typed location is sent as typed', async () => {
    const incoming = cp.nextCall('GetDiagnostics')
    await h.invoke('requestDiagnostics', { stationId: 'CP-FW', location: 'ftp://user:pass@diag.example.org/logs/' })
    const call = await incoming
    expect((call[3] as { location: string }).location).toBe('ftp://user:pass@diag.example.org/logs/')
    cp.answer(call, {})
    await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' })
    await cp.call('DiagnosticsStatusNotification', { status: 'UploadFailed' })
    const current = (await fileStatus()).diagnostics.current!
    expect(current.fileName).toBeUndefined()
    expect(current.statuses.map((s) => s.status)).toEqual(['Uploading', 'UploadFailed'])
  })

  it('warns when a location points at the station itself or uses a protocol it does not list', async () => {
    const cpWithConfig = await h.connect('CP-PROTO', { autoAnswer: (action) => (action === 'GetConfiguration' ? { configurationKey: [{ key: 'SupportedFileTransferProtocols', readonly: true, value: 'FTP' }] } : {}) })
    await cpWithConfig.boot()
    await h.invoke('sendCall', { stationId: 'CP-PROTO', action: 'GetConfiguration', payload: {}, wait: true })
    const { tasks } = await h.invoke<{ tasks: CallTask[] }>('updateFirmware', { stationIds: ['CP-PROTO'], location: 'http://localhost:8181/firmware/x.bin' })
    const text = tasks[0]!.warnings?.join('\n') ?? ''
    expect(text).toMatch(/station itself/)
    expect(text).toMatch(/SupportedFileTransferProtocols/)
  })
})
