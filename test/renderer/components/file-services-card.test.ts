import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { FileServicesInfo, Settings } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import FileServicesCard from '@renderer/components/settings/FileServicesCard.vue'
import { FakeClient } from '../fake-client'
import { fileServices, settingsWithFiles } from '../file-services-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let info: FileServicesInfo
let saved: Settings

/** What main answers after the address changes: the URLs follow it. */
function withHost(host: string | null): FileServicesInfo {
  const publicHost = host ?? '192.168.1.5'
  return fileServices({ publicHost, http: { port: 8181, running: true, baseUrl: `http://${publicHost}:8181` }, ftp: { port: 2121, running: true, baseUrl: `ftp://${publicHost}:2121`, passivePorts: [2122, 2199] } })
}

beforeEach(() => {
  info = fileServices()
  saved = settingsWithFiles()
  client = new FakeClient()
  client
    .handle('getFileServices', () => info)
    .handle('getSettings', () => saved)
    .handle('setFileServicesHost', ({ publicHost }) => {
      saved = { ...saved, files: { ...saved.files, publicHost } }
      info = withHost(publicHost)
      return info
    })
    .handle('updateSettings', (args) => {
      saved = { ...saved, files: { ...saved.files, ...args.files } }
      info = { ...info, maxUploadBytes: saved.files.maxUploadMb * 1024 * 1024 }
      return saved
    })
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountCard(): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(FileServicesCard))
  await flush()
  await flush()
  return wrapper
}

const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const radio = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"] input`).element as HTMLInputElement

async function pick(w: VueWrapper, id: string): Promise<void> {
  await w.find(`[data-testid="${id}"] input`).trigger('change')
  await flush()
  await flush()
}

