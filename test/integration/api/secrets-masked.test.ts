/**
 * §7 of issue 17: secrets a station is given or reports (AuthorizationKey, URL passwords, Basic-auth
 * passwords) reach the station but no task, event, log view, export or file of the data directory.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, ConfigurationSnapshot, LogPage } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import { filesContaining } from '../../support/data-dir-files'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const KEY = '5ec2e7000000000000000000000000000000a1b2' // 40 hex digits
const KEY_LOWER_CASE_NAME = '5ec2e7111111111111111111111111111111c3d4'
const REPORTED_KEY = '5ec2e7222222222222222222222222222222e5f6'

describe('secrets stay secret', () => {
  let h: Harness
  let dataDir: string
  let cp: ScriptedChargePoint
  let events: string[]
  let socket: WebSocket

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-secrets-'))
    h = await startHarness({ dataDir, inMemory: false })
    events = []
    socket = new WebSocket(h.apiUrl.replace(/^http/, 'ws') + '/events')
    socket.on('message', (data) => events.push(data.toString()))
    await new Promise((resolve) => socket.once('open', resolve))
    cp = await h.booted('CP-SECRET')
  })
  afterEach(async () => {
    socket.close()
    await h.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  /** Sends over the HTTP API, lets the station answer, and returns the finished task as listed. */
  async function roundTrip(action: string, payload: unknown, answer: unknown): Promise<{ sent: CallTask; received: unknown[]; finished: CallTask }> {
    const call = cp.nextCall(action)
    const { status, body } = await h.http('sendCall', { stationId: 'CP-SECRET', action, payload })
    expect(status).toBe(200)
    const sent = body as CallTask
    const received = await call
    cp.answer(received, answer)
    let finished: CallTask | undefined
    await expect
      .poll(async () => {
        const listed = (await h.http('listTasks', { stationId: 'CP-SECRET' })).body as CallTask[]
        finished = listed.find((task) => task.id === sent.id && task.finishedAt !== undefined)
        return finished !== undefined
      })
      .toBe(true)
    return { sent, received, finished: finished! }
  }

  /** An accepted AuthorizationKey becomes the station's password (TC_073): wait until it is kept, so the stop finds no write in flight. */
  async function keyRolled(before: string | undefined): Promise<void> {
    await expect.poll(() => h.csms.storage.credentials.get('CP-SECRET')?.hash !== before).toBe(true)
  }

  /** Everything a client or an auditor can see: tasks, events, the log view, the export, and every byte on disk. */
  async function expectNowhere(secrets: string[]): Promise<void> {
    const visible = JSON.stringify({
      tasks: (await h.http('listTasks', {})).body,
      log: (await h.http('queryLog', { stationId: 'CP-SECRET', limit: 1000 })).body,
      export: (await h.http('exportLog', { stationId: 'CP-SECRET' })).body,
      snapshot: (await h.http('getConfigurationSnapshot', { stationId: 'CP-SECRET' })).body,
    })
    for (const secret of secrets) {
      expect(visible).not.toContain(secret)
      expect(events.join('\n')).not.toContain(secret)
    }
    // Everything on disk, once the app has written and closed all it keeps.
    await h.stop()
    expect(await filesContaining(dataDir, secrets)).toEqual([])
  }

  it('a new AuthorizationKey (any letter case) reaches the station; tasks, events, log, export and the data folder show only its length', async () => {
    const first = await roundTrip('ChangeConfiguration', { key: 'AuthorizationKey', value: KEY }, { status: 'Accepted' })
    await keyRolled(undefined)
    expect(first.received[3]).toEqual({ key: 'AuthorizationKey', value: KEY }) // the real value on the wire
    expect(first.sent.payload).toEqual({ key: 'AuthorizationKey', value: '<hidden: 40 characters>' })
    expect(first.finished.payload).toEqual({ key: 'AuthorizationKey', value: '<hidden: 40 characters>' })
    const second = await roundTrip('ChangeConfiguration', { key: 'authorizationkey', value: KEY_LOWER_CASE_NAME }, { status: 'Rejected' })
    expect(second.received[3]).toEqual({ key: 'authorizationkey', value: KEY_LOWER_CASE_NAME })
    const task = (await h.http('listTasks', { stationId: 'CP-SECRET' })).body as CallTask[]
    expect(task.map((t) => (t.payload as { value?: string }).value)).toContain('<hidden: 40 characters>')
    await expect.poll(() => events.filter((e) => e.includes('"taskUpdated"') && e.includes(second.sent.id) && e.includes('finishedAt')).length).toBeGreaterThan(0)
    await expectNowhere([KEY, KEY_LOWER_CASE_NAME])
  })

  it('the CSMS logs its own CALLs (direction out), masked, so the log shows both directions', async () => {
    const { received } = await roundTrip('ChangeConfiguration', { key: 'AuthorizationKey', value: KEY }, { status: 'Accepted' })
    await keyRolled(undefined)
    const page = (await h.http('queryLog', { stationId: 'CP-SECRET', direction: 'out', kind: 'CALL' })).body as LogPage
    expect(page.entries.map((e) => [e.direction, e.kind, e.action, e.messageId])).toEqual([['out', 'CALL', 'ChangeConfiguration', received[1]]])
    expect(page.entries[0]!.payload).toEqual({ key: 'AuthorizationKey', value: '<hidden: 40 characters>' })
    const both = (await h.http('queryLog', { stationId: 'CP-SECRET', action: 'ChangeConfiguration' })).body as LogPage
    expect(both.entries.map((e) => [e.direction, e.kind])).toEqual([
      ['in', 'CALLRESULT'],
      ['out', 'CALL'],
    ])
    await expectNowhere([KEY])
  })

  it('a buggy station reporting AuthorizationKey in GetConfiguration: the value is masked in the task and log and not kept in the snapshot', async () => {
    const { finished } = await roundTrip('GetConfiguration', {}, {
      configurationKey: [
        { key: 'HeartbeatInterval', readonly: false, value: '300' },
        { key: 'AuthorizationKey', readonly: false, value: REPORTED_KEY },
      ],
    })
    expect(finished.response).toEqual({
      configurationKey: [
        { key: 'HeartbeatInterval', readonly: false, value: '300' },
        { key: 'AuthorizationKey', readonly: false, value: '<hidden: 40 characters>' },
      ],
    })
    const snapshot = (await h.http('getConfigurationSnapshot', { stationId: 'CP-SECRET' })).body as ConfigurationSnapshot
    expect(snapshot.keys.HeartbeatInterval!.value).toBe('300')
    expect(snapshot.keys.AuthorizationKey).toMatchObject({ key: 'AuthorizationKey', readonly: false })
    expect(snapshot.keys.AuthorizationKey!.value).toBeUndefined()
    await expectNowhere([REPORTED_KEY])
  })

  it('a Basic-auth password set through the API and then given to the station as AuthorizationKey is on disk only as a hash', async () => {
    const password = 'Correct-Horse-42.x' // 18 characters of the whitepaper's password string
    const { status } = await h.http('setStationPassword', { stationId: 'CP-SECRET', password })
    expect(status).toBe(200)
    const hex = Buffer.from(password).toString('hex')
    const before = h.csms.storage.credentials.get('CP-SECRET')?.hash
    await roundTrip('ChangeConfiguration', { key: 'AuthorizationKey', value: hex }, { status: 'Accepted' })
    await keyRolled(before)
    await expectNowhere([password, hex, hex.toUpperCase(), Buffer.from(password).toString('base64')])
  })

  it('URL passwords (a typed FTP location for GetDiagnostics) and secrets in free text and broken frames are masked', async () => {
    const location = 'ftp://vendor:Sup3rSecretFtp@logs.example.com/uploads/'
    const { received, finished } = await roundTrip('GetDiagnostics', { location }, {})
    expect((received[3] as { location: string }).location).toBe(location)
    expect((finished.payload as { location: string }).location).toBe('ftp://vendor:<hidden: 14 characters>@logs.example.com/uploads/')
    // The station reports a secret in vendor data, then sends a frame cut off in the middle.
    await cp.call('DataTransfer', { vendorId: 'V', data: JSON.stringify({ password: 'DataTransferSecret1' }) })
    cp.sendRaw(`[3,"late-id",{"configurationKey":[{"key":"AuthorizationKey","readonly":false,"value":"${REPORTED_KEY}"`)
    await expect.poll(async () => ((await h.http('queryLog', { stationId: 'CP-SECRET', kind: 'INVALID' })).body as LogPage).entries.length).toBe(1)
    const invalid = ((await h.http('queryLog', { stationId: 'CP-SECRET', kind: 'INVALID' })).body as LogPage).entries[0]!
    expect(invalid.raw).toContain('"value":"<hidden: 40 characters>"')
    await expectNowhere(['Sup3rSecretFtp', 'DataTransferSecret1', REPORTED_KEY])
  })
})
