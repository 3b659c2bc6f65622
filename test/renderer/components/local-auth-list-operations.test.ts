import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Component } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import type { CallCheck, CommandArgs } from '@shared/contract'
import { setClient } from '@renderer/api'
import { OPERATIONS, operationSelectOptions } from '@renderer/components/operations/operation-registry'
import GetLocalListVersionForm from '@renderer/components/operations/local-auth-list/GetLocalListVersionForm.vue'
import SendLocalListForm from '@renderer/components/operations/local-auth-list/SendLocalListForm.vue'
import { FakeClient } from '../fake-client'
import { task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { authEntry, authList, chunk, listSend, removal, stationList } from '../local-list-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let callCheck: CallCheck

const DEPOT = authList('list-1', 'Depot', [authEntry('TAG-1'), authEntry('TAG-2')])
const HELD = [authEntry('TAG-1'), removal('OLD')]

beforeEach(() => {
  callCheck = { sendable: true, violations: [], warnings: [] }
  client = new FakeClient()
  client
    .handle('checkCall', () => callCheck)
    .handle('sendCall', (args) => task('t1', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
    .handle('listAuthLists', () => [DEPOT])
    .handle('getStationLocalList', () => stationList('CP1', { expectedVersion: 4, entries: HELD, reported: { listVersion: 4, at: '2024-05-01T12:00:00.000Z', taskId: 'g' }, limits: { sendLocalListMaxLength: 50 } }))
    .handle('sendLocalList', (args) => ({ sends: [listSend('send-1', 'CP1', { updateType: args.updateType, chunks: [chunk(args.listVersion ?? 5, args.updateType, 2)] })] }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function open(form: Component): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(form, { stationId: 'CP1', online: true }))
  await flush()
  await flush()
  return wrapper
}

async function chooseList(w: VueWrapper, id: string): Promise<void> {
  const select = w.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'op-list-library')
  if (!select) throw new Error('no library select')
  select.vm.$emit('update:value', id)
  await flush()
}
async function choose(w: VueWrapper, testid: string): Promise<void> {
  await w.find(`[data-testid="${testid}"] input`).trigger('change')
  await flush()
}
async function send(w: VueWrapper): Promise<CommandArgs<'sendLocalList'>[]> {
  const button = w.find('[data-testid="op-send"]')
  expect(button.attributes('disabled')).toBeUndefined()
  await button.trigger('click')
  await flush()
  return client.callsOf('sendLocalList') as CommandArgs<'sendLocalList'>[]
}

describe('Local Auth List operation forms', () => {
  it('GetLocalListVersion sends an empty object', async () => {
    const w = await open(GetLocalListVersionForm)
    expect(JSON.parse(w.find('pre[data-testid="op-payload-preview"]').text())).toEqual({})
    await new Promise((r) => setTimeout(r, 320))
    await flush()
    await w.find('[data-testid="op-send"]').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'GetLocalListVersion', payload: {}, wait: false }])
  })

  it('SendLocalList waits for a list, then sends a library list as Full through sendLocalList with version and chunks left to main', async () => {
    const w = await open(SendLocalListForm)
    expect(w.find('[data-testid="op-missing"]').text()).toContain('choose a list from the library')
    expect(w.find('[data-testid="op-send"]').attributes('disabled')).toBeDefined()
    expect(w.find('[data-testid="op-list-summary"]').text()).toContain('expected v4, reported 4 · SendLocalListMaxLength 50')
    await chooseList(w, 'list-1')
    expect(await send(w)).toEqual([{ stationIds: ['CP1'], listId: 'list-1', updateType: 'Full' }])
    expect(client.callsOf('sendCall')).toEqual([])
    expect(w.find('[data-testid="op-result"]').text()).toContain('v5 Full · 2 entries → waiting')
  })

  it('SendLocalList sends a typed listVersion of 0 as typed and shows the warning main gives', async () => {
    client.handle('sendLocalList', (args) => ({
      sends: [listSend('send-1', 'CP1', { chunks: [chunk(args.listVersion ?? 5, 'Full', 2)], warnings: ['listVersion 0 means "empty" or "not supported": never send it (errata 3.52)'] })],
    }))
    const w = await open(SendLocalListForm)
    await chooseList(w, 'list-1')
    await w.find('[data-testid="op-field-listVersion"]').setValue('0')
    await w.find('[data-testid="op-field-chunkSize"]').setValue('1')
    await flush()
    expect(await send(w)).toEqual([{ stationIds: ['CP1'], listId: 'list-1', updateType: 'Full', listVersion: 0, chunkSize: 1 }])
    expect(w.find('[data-testid="op-warnings"]').text()).toContain('listVersion 0 means "empty"')
  })

  it('SendLocalList sends what the station holds as a Differential as is, and follows the answer', async () => {
    const w = await open(SendLocalListForm)
    await choose(w, 'op-list-source-current')
    await choose(w, 'op-field-updateType-asIs')
    expect(await send(w)).toEqual([{ stationIds: ['CP1'], entries: HELD, updateType: 'Differential', asIs: true }])
    client.emit('localListChanged', stationList('CP1', { history: [listSend('send-1', 'CP1', { updateType: 'Differential', chunks: [chunk(5, 'Differential', 2, 'Accepted')], state: 'accepted' })] }))
    await flush()
    expect(w.find('[data-testid="op-result"]').text()).toContain('Accepted')
    expect(w.find('[data-testid="op-result"]').text()).toContain('1/1 answered')
  })

  it('SendLocalList shows why main refused to send', async () => {
    client.handle('sendLocalList', () => {
      throw Object.assign(new Error('Unknown library list list-1'), { code: 'NotFound' })
    })
    const w = await open(SendLocalListForm)
    await chooseList(w, 'list-1')
    await choose(w, 'op-field-updateType-Differential')
    expect(await send(w)).toEqual([{ stationIds: ['CP1'], listId: 'list-1', updateType: 'Differential' }])
    expect(w.text()).toContain('The list was not sent: Unknown library list list-1')
  })

  it('are registered under Local Auth List, SendLocalList first', () => {
    expect(OPERATIONS.filter((op) => op.profile === 'Local Auth List').map((op) => op.action)).toEqual(['SendLocalList', 'GetLocalListVersion'])
    const group = operationSelectOptions().find((g) => g.label === 'Local Auth List')
    expect(group?.children?.map((c) => (c as { value: string }).value)).toEqual(['SendLocalList', 'GetLocalListVersion'])
  })
})
