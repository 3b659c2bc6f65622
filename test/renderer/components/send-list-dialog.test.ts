import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CommandArgs, ListSend, StationLocalList } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import SendListDialog from '@renderer/components/local-lists/SendListDialog.vue'
import { FakeClient } from '../fake-client'
import { station } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { authEntry, authList, chunk, listSend, stationList } from '../local-list-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let state: Map<string, StationLocalList>
let sendCount: number

const DEPOT = authList('list-1', 'Depot', [authEntry('TAG-1'), authEntry('TAG-2')])

/** Main's answer to sendLocalList: one send per station, its chunks not answered yet. */
function startSends(args: CommandArgs<'sendLocalList'>): { sends: ListSend[] } {
  return {
    sends: args.stationIds.map((stationId) => {
      sendCount++
      const version = args.listVersion ?? 10 + sendCount
      return listSend(`send-${sendCount}`, stationId, { updateType: args.updateType, targetEntries: 2, chunks: [chunk(version, args.updateType, 2, undefined, `t-${sendCount}`)] })
    }),
  }
}

/** What main pushes when a chunk is answered: the station's whole state, the send updated. */
function answered(send: ListSend, status: string, extra: Partial<StationLocalList> = {}): StationLocalList {
  const done: ListSend = {
    ...send,
    chunks: send.chunks.map((c) => ({ ...c, status })),
    state: status === 'Accepted' ? 'accepted' : 'failed',
    ...(status === 'Accepted' ? {} : { result: status }),
    finishedAt: '2024-05-01T12:00:01.000Z',
  }
  return { ...(state.get(send.stationId) as StationLocalList), history: [done], ...extra }
}