describe('File services card', () => {
  it('shows the HTTP and FTP URLs to copy, both running, and the bind address', async () => {
    const w = await mountCard()
    expect(byTestId(w, 'file-services-card').exists()).toBe(true)
    expect(byTestId(w, 'files-http-url').text()).toBe('http://192.168.1.5:8181')
    expect(byTestId(w, 'files-ftp-url').text()).toBe('ftp://192.168.1.5:2121')
    expect(byTestId(w, 'files-http-url-state').text()).toContain('running on port 8181')
    expect(byTestId(w, 'files-ftp-url-state').text()).toContain('running on port 2121')
    expect(byTestId(w, 'files-bind-host').text()).toBe('0.0.0.0')
    expect(byTestId(w, 'files-ftp-url-error').exists()).toBe(false)
  })

  it('says a service that could not start, and to restart with another port when a program holds it', async () => {
    info = fileServices({ ftp: { port: 2121, running: false, error: 'FTP receiver not started: listen EADDRINUSE: address already in use 0.0.0.0:2121', baseUrl: 'ftp://192.168.1.5:2121', passivePorts: [2122, 2199] } })
    const w = await mountCard()
    expect(byTestId(w, 'files-ftp-url-state').text()).toContain('not running')
    const error = byTestId(w, 'files-ftp-url-error').text()
    expect(error).toContain('EADDRINUSE')
    expect(error).toContain('another program already uses port 2121')
    expect(error).toContain('--ftp-port')
    expect(error).toContain('README')
    expect(byTestId(w, 'files-http-url-error').exists()).toBe(false)
  })

  it('marks Automatic while no address is chosen, and offers every address of this PC', async () => {
    const w = await mountCard()
    expect(radio(w, 'files-public-host-auto').checked).toBe(true)
    expect(byTestId(w, 'files-public-host-auto').text()).toContain('192.168.1.5')
    for (const host of ['192.168.1.5', '10.0.0.7', '127.0.0.1']) expect(radio(w, `files-public-host-${host}`).checked).toBe(false)
  })

  it('choosing one of the PC’s addresses calls setFileServicesHost with it and shows the new URLs', async () => {
    const w = await mountCard()
    await pick(w, 'files-public-host-10.0.0.7')
    expect(client.callsOf('setFileServicesHost')).toEqual([{ publicHost: '10.0.0.7' }])
    expect(byTestId(w, 'files-http-url').text()).toBe('http://10.0.0.7:8181')
    expect(radio(w, 'files-public-host-10.0.0.7').checked).toBe(true)
    expect(document.body.textContent).toContain('Stations are now given URLs with 10.0.0.7')
  })

  it('choosing Automatic sends null', async () => {
    saved = settingsWithFiles({ publicHost: '10.0.0.7' })
    info = withHost('10.0.0.7')
    const w = await mountCard()
    expect(radio(w, 'files-public-host-10.0.0.7').checked).toBe(true)
    await pick(w, 'files-public-host-auto')
    expect(client.callsOf('setFileServicesHost')).toEqual([{ publicHost: null }])
    expect(radio(w, 'files-public-host-auto').checked).toBe(true)
    expect(byTestId(w, 'files-ftp-url').text()).toBe('ftp://192.168.1.5:2121')
  })

  it('sends a typed address as typed, and refuses a URL before sending', async () => {
    const w = await mountCard()
    await byTestId(w, 'files-public-host-input').setValue('http://csms.local/')
    expect(w.text()).toContain('without http://')
    expect(byTestId(w, 'files-public-host-use').attributes('disabled')).toBeDefined()
    await byTestId(w, 'files-public-host-input').setValue(' csms.depot.lan ')
    await byTestId(w, 'files-public-host-use').trigger('click')
    await flush()
    await flush()
    expect(client.callsOf('setFileServicesHost')).toEqual([{ publicHost: 'csms.depot.lan' }])
    expect(radio(w, 'files-public-host-csms.depot.lan').checked).toBe(true)
  })

  it('warns that stations on the network cannot reach this PC at 127.0.0.1', async () => {
    const w = await mountCard()
    expect(byTestId(w, 'files-public-host-warning').exists()).toBe(false)
    await pick(w, 'files-public-host-127.0.0.1')
    expect(byTestId(w, 'files-public-host-warning').text().toLowerCase()).toContain('stations on the network cannot reach this pc at 127.0.0.1')
  })

  it('warns as well when the automatic address is 127.0.0.1 (no network found)', async () => {
    info = fileServices({ publicHost: '127.0.0.1', candidateHosts: ['127.0.0.1'] })
    const w = await mountCard()
    expect(byTestId(w, 'files-public-host-warning').text()).toContain('127.0.0.1')
  })

  it('says when the address could not be changed, keeping the previous one', async () => {
    client.handle('setFileServicesHost', () => {
      throw new ApiError('NetworkError', 'The CSMS did not answer')
    })
    const w = await mountCard()
    await pick(w, 'files-public-host-10.0.0.7')
    expect(document.body.textContent).toContain('Address not changed: The CSMS did not answer')
    expect(radio(w, 'files-public-host-auto').checked).toBe(true)
    expect(byTestId(w, 'files-http-url').text()).toBe('http://192.168.1.5:8181')
  })

  it('saves the upload limit through updateSettings files, then reloads the file services', async () => {
    const w = await mountCard()
    const input = w.find('[data-testid="files-max-upload"] input')
    expect((input.element as HTMLInputElement).value).toBe('256')
    expect(byTestId(w, 'files-save').attributes('disabled')).toBeDefined()
    await input.setValue('1024')
    await input.trigger('blur')
    await flush()
    const loadsBefore = client.callsOf('getFileServices').length
    await byTestId(w, 'files-save').trigger('click')
    await flush()
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([{ files: { maxUploadMb: 1024 } }])
    expect(client.callsOf('getFileServices').length).toBeGreaterThan(loadsBefore)
    expect(byTestId(w, 'files-save').attributes('disabled')).toBeDefined()
    expect(document.body.textContent).toContain('Saved: largest upload 1024 MiB')
  })

  it('refuses an upload limit outside 1–65,536 MiB before sending', async () => {
    const w = await mountCard()
    const input = w.find('[data-testid="files-max-upload"] input')
    await input.setValue('70000')
    await input.trigger('blur')
    await flush()
    expect(byTestId(w, 'files-max-upload-problem').text()).toContain('1–65,536 MiB')
    await byTestId(w, 'files-save').trigger('click')
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([])
  })

  it('reloads the file services on firmwareFilesChanged and settingsUpdated', async () => {
    const w = await mountCard()
    info = withHost('10.0.0.7')
    client.emit('firmwareFilesChanged', [])
    await flush()
    expect(byTestId(w, 'files-http-url').text()).toBe('http://10.0.0.7:8181')
    info = fileServices({ http: { port: 8181, running: false, error: 'HTTP file service not started: listen EADDRINUSE', baseUrl: 'http://192.168.1.5:8181' } })
    client.emit('settingsUpdated', saved)
    await flush()
    expect(byTestId(w, 'files-http-url-error').text()).toContain('--files-port')
  })

  it('says the file services could not be loaded and offers to try again', async () => {
    client.handle('getFileServices', () => {
      throw new ApiError('NetworkError', 'connection refused')
    })
    const w = await mountCard()
    expect(byTestId(w, 'files-error').text()).toContain('Could not load the file services: connection refused')
    client.handle('getFileServices', () => info)
    await byTestId(w, 'files-error').find('button').trigger('click')
    await flush()
    expect(byTestId(w, 'files-http-url').text()).toBe('http://192.168.1.5:8181')
  })

  it('shows the FTP passive data ports and how to change them at start', async () => {
    info = fileServices({ ftp: { port: 2121, running: true, baseUrl: 'ftp://192.168.1.5:2121', passivePorts: [40000, 40099] } })
    const w = await mountCard()
    expect(byTestId(w, 'files-ftp-passive-ports').text()).toBe('40000–40099')
    const row = byTestId(w, 'files-ftp-passive').text()
    expect(row).toContain('--ftp-passive-ports')
    expect(row).toContain('firewall')
  })

  it('saves the receivers’ limits together, and refuses out-of-range values before sending', async () => {
    const w = await mountCard()
    expect((byTestId(w, 'files-uploadIdleSec').find('input').element as HTMLInputElement).value).toBe('60')
    await byTestId(w, 'files-uploadIdleSec').find('input').setValue('2')
    await flush()
    expect(byTestId(w, 'files-uploadIdleSec-problem').text()).toContain('Out of range: 5–3,600 s')
    await byTestId(w, 'files-limits-save').trigger('click')
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([])
    expect(document.body.textContent).toContain('Not saved. Upload inactivity limit: Out of range')
    await byTestId(w, 'files-uploadIdleSec').find('input').setValue('120')
    await byTestId(w, 'files-ftpMaxConnectionsPerAddress').find('input').setValue('8')
    await flush()
    await byTestId(w, 'files-limits-save').trigger('click')
    await flush()
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([{ files: { uploadIdleSec: 120, ftpMaxConnectionsPerAddress: 8 } }])
    expect(saved.files).toMatchObject({ uploadIdleSec: 120, ftpMaxConnectionsPerAddress: 8 })
    expect(document.body.textContent).toContain('Saved: Upload inactivity limit, FTP connections per address')
  })
})

