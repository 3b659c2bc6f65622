/** Issue 20 §2: an API command that changed the state answers only once the change is on disk. */
import { describe, expect, it } from 'vitest'
import type { Settings } from '@shared/contract/dto'
import { createApi, type ApiCore } from '../../../src/main/api'
import { StorageError } from '../../../src/main/storage/storage-logger'
import { DEFAULT_SETTINGS } from '../../../src/main/storage/defaults'

function fakeCore(durable: () => Promise<void>) {
  let changes = 0
  let settings: Settings = structuredClone(DEFAULT_SETTINGS)
  const order: string[] = []
  const core = {
    info: () => ({ version: 't', startedAt: '', dataDir: '', ocppUrls: [], ocppTlsUrls: [], apiUrl: '', uiUrl: '' }),
    settings: {
      get: () => settings,
      update: (patch: Partial<Settings>) => {
        changes += 1
        order.push('changed')
        settings = { ...settings, ...patch } as Settings
        return settings
      },
    },
    settingsChanged: () => undefined,
    durability: {
      changes: () => changes,
      durable: async () => {
        order.push('durable')
        await durable()
        order.push('written')
      },
    },
  } as unknown as ApiCore
  return { api: createApi(core), order }
}

describe('API answers once the change is durable', () => {
  it('a command that changed the state resolves only after the write; one that changed nothing does not wait', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const { api, order } = fakeCore(() => gate)
    let answered = false
    const answer = api.invoke('updateSettings', { ocpp: { heartbeatIntervalSec: 99 } }).then(() => (answered = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(order).toEqual(['changed', 'durable'])
    expect(answered).toBe(false)
    release()
    await answer
    expect(order).toEqual(['changed', 'durable', 'written'])
    await api.invoke('getSettings', {})
    expect(order).toHaveLength(3)
  })

  it('a write that fails fails the command: nothing is answered done that is not on disk', async () => {
    const { api } = fakeCore(() => Promise.reject(new StorageError('JOURNAL_FAILED', 'ENOSPC: no space left on device')))
    await expect(api.invoke('updateSettings', { ocpp: { heartbeatIntervalSec: 98 } })).rejects.toThrow('ENOSPC')
  })
})