beforeEach(() => {
  sendCount = 0
  state = new Map([
    ['CP1', stationList('CP1', { expectedVersion: 3, entries: [authEntry('TAG-1')], reported: { listVersion: 3, at: '2024-05-01T11:00:00.000Z', taskId: 'g1' }, limits: { sendLocalListMaxLength: 50, localAuthListMaxLength: 1000, enabled: true } })],
    ['CP2', stationList('CP2', { expectedVersion: 5, reported: { listVersion: 4, at: '2024-05-01T11:00:00.000Z', taskId: 'g2' }, mismatch: true })],
    ['CP10', stationList('CP10')],
  ])
  client = new FakeClient()
  client.handle('listStations', () => [station('CP10', false), station('CP2', true), station('CP1', true)])
  client.handle('listAuthLists', () => [DEPOT])
  client.handle('getStationLocalList', (args) => state.get(args.stationId) ?? stationList(args.stationId))
  client.handle('sendLocalList', startSends)
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
}
async function radio(testid: string): Promise<void> {
  q(testid)!.querySelector('input')!.click()
  await flush()
}
async function typeIn(testid: string, value: string): Promise<void> {
  const input = q(testid) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flush()
}
const submit = (): HTMLButtonElement => q('send-list-submit') as HTMLButtonElement
const sentArgs = (): CommandArgs<'sendLocalList'>[] => client.callsOf('sendLocalList') as CommandArgs<'sendLocalList'>[]

async function mountDialog(props: Record<string, unknown> = { name: 'Depot', listId: 'list-1' }): Promise<void> {
  ;({ wrapper } = await mountWithApp(SendListDialog, { show: true, ...props }))
  await flush()
  await flush()
  await flush()
}

describe('Send list dialog', () => {
  it('lists online stations first, each with the version the CSMS expects, the one reported, and a mismatch flag', async () => {
    await mountDialog()
    const order = [...document.querySelectorAll('[data-testid^="send-list-station-"]')].map((el) => el.getAttribute('data-testid'))
    expect(order).toEqual(['send-list-station-CP1', 'send-list-station-CP2', 'send-list-station-CP10'])
    const cp1 = q('send-list-station-CP1')!
    expect(cp1.querySelector('[data-testid="send-list-expected"]')!.textContent).toContain('v3')
    expect(cp1.querySelector('[data-testid="send-list-reported"]')!.textContent).toContain('v3')
    expect(cp1.querySelector('[data-testid="send-list-mismatch"]')).toBeNull()
    expect(cp1.textContent).toContain('50/msg · 1000 max')
    const cp2 = q('send-list-station-CP2')!
    expect(cp2.querySelector('[data-testid="send-list-expected"]')!.textContent).toContain('v5')
    expect(cp2.querySelector('[data-testid="send-list-reported"]')!.textContent).toContain('v4')
    expect(cp2.querySelector('[data-testid="send-list-mismatch"]')).not.toBeNull()
    const cp10 = q('send-list-station-CP10')!
    expect(cp10.textContent).toContain('offline')
    expect(cp10.querySelector('[data-testid="send-list-expected"]')!.textContent).toContain('never sent')
    expect(cp10.querySelector('[data-testid="send-list-reported"]')!.textContent).toContain('not asked')
    expect(submit().disabled).toBe(true)
  })

  it('sends a Full with version and chunk size left to main', async () => {
    await mountDialog()
    await click('send-list-station-CP2')
    await click('send-list-station-CP1')
    expect(submit().textContent).toContain('Send to 2 stations')
    submit().click()
    await flush()
    expect(sentArgs()).toEqual([{ stationIds: ['CP1', 'CP2'], listId: 'list-1', updateType: 'Full' }])
  })

  it('sends a computed Differential with a typed version and chunk size', async () => {
    await mountDialog()
    await click('send-list-station-CP1')
    await radio('send-list-update-type-Differential')
    await typeIn('send-list-version', '7')
    await typeIn('send-list-chunk-size', '25')
    submit().click()
    await flush()
    expect(sentArgs()).toEqual([{ stationIds: ['CP1'], listId: 'list-1', updateType: 'Differential', listVersion: 7, chunkSize: 25 }])
  })

  it('sends a Differential as is, and a typed version of 0 as typed (main warns, the dialog shows it)', async () => {
    client.handle('sendLocalList', (args) => {
      const result = startSends(args)
      result.sends[0]!.warnings = ['listVersion 0 means "empty" or "not supported": never send it (errata 3.52)']
      return result
    })
    await mountDialog()
    await click('send-list-station-CP1')
    await radio('send-list-update-type-asIs')
    await typeIn('send-list-version', '0')
    expect(q('send-list-dialog')!.textContent).toContain('OCPP says never send them')
    submit().click()
    await flush()
    expect(sentArgs()).toEqual([{ stationIds: ['CP1'], listId: 'list-1', updateType: 'Differential', asIs: true, listVersion: 0 }])
    expect(text('send-list-row-CP1')).toContain('listVersion 0 means "empty"')
  })

  it('refuses a version that is not an integer in the dialog itself', async () => {
    await mountDialog()
    await click('send-list-station-CP1')
    await typeIn('send-list-version', 'v7')
    expect(submit().disabled).toBe(true)
    expect(text('send-list-missing')).toContain('listVersion: “v7” is not an integer')
  })

  it('sends the edited entries when the list has unsaved changes', async () => {
    const entries = [authEntry('X-1', 'Blocked')]
    await mountDialog({ name: 'Depot (unsaved edits)', entries })
    await click('send-list-station-CP1')
    submit().click()
    await flush()
    expect(sentArgs()).toEqual([{ stationIds: ['CP1'], entries, updateType: 'Full' }])
  })

  it('follows each station through localListChanged: chunks answered, outcome, and the counts', async () => {
    client.handle('sendLocalList', (args) => {
      const result = startSends(args)
      // CP1's list goes in two chunks: a Full, then a Differential.
      result.sends[0]!.chunks = [chunk(11, 'Full', 50, undefined, 't-a'), chunk(12, 'Differential', 10, undefined, null)]
      return result
    })
    await mountDialog()
    await click('send-list-station-CP1')
    await click('send-list-station-CP2')
    await click('send-list-station-CP10')
    submit().click()
    await flush()
    expect(q('send-list-progress')).not.toBeNull()
    expect(text('send-list-counts')).toBe('0 accepted, 3 pending')
    expect(text('send-list-row-CP1')).toContain('0/2 answered')
    expect(text('send-list-row-CP1')).toContain('v11 Full · 50 entries → waiting')
    expect(text('send-list-row-CP1')).toContain('v12 Differential · 10 entries → not sent yet')

    expect(sentArgs()[0]!.stationIds).toEqual(['CP1', 'CP2', 'CP10'])
    const cp1Send = listSend('send-1', 'CP1', { chunks: [chunk(11, 'Full', 50, 'Accepted', 't-a'), chunk(12, 'Differential', 10, undefined, 't-b')] })
    client.emit('localListChanged', { ...state.get('CP1')!, history: [cp1Send] })
    await flush()
    expect(text('send-list-row-CP1')).toContain('1/2 answered')
    expect(text('send-list-row-CP1')).toContain('v11 Full · 50 entries → Accepted')
    expect(text('send-list-row-CP1')).toContain('v12 Differential · 10 entries → waiting')

    client.emit('localListChanged', answered(cp1Send, 'Accepted', { expectedVersion: 12 }))
    client.emit('localListChanged', answered(listSend('send-2', 'CP2', { updateType: 'Full', chunks: [chunk(13, 'Full', 2, undefined, 't-2')] }), 'NotSupported'))
    await flush()
    expect(text('send-list-row-CP1')).toContain('Accepted')
    expect(text('send-list-row-CP1')).toContain('2/2 answered')
    expect(text('send-list-row-CP2')).toContain('NotSupported')
    expect(text('send-list-counts')).toBe('1 accepted, 1 not supported, 1 pending')
    // Another station's event does not touch the rows.
    client.emit('localListChanged', stationList('CP99', { history: [listSend('send-1', 'CP99', { state: 'failed', result: 'Failed' })] }))
    await flush()
    expect(text('send-list-counts')).toBe('1 accepted, 1 not supported, 1 pending')
  })

  it('offers “Resend as Full” after VersionMismatch on a Differential and follows the new send', async () => {
    await mountDialog()
    await click('send-list-station-CP1')
    await click('send-list-station-CP2')
    await radio('send-list-update-type-Differential')
    submit().click()
    await flush()
    expect(q('send-list-resend-full-CP2')).toBeNull()

    client.emit('localListChanged', answered(listSend('send-1', 'CP1', { updateType: 'Differential', chunks: [chunk(11, 'Differential', 1)] }), 'Accepted'))
    client.emit('localListChanged', answered(listSend('send-2', 'CP2', { updateType: 'Differential', chunks: [chunk(12, 'Differential', 2)] }), 'VersionMismatch'))
    await flush()
    expect(text('send-list-counts')).toBe('1 accepted, 1 version mismatch')
    expect(q('send-list-resend-full-CP1')).toBeNull()
    expect(text('send-list-row-CP2')).toContain('VersionMismatch')

    await click('send-list-resend-full-CP2')
    expect(sentArgs()[1]).toEqual({ stationIds: ['CP2'], listId: 'list-1', updateType: 'Full' })
    expect(text('send-list-row-CP2')).toContain('v12 Differential: VersionMismatch, resent as Full')
    expect(text('send-list-row-CP2')).toContain('v13 Full · 2 entries → waiting')
    expect(text('send-list-counts')).toBe('1 accepted, 1 pending')

    client.emit('localListChanged', answered(listSend('send-3', 'CP2', { chunks: [chunk(13, 'Full', 2, undefined, 't-3')] }), 'Accepted', { expectedVersion: 13, mismatch: false }))
    await flush()
    expect(text('send-list-counts')).toBe('2 accepted')
    expect(q('send-list-resend-full-CP2')).toBeNull()
  })

  it('offers “Resend as Full” after Failed on a Differential, not after Failed on a Full', async () => {
    await mountDialog()
    await click('send-list-station-CP1')
    await click('send-list-station-CP2')
    submit().click()
    await flush()
    client.emit('localListChanged', answered(listSend('send-1', 'CP1', { updateType: 'Full', chunks: [chunk(11, 'Full', 2)] }), 'Failed'))
    client.emit('localListChanged', answered(listSend('send-2', 'CP2', { updateType: 'Full', chunks: [chunk(12, 'Full', 50, 'Accepted'), chunk(13, 'Differential', 5)] }), 'Failed'))
    await flush()
    expect(text('send-list-counts')).toBe('0 accepted, 2 failed')
    expect(q('send-list-resend-full-CP1')).toBeNull()
    expect(q('send-list-resend-full-CP2')).not.toBeNull()
  })

  it('shows why nothing was sent when main refuses the request', async () => {
    client.handle('sendLocalList', () => {
      throw new ApiError('BadRequest', 'chunkSize must be >= 1')
    })
    await mountDialog()
    await click('send-list-station-CP1')
    await typeIn('send-list-chunk-size', '0')
    submit().click()
    await flush()
    expect(sentArgs()).toEqual([{ stationIds: ['CP1'], listId: 'list-1', updateType: 'Full', chunkSize: 0 }])
    expect(text('send-list-error')).toContain('Nothing was sent: chunkSize must be >= 1')
    expect(q('send-list-progress')).toBeNull()
  })

  it('starts with the stations it is opened for, and lets a library list be chosen when none is given', async () => {
    await mountDialog({ stationIds: ['CP2'] })
    expect(text('send-list-selected-count')).toBe('1 station chosen')
    expect(text('send-list-source')).toContain('choose a list')
    expect(submit().disabled).toBe(true)
    await radio('send-list-source-empty')
    submit().click()
    await flush()
    expect(sentArgs()).toEqual([{ stationIds: ['CP2'], entries: [], updateType: 'Full' }])
  })
})
