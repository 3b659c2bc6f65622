/**
 * Issue 17 §3: ids are data, not object keys. Names of Object.prototype members (`__proto__`,
 * `constructor`, `toString`, …) walk through every API and protocol path that takes an id — as
 * station identity, idTag, configuration key, list and library id, upload token, FTP password, file
 * name and messageId — over real sockets, next to an ordinary id. Each must behave like the ordinary
 * one: stored, listed, kept apart from the others, still there after a restart, and nothing leaks
 * into Object.prototype.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Client } from 'basic-ftp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type {
  AuthList,
  CallTask,
  ConfigurationSnapshot,
  DiagnosticsUpload,
  FileServicesInfo,
  FirmwareFile,
  IdTagRecord,
  LibraryProfile,
  LogPage,
  Reservation,
  StationChargingView,
  StationDetail,
  StationFileStatus,
  StationLocalList,
  StationSummary,
  TransactionSummary,
} from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import { PROTOTYPE_NAMES, prototypeChanges } from '../../support/prototype-names'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const ORDINARY = 'CP-ORDINARY'
/** Every id under test: the hostile names and one ordinary id that shows what "works" means. */
const IDS: readonly string[] = [...PROTOTYPE_NAMES, ORDINARY]
const PASSWORD = 'ids-are-data-0123456'
/** Waits for conditions, never for fixed times: generous, so a loaded machine only makes it slower. */
const POLL = { timeout: 15_000 }
const TEST_TIMEOUT = 120_000
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
const daily = {
  chargingProfileId: 1,
  stackLevel: 1,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: { startSchedule: '2026-01-01T22:00:00Z', duration: 28_800, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
}

/** What a scripted station reports of its configuration: every hostile key, its own one read-only. */
function reportedKeys(station: string) {
  if (station === ORDINARY) return [{ key: 'HeartbeatInterval', readonly: false, value: '300' }]
  return PROTOTYPE_NAMES.map((key) => ({ key, readonly: key === station, value: `${station}:${key}` }))
}

function answers(station: string) {
  return (action: string): unknown => {
    switch (action) {
      case 'GetConfiguration':
        return { configurationKey: reportedKeys(station) }
      case 'GetDiagnostics':
        return { fileName: station }
      case 'ChangeConfiguration':
      case 'SendLocalList':
      case 'ReserveNow':
      case 'SetChargingProfile':
      case 'ClearCache':
        return { status: 'Accepted' }
      default:
        return {}
    }
  }
}

/** A POST /api/<command> over HTTP; throws with the status and body unless it is 200. */
async function api<T>(h: Harness, command: string, args: unknown = {}): Promise<T> {
  const { status, body } = await h.http(command, args)
  if (status !== 200) throw Object.assign(new Error(`${command} → HTTP ${status}: ${JSON.stringify(body)}`), { status, body })
  return body as T
}

/** The HTTP status a command is refused with (200 when it is not refused). */
async function refusal(h: Harness, command: string, args: unknown): Promise<number> {
  return (await h.http(command, args)).status
}

function ownKeys(value: object | undefined): string[] {
  return value ? Object.keys(value).sort() : []
}

describe('ids are data: names of Object.prototype members work like any other id, over real sockets', () => {
  let dataDir: string
  let running: Harness[] = []
  const start = async () => {
    const h = await startHarness({ inMemory: false, dataDir })
    running.push(h)
    return h
  }
  const stop = async (h: Harness) => {
    running = running.filter((other) => other !== h)
    await h.stop()
  }
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-ids-as-data-'))
  })
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop().catch(() => undefined)
    await rm(dataDir, { recursive: true, force: true })
    expect(prototypeChanges()).toEqual([])
  })

  it('as station identities, idTags, configuration keys, list, library and reservation ids: stored, listed, kept apart, and kept over a restart', async () => {
    const h = await start()
    const stations = new Map<string, ScriptedChargePoint>()
    // Nothing is known yet: every name is unknown everywhere (an inherited member is not a record).
    for (const id of IDS) {
      expect(await refusal(h, 'getStation', { stationId: id }), `getStation ${id}`).toBe(404)
      expect(await refusal(h, 'deleteIdTag', { idTag: id }), `deleteIdTag ${id}`).toBe(404)
      expect(await refusal(h, 'deleteAuthList', { id }), `deleteAuthList ${id}`).toBe(404)
      expect(await refusal(h, 'deleteChargingProfile', { id }), `deleteChargingProfile ${id}`).toBe(404)
    }

    for (const id of IDS) {
      const cp = await h.connect(id, { autoAnswer: answers(id) })
      stations.set(id, cp)
      const boot = await cp.boot('TestVendor', 'TestModel', { chargePointSerialNumber: id })
      expect(boot[2], `boot ${id}`).toMatchObject({ status: 'Accepted' })
      expect((await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' }))[2]).toEqual({})
      expect((await cp.call('Authorize', { idTag: id }))[2], `Authorize unknown ${id}`).toEqual({ idTagInfo: { status: 'Invalid' } })
    }

    // Stations: registered once each under their own id, with their own boot, connectors and overrides.
    const listed = await api<StationSummary[]>(h, 'listStations')
    expect(listed.map((s) => s.id).sort()).toEqual([...IDS].sort())
    for (const [index, id] of IDS.entries()) {
      expect(await refusal(h, 'updateStation', { stationId: id, overrides: { heartbeatIntervalSec: 100 + index } })).toBe(200)
      const detail = await api<StationDetail>(h, 'getStation', { stationId: id })
      expect(detail.id).toBe(id)
      expect(detail.boot?.chargePointSerialNumber).toBe(id)
      expect(detail.connection.connected).toBe(true)
      expect(ownKeys(detail.connectors)).toEqual(['1'])
      expect(detail.effective.heartbeatIntervalSec).toBe(100 + index)
      expect(detail.passwordSet, `passwordSet ${id}`).toBe(false)
    }

    // idTags: created, used, blocked and listed through the API.
    for (const id of IDS) {
      expect(await api<{ created: boolean }>(h, 'upsertIdTag', { idTag: id, status: 'Accepted' })).toMatchObject({ created: true })
    }
    for (const id of IDS) {
      const cp = stations.get(id)!
      expect((await cp.call('Authorize', { idTag: id }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } })
      const startTx = (await cp.call('StartTransaction', { connectorId: 1, idTag: id, meterStart: 0, timestamp: new Date().toISOString() }))[2] as { transactionId: number; idTagInfo: { status: string } }
      expect(startTx.idTagInfo.status).toBe('Accepted')
      const stopTx = await cp.call('StopTransaction', { transactionId: startTx.transactionId, meterStop: 10, timestamp: new Date().toISOString(), idTag: id })
      expect(stopTx[0]).toBe(3)
      const { items } = await api<{ items: TransactionSummary[] }>(h, 'listTransactions', { idTag: id })
      expect(items.map((t) => [t.stationId, t.transactionId])).toEqual([[id, startTx.transactionId]])
      expect(await api<{ created: boolean }>(h, 'upsertIdTag', { idTag: id, status: 'Blocked' })).toMatchObject({ created: false })
      expect((await cp.call('Authorize', { idTag: id }))[2]).toEqual({ idTagInfo: { status: 'Blocked' } })
    }
    const tags = await api<IdTagRecord[]>(h, 'listIdTags')
    expect(tags.map((t) => [t.idTag, t.status]).sort()).toEqual(IDS.map((id) => [id, 'Blocked']).sort())

    // Configuration keys: GetConfiguration answered with the hostile keys, ChangeConfiguration of each.
    for (const id of IDS) {
      const got = await api<CallTask>(h, 'sendCall', { stationId: id, action: 'GetConfiguration', payload: {}, wait: true })
      expect(got.state).toBe('answered')
    }
    for (const id of IDS) {
      const snapshot = await api<ConfigurationSnapshot>(h, 'getConfigurationSnapshot', { stationId: id })
      expect(snapshot.stationId).toBe(id)
      expect(ownKeys(snapshot.keys), `keys of ${id}`).toEqual(reportedKeys(id).map((k) => k.key).sort())
      for (const reported of reportedKeys(id)) {
        expect(Object.getOwnPropertyDescriptor(snapshot.keys, reported.key)?.value, `${id} key ${reported.key}`).toMatchObject(reported)
      }
    }
    for (const key of PROTOTYPE_NAMES) {
      // The ordinary station never reported these keys: a remark, and after an Accepted they are known keys.
      const check = await api<{ warnings: string[] }>(h, 'checkCall', { stationId: ORDINARY, action: 'ChangeConfiguration', payload: { key, value: 'x' } })
      expect(check.warnings.join(' '), `checkCall ${key}`).toMatch(/not in the station's last reported configuration/)
      expect((await api<CallTask>(h, 'sendCall', { stationId: ORDINARY, action: 'ChangeConfiguration', payload: { key, value: `set ${key}` }, wait: true })).state).toBe('answered')
      // The hostile station reported its own name read-only.
      const own = await api<{ warnings: string[] }>(h, 'checkCall', { stationId: key, action: 'ChangeConfiguration', payload: { key, value: 'x' } })
      expect(own.warnings.join(' '), `checkCall own key ${key}`).toMatch(/read-only/)
      expect((await api<CallTask>(h, 'sendCall', { stationId: key, action: 'ChangeConfiguration', payload: { key, value: 'changed' }, wait: true })).state).toBe('answered')
    }
    const ordinaryConfig = await api<ConfigurationSnapshot>(h, 'getConfigurationSnapshot', { stationId: ORDINARY })
    expect(ownKeys(ordinaryConfig.keys)).toEqual(['HeartbeatInterval', ...PROTOTYPE_NAMES].sort())
    expect(ownKeys(ordinaryConfig.lastChanges)).toEqual([...PROTOTYPE_NAMES].sort())
    for (const key of PROTOTYPE_NAMES) {
      expect(Object.getOwnPropertyDescriptor(ordinaryConfig.keys, key)?.value, `ordinary key ${key}`).toMatchObject({ key, value: `set ${key}`, readonly: false, source: 'ChangeConfiguration' })
      expect(Object.getOwnPropertyDescriptor(ordinaryConfig.lastChanges, key)?.value).toMatchObject({ key, status: 'Accepted' })
      const hostile = await api<ConfigurationSnapshot>(h, 'getConfigurationSnapshot', { stationId: key })
      expect(ownKeys(hostile.keys)).toEqual([...PROTOTYPE_NAMES].sort())
      expect(Object.getOwnPropertyDescriptor(hostile.keys, key)?.value).toMatchObject({ key, value: 'changed', readonly: true })
      expect(ownKeys(hostile.lastChanges)).toEqual([key])
    }

    // Local lists: a library list per name holding every name as an idTag, installed on the station of that name.
    for (const id of IDS) {
      expect(await refusal(h, 'saveAuthList', { id, name: `list ${id}`, entries: IDS.map((idTag) => ({ idTag, idTagInfo: { status: 'Accepted' } })) })).toBe(200)
    }
    const lists = await api<AuthList[]>(h, 'listAuthLists')
    expect(lists.map((l) => [l.id, l.name]).sort()).toEqual(IDS.map((id) => [id, `list ${id}`]).sort())
    for (const id of IDS) {
      await api(h, 'sendLocalList', { stationIds: [id], listId: id, updateType: 'Full' })
      await expect.poll(async () => (await api<StationLocalList>(h, 'getStationLocalList', { stationId: id })).history[0]?.state, POLL).toBe('accepted')
      const local = await api<StationLocalList>(h, 'getStationLocalList', { stationId: id })
      expect(local.stationId).toBe(id)
      expect(local.entries.map((e) => e.idTag).sort()).toEqual([...IDS].sort())
    }

    // Reservations for such idTags, on the station of that name.
    for (const id of IDS) {
      await api(h, 'reserveNow', { stationId: id, connectorId: 1, idTag: id, expiryDate: inMinutes(60) })
      await expect.poll(async () => (await api<Reservation[]>(h, 'listReservations', { stationId: id })).map((r) => [r.stationId, r.idTag, r.state]), POLL).toEqual([[id, id, 'active']])
    }

    // The charging profile library with ids the client chose, and what each station then holds.
    for (const id of IDS) {
      expect((await api<{ record: LibraryProfile }>(h, 'saveChargingProfile', { id, name: `profile ${id}`, profile: daily })).record.id).toBe(id)
    }
    const library = await api<LibraryProfile[]>(h, 'listChargingProfiles')
    expect(library.map((p) => [p.id, p.name]).sort()).toEqual(IDS.map((id) => [id, `profile ${id}`]).sort())
    for (const id of IDS) {
      await api(h, 'sendChargingProfile', { targets: [{ stationId: id, connectorId: 1 }], profile: daily, libraryId: id })
      await expect.poll(async () => (await api<StationChargingView>(h, 'getChargingView', { stationId: id })).installed.map((i) => i.libraryId), POLL).toEqual([id])
    }

    // Passwords (Basic auth) per station; security profile 1 so the restart below needs them.
    for (const id of IDS) {
      expect(await api<{ passwordSet: boolean }>(h, 'setStationPassword', { stationId: id, password: PASSWORD })).toMatchObject({ stationId: id, passwordSet: true })
      await api(h, 'setSecurityProfile', { stationId: id, profile: 1 })
    }

    // The message log, status history and command history, by station.
    for (const id of IDS) {
      const log = await api<LogPage>(h, 'queryLog', { stationId: id, limit: 500 })
      expect(log.entries.length).toBeGreaterThan(0)
      expect(new Set(log.entries.map((e) => e.stationId))).toEqual(new Set([id]))
      expect(log.entries.some((e) => e.action === 'BootNotification')).toBe(true)
      const history = await api<{ connectorId: number; status: string }[]>(h, 'getStatusHistory', { stationId: id })
      expect(history.map((s) => [s.connectorId, s.status])).toEqual([[1, 'Available']])
      const tasks = await api<CallTask[]>(h, 'listTasks', { stationId: id })
      expect(tasks.length).toBeGreaterThan(0)
      expect(new Set(tasks.map((t) => t.stationId))).toEqual(new Set([id]))
    }
    expect(prototypeChanges()).toEqual([])
    await stop(h)

    // After a restart: everything is there under the same ids, and each station is served again.
    const again = await start()
    expect((await api<StationSummary[]>(again, 'listStations')).map((s) => s.id).sort()).toEqual([...IDS].sort())
    expect((await api<IdTagRecord[]>(again, 'listIdTags')).map((t) => [t.idTag, t.status]).sort()).toEqual(IDS.map((id) => [id, 'Blocked']).sort())
    expect((await api<AuthList[]>(again, 'listAuthLists')).map((l) => l.id).sort()).toEqual([...IDS].sort())
    expect((await api<LibraryProfile[]>(again, 'listChargingProfiles')).map((p) => p.id).sort()).toEqual([...IDS].sort())
    for (const [index, id] of IDS.entries()) {
      const detail = await api<StationDetail>(again, 'getStation', { stationId: id })
      expect(detail).toMatchObject({ id, everAccepted: true, passwordSet: true, securityProfile: 1, boot: { chargePointSerialNumber: id } })
      expect(detail.effective.heartbeatIntervalSec).toBe(100 + index)
      const snapshot = await api<ConfigurationSnapshot>(again, 'getConfigurationSnapshot', { stationId: id })
      expect(ownKeys(snapshot.keys)).toEqual(id === ORDINARY ? ['HeartbeatInterval', ...PROTOTYPE_NAMES].sort() : [...PROTOTYPE_NAMES].sort())
      expect((await api<StationLocalList>(again, 'getStationLocalList', { stationId: id })).entries.map((e) => e.idTag).sort()).toEqual([...IDS].sort())
      expect((await api<Reservation[]>(again, 'listReservations', { stationId: id })).map((r) => [r.idTag, r.state])).toEqual([[id, 'active']])
      expect((await api<StationChargingView>(again, 'getChargingView', { stationId: id })).installed.map((i) => i.libraryId)).toEqual([id])
      expect((await api<LogPage>(again, 'queryLog', { stationId: id, action: 'BootNotification' })).entries.map((e) => e.stationId)).toContain(id)
      // The stored password lets the station in; a wrong one does not. (Each from its own address:
      // repeated wrong passwords from one address are backed off, which is not what this test is about.)
      const wrong = await again.connect(id, { localAddress: `127.0.0.${100 + index}`, headers: { Authorization: `Basic ${Buffer.from(`${id}:wrong-password-0123456`).toString('base64')}` } }).catch((error: Error) => error)
      expect(wrong instanceof Error ? wrong.message : 'connected').toBe('HTTP 401')
      const cp = await again.connect(id, { headers: { Authorization: `Basic ${Buffer.from(`${id}:${PASSWORD}`).toString('base64')}` } })
      expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
    }
  }, TEST_TIMEOUT)

  it('as upload tokens, FTP passwords, upload and firmware ids and file names: refused where unknown, stored and served where given, kept over a restart', async () => {
    const h = await start()
    const services = await api<FileServicesInfo>(h, 'getFileServices')
    const before = await api<DiagnosticsUpload[]>(h, 'listDiagnosticsUploads')
    for (const name of PROTOTYPE_NAMES) {
      // An upload token nobody was given: 403, and nothing is stored.
      const put = await fetch(`${services.http.baseUrl}/diagnostics/${encodeURIComponent(name)}/x`, { method: 'PUT', body: 'nothing' })
      expect(put.status, `PUT /diagnostics/${name}/x`).toBe(403)
      expect(await put.text()).toMatch(/Unknown upload location/)
      const form = new FormData()
      form.append('file', new Blob(['nothing']), 'x.txt')
      expect((await fetch(`${services.http.baseUrl}/diagnostics/${encodeURIComponent(name)}/`, { method: 'POST', body: form })).status).toBe(403)
      // An FTP password nobody was given: refused.
      const ftp = new Client(5000)
      try {
        await expect(ftp.access({ host: '127.0.0.1', port: services.ftp.port, user: 'diagnostics', password: name }), `FTP password ${name}`).rejects.toThrow()
      } finally {
        ftp.close()
      }
      // Ids nobody was given: not found.
      expect(await refusal(h, 'readDiagnosticsUpload', { id: name })).toBe(404)
      expect(await refusal(h, 'deleteFirmwareFile', { id: name })).toBe(404)
      expect((await fetch(`${services.http.baseUrl}/firmware/${encodeURIComponent(name)}/x`)).status).toBe(404)
    }
    expect(await api<DiagnosticsUpload[]>(h, 'listDiagnosticsUploads')).toEqual(before)

    for (const id of IDS) {
      // A station of that name uploads a file of that name, by HTTP PUT to the location it was given...
      const cp = await h.connect(id, { autoAnswer: answers(id) })
      await cp.boot()
      const incoming = cp.nextCall('GetDiagnostics')
      await api(h, 'requestDiagnostics', { stationId: id, protocol: 'http-put' })
      const location = ((await incoming)[3] as { location: string }).location
      expect((await fetch(`${location}${encodeURIComponent(id)}`, { method: 'PUT', body: `diagnostics of ${id}` })).status).toBe(201)
      // ...and by FTP, with the password of a location made for it.
      const ftpLocation = new URL((await api<{ location: string }>(h, 'diagnosticsLocation', { stationId: id, protocol: 'ftp' })).location)
      const ftp = new Client(5000)
      try {
        await ftp.access({ host: ftpLocation.hostname, port: Number(ftpLocation.port), user: decodeURIComponent(ftpLocation.username), password: decodeURIComponent(ftpLocation.password) })
        await ftp.uploadFrom(Readable.from([Buffer.from(`ftp of ${id}`)]), id)
      } finally {
        ftp.close()
      }
      await expect.poll(async () => (await api<DiagnosticsUpload[]>(h, 'listDiagnosticsUploads', { stationId: id })).length, POLL).toBe(2)
      const uploads = await api<DiagnosticsUpload[]>(h, 'listDiagnosticsUploads', { stationId: id })
      expect(uploads.map((u) => [u.stationId, u.fileName, u.via]).sort()).toEqual([[id, id, 'ftp'], [id, id, 'http-put']])
      for (const upload of uploads) {
        const read = await api<{ upload: DiagnosticsUpload; contentBase64: string }>(h, 'readDiagnosticsUpload', { id: upload.id })
        expect(Buffer.from(read.contentBase64, 'base64').toString()).toBe(upload.via === 'ftp' ? `ftp of ${id}` : `diagnostics of ${id}`)
      }
      const status = await api<StationFileStatus>(h, 'getStationFileStatus', { stationId: id })
      expect(status.stationId).toBe(id)
      expect(status.diagnostics.current).toBeDefined()

      // A firmware file of that name: stored, listed, served.
      const file = await api<FirmwareFile>(h, 'uploadFirmwareFile', { name: id, contentBase64: Buffer.from(`firmware ${id}`).toString('base64') })
      expect(file.name).toBe(id)
      const download = await fetch(file.url)
      expect(download.status).toBe(200)
      expect(await download.text()).toBe(`firmware ${id}`)
    }
    const firmware = await api<FirmwareFile[]>(h, 'listFirmwareFiles')
    expect(firmware.map((f) => f.name).sort()).toEqual([...IDS].sort())
    expect(prototypeChanges()).toEqual([])
    await stop(h)

    const again = await start()
    const kept = await api<FirmwareFile[]>(again, 'listFirmwareFiles')
    expect(kept.map((f) => f.name).sort()).toEqual([...IDS].sort())
    for (const file of kept) expect(await (await fetch(file.url)).text()).toBe(`firmware ${file.name}`)
    const uploads = await api<DiagnosticsUpload[]>(again, 'listDiagnosticsUploads')
    expect(uploads.map((u) => u.stationId).sort()).toEqual(IDS.flatMap((id) => [id, id]).sort())
    for (const id of IDS) expect((await api<StationFileStatus>(again, 'getStationFileStatus', { stationId: id })).stationId).toBe(id)
    const stillUnknown = await fetch(`${(await api<FileServicesInfo>(again, 'getFileServices')).http.baseUrl}/diagnostics/__proto__/x`, { method: 'PUT', body: 'nothing' })
    expect(stillUnknown.status).toBe(403)
  }, TEST_TIMEOUT)

  it('as event subscription station ids and as messageIds: each client gets only its station, each frame its own answer', async () => {
    const h = await start()
    const stations = new Map<string, ScriptedChargePoint>()
    for (const id of IDS) {
      const cp = await h.connect(id, { autoAnswer: answers(id) })
      await cp.boot()
      stations.set(id, cp)
    }
    // As command names and event names they are unknown ones.
    for (const name of PROTOTYPE_NAMES) {
      const { status, body } = await h.http(encodeURIComponent(name), {})
      expect([status, (body as { error?: { code?: string } }).error?.code], `POST /api/${name}`).toEqual([404, 'UnknownCommand'])
    }
    const sockets: WebSocket[] = []
    try {
      const probe = new WebSocket(`${h.apiUrl.replace(/^http/, 'ws')}/events`)
      sockets.push(probe)
      const replies: { subscribed?: boolean; error?: { message: string } }[] = []
      probe.on('message', (data) => {
        const reply = JSON.parse(data.toString()) as (typeof replies)[number] & { event?: string }
        if (reply.event === undefined) replies.push(reply) // a client not subscribed yet also gets every event
      })
      await new Promise((resolve, reject) => probe.once('open', resolve).once('error', reject))
      for (const name of PROTOTYPE_NAMES) probe.send(`{"subscribe": {${JSON.stringify(name)}: "all"}}`)
      await expect.poll(() => replies.length, POLL).toBe(PROTOTYPE_NAMES.length)
      expect(replies.map((r) => r.error?.message.startsWith('Unknown event'))).toEqual(PROTOTYPE_NAMES.map(() => true))
      probe.close()

      for (const id of PROTOTYPE_NAMES) {
        const received: { event?: string; data?: { id?: string }; subscribed?: boolean; error?: unknown }[] = []
        const socket = new WebSocket(`${h.apiUrl.replace(/^http/, 'ws')}/events`)
        sockets.push(socket)
        socket.on('message', (data) => received.push(JSON.parse(data.toString()) as (typeof received)[number]))
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
        socket.send(JSON.stringify({ subscribe: { stationUpdated: [id] } }))
        await expect.poll(() => received.some((m) => m.subscribed === true || m.error !== undefined), POLL).toBe(true)
        expect(received.find((m) => m.error !== undefined)).toBeUndefined()
        // The ordinary station changes first, then the one subscribed to.
        await stations.get(ORDINARY)!.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' })
        await stations.get(id)!.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' })
        await expect.poll(() => received.filter((m) => m.event === 'stationUpdated').length, POLL).toBeGreaterThan(0)
        expect(received.filter((m) => m.event === 'stationUpdated').map((m) => m.data?.id)).toEqual([id])
      }

      for (const id of IDS) {
        const cp = stations.get(id)!
        // A CALL whose messageId is the name is answered under that id.
        const answer = await cp.call('Heartbeat', {}, id)
        expect(answer.slice(0, 2)).toEqual([3, id])
        // A CALLRESULT / CALLERROR for a messageId the CSMS never used is ignored; a real call still settles.
        cp.sendRaw(JSON.stringify([3, id, {}]))
        cp.sendRaw(JSON.stringify([4, id, 'GenericError', '', {}]))
        const task = await api<CallTask>(h, 'sendCall', { stationId: id, action: 'ClearCache', payload: {}, wait: true })
        expect(task).toMatchObject({ stationId: id, state: 'answered', response: { status: 'Accepted' } })
      }
    } finally {
      for (const socket of sockets) socket.close()
    }
  }, TEST_TIMEOUT)
})
