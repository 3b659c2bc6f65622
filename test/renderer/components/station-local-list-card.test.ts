import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { StationLocalList } from '@shared/contract'
import { setClient } from '@renderer/api'
import StationLocalListCard from '@renderer/components/local-lists/StationLocalListCard.vue'
import { FakeClient } from '../fake-client'
import { station, task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { authEntry, authList, chunk, listSend, removal, stationList } from '../local-list-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let current: StationLocalList

const AT = new Date(Date.now() - 3 * 60_000).toISOString()

beforeEach(() => {
  current = stationList('CP1')
  client = new FakeClient()
  client.handle('getStationLocalList', () => current)
  client.handle('sendCall', (args) => task('gv-1', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
  client.handle('listStations', () => [station('CP1', true)])
  client.handle('listAuthLists', () => [authList('list-1', 'Depot', [authEntry('TAG-1')])])
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const find = (testid: string) => wrapper!.find(`[data-testid="${testid}"]`)

async function mountCard(list: StationLocalList): Promise<void> {
  current = list
  ;({ wrapper } = await mountWithApp(StationLocalListCard, { stationId: 'CP1' }))
  await flush()
  await flush()
}

describe('Station local list card', () => {
  it('flags a mismatch between the version the CSMS expects and the one the station reported', async () => {
    await mountCard(stationList('CP1', { expectedVersion: 5, entries: [authEntry('TAG-1')], reported: { listVersion: 4, at: AT, taskId: 'g1' }, mismatch: true }))
    expect(client.callsOf('getStationLocalList')).toEqual([{ stationId: 'CP1' }])
    expect(find('local-list-expected').text()).toBe('v5')
    expect(find('local-list-reported').text()).toContain('v4')
    expect(find('local-list-reported').text()).toContain('3 min ago')
    expect(find('local-list-mismatch').text()).toContain('The station reports v4, the CSMS expects v5')
    expect(find('local-list-mismatch').text()).toContain('Full')
  })

  it('says when what the station holds is unknown (an interrupted send) and that the next list goes Full', async () => {
    await mountCard(stationList('CP1', { expectedVersion: 5, unknown: { since: AT, reason: 'a send was interrupted when the Central System stopped' } }))
    expect(find('local-list-unknown').text()).toContain('a send was interrupted')
    expect(find('local-list-unknown').text()).toContain('Full')
    wrapper!.unmount()
    await mountCard(stationList('CP1', { expectedVersion: 5 }))
    expect(find('local-list-unknown').exists()).toBe(false)
  })

  it('shows no mismatch when the reported version is the expected one', async () => {
    await mountCard(stationList('CP1', { expectedVersion: 5, reported: { listVersion: 5, at: AT, taskId: 'g1' } }))
    expect(find('local-list-mismatch').exists()).toBe(false)
    expect(find('station-local-list').text()).toContain('matches')
  })

  it('tells a station that does not support a local list (-1) apart from one with an empty list (0)', async () => {
    await mountCard(stationList('CP1', { reported: { listVersion: -1, at: AT, taskId: 'g1' } }))
    expect(find('local-list-reported').text()).toContain('-1 · not supported')
    expect(find('local-list-not-supported').exists()).toBe(true)
    expect(find('local-list-empty').exists()).toBe(false)
    expect(find('local-list-expected').text()).toBe('never sent')

    client.emit('localListChanged', stationList('CP1', { reported: { listVersion: 0, at: AT, taskId: 'g2' } }))
    await flush()
    expect(find('local-list-reported').text()).toContain('0 · empty list')
    expect(find('local-list-empty').exists()).toBe(true)
    expect(find('local-list-not-supported').exists()).toBe(false)
  })

  it('says when the station was never asked', async () => {
    await mountCard(stationList('CP1'))
    expect(find('local-list-reported').text()).toBe('not asked yet')
    expect(find('local-list-mismatch').exists()).toBe(false)
  })

  it('sends GetLocalListVersion {} on “Get version”, shows it in progress, then the version the station reported', async () => {
    await mountCard(stationList('CP1', { expectedVersion: 5, reported: { listVersion: 5, at: AT, taskId: 'g0' } }))
    await find('local-list-get-version').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'GetLocalListVersion', payload: {}, wait: false }])
    expect(find('local-list-get-version').text()).toBe('Asking…')
    expect(find('local-list-asking').exists()).toBe(true)

    client.emit('taskUpdated', task('gv-1', 'sent', { action: 'GetLocalListVersion', payload: {} }))
    await flush()
    expect(find('local-list-get-version').text()).toBe('Asking…')

    const reported = stationList('CP1', { expectedVersion: 5, reported: { listVersion: 3, at: new Date().toISOString(), taskId: 'gv-1' }, mismatch: true })
    current = reported
    client.emit('localListChanged', reported)
    client.emit('taskUpdated', task('gv-1', 'answered', { action: 'GetLocalListVersion', payload: {}, response: { listVersion: 3 } }))
    await flush()
    expect(find('local-list-get-version').text()).toBe('Get version')
    expect(find('local-list-asking').exists()).toBe(false)
    expect(find('local-list-reported').text()).toContain('v3')
    expect(find('local-list-mismatch').exists()).toBe(true)
  })

  it('tells when GetLocalListVersion got no answer', async () => {
    await mountCard(stationList('CP1'))
    await find('local-list-get-version').trigger('click')
    await flush()
    client.emit('taskUpdated', task('gv-1', 'timeout', { action: 'GetLocalListVersion', payload: {}, reason: 'no answer within 30 s' }))
    await flush()
    expect(find('local-list-version-failure').text()).toContain('GetLocalListVersion timeout: no answer within 30 s')
    expect(find('local-list-get-version').text()).toBe('Get version')
  })

  it('lists every send with its chunks, their answers and the warnings, newest first', async () => {
    await mountCard(
      stationList('CP1', {
        expectedVersion: 8,
        entries: [authEntry('TAG-1'), authEntry('TAG-2', 'Blocked')],
        history: [
          listSend('s2', 'CP1', { updateType: 'Differential', targetEntries: 2, chunks: [chunk(8, 'Differential', 1, 'VersionMismatch')], state: 'failed', result: 'VersionMismatch', warnings: ['listVersion 8 is not above the station\'s 9: expect VersionMismatch'] }),
          listSend('s1', 'CP1', { listId: 'list-1', targetEntries: 60, chunks: [chunk(6, 'Full', 50, 'Accepted'), chunk(7, 'Differential', 10, 'Accepted')], state: 'accepted' }),
        ],
      }),
    )
    const history = find('local-list-history')
    expect(history.findAll('[data-testid^="local-list-send-"]').map((s) => s.attributes('data-testid'))).toEqual(['local-list-send-s2', 'local-list-send-s1'])
    const older = find('local-list-send-s1').text()
    expect(older).toContain('Accepted')
    expect(older).toContain('Depot')
    expect(older).toContain('2/2 answered')
    expect(older).toContain('v6 Full · 50 entries → Accepted')
    expect(older).toContain('v7 Differential · 10 entries → Accepted')
    const newer = find('local-list-send-s2').text()
    expect(newer).toContain('VersionMismatch')
    expect(newer).toContain('v8 Differential · 1 entry → VersionMismatch')
    expect(newer).toContain("not above the station's 9")
  })

  it('follows a send chunk by chunk through localListChanged', async () => {
    const sending = listSend('s1', 'CP1', { chunks: [chunk(6, 'Full', 50), chunk(7, 'Differential', 10, undefined, null)] })
    await mountCard(stationList('CP1', { history: [sending] }))
    expect(find('local-list-send-s1').text()).toContain('sending 0/2')
    client.emit('localListChanged', stationList('CP1', { expectedVersion: 6, history: [{ ...sending, chunks: [chunk(6, 'Full', 50, 'Accepted'), chunk(7, 'Differential', 10)] }] }))
    await flush()
    expect(find('local-list-send-s1').text()).toContain('sending 1/2')
    expect(find('local-list-expected').text()).toBe('v6')
    client.emit('localListChanged', stationList('CP2', { expectedVersion: 99 }))
    await flush()
    expect(find('local-list-expected').text()).toBe('v6')
  })

  it('shows the limits and the content the CSMS believes is installed, with its count', async () => {
    await mountCard(stationList('CP1', { expectedVersion: 2, entries: [authEntry('TAG-1'), removal('GONE')], limits: { sendLocalListMaxLength: 50, localAuthListMaxLength: 1000, enabled: false } }))
    expect(find('local-list-limits').text()).toContain('50 per message')
    expect(find('local-list-limits').text()).toContain('1000 in all')
    expect(find('local-list-limits').text()).toContain('LocalAuthListEnabled false')
    expect(find('local-list-content').text()).toContain('Content the CSMS believes is installed (2 entries)')
    expect(find('local-list-entry-TAG-1').text()).toContain('Accepted')
    expect(find('local-list-entry-GONE').text()).toContain('remove')
  })

  it('opens the send dialog for this station', async () => {
    await mountCard(stationList('CP1'))
    await find('local-list-send').trigger('click')
    await flush()
    await flush()
    expect(document.querySelector('[data-testid="send-list-dialog"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="send-list-selected-count"]')?.textContent).toBe('1 station chosen')
  })
})