describe('File services card: the firmware import folder', () => {
  it('in a browser shows the folder and can only clear it; says how to set one (--import-dir)', async () => {
    saved = settingsWithFiles({ importDir: '/srv/firmware' })
    const w = await mountCard()
    expect(byTestId(w, 'import-folder-dir').text()).toBe('/srv/firmware')
    expect(byTestId(w, 'import-folder-choose').exists()).toBe(false)
    expect(byTestId(w, 'import-folder-setting').text()).toContain('--import-dir')
    await byTestId(w, 'import-folder-clear').trigger('click')
    await flush()
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([{ files: { importDir: null } }])
    expect(byTestId(w, 'import-folder-none').exists()).toBe(true)
    expect(byTestId(w, 'import-folder-clear').exists()).toBe(false)
  })

  it('in the desktop app chooses the folder in the native dialog; a refusal says why', async () => {
    Object.assign(client, { kind: 'ipc' })
    client.handle('chooseFirmwareImportFolder', () => {
      saved = settingsWithFiles({ importDir: '/home/me/firmware' })
      return { importDir: '/home/me/firmware' }
    })
    const w = await mountCard()
    expect(byTestId(w, 'import-folder-none').exists()).toBe(true)
    expect(byTestId(w, 'import-folder-setting').text()).not.toContain('--import-dir')
    await byTestId(w, 'import-folder-choose').trigger('click')
    for (let i = 0; i < 4; i++) await flush()
    expect(client.callsOf('chooseFirmwareImportFolder')).toEqual([{}])
    expect(byTestId(w, 'import-folder-dir').text()).toBe('/home/me/firmware')
    client.handle('chooseFirmwareImportFolder', () => {
      throw new ApiError('Conflict', 'A file dialog is already open on this PC: finish it first')
    })
    await byTestId(w, 'import-folder-choose').trigger('click')
    for (let i = 0; i < 4; i++) await flush()
    expect(document.body.textContent).toContain('Import folder not changed: A file dialog is already open')
  })
})
