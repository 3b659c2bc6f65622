import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setClient } from '@renderer/api'
import { useMessageLogStore } from '@renderer/stores/message-log'
import { createLogView } from '@renderer/stores/log-view'
import type { LogPage, LogQuery } from '@shared/contract'
import { deferred, FakeClient } from '../fake-client'
import { entries, entry } from '../fixtures'

let client: FakeClient

/** queryLog over an in-memory log of seq 1..total, newest first, honouring before/limit/stationId. */
function serveLog(total: number, stationOf: (seq: number) => string = () => 'CP1') {
  return (args: LogQuery): LogPage => {
    const limit = args.limit ?? 200
    const out = []
    for (let seq = Math.min(total, (args.before ?? Infinity) - 1); seq >= 1 && out.length < limit; seq--) {
      const e = entry(seq, { stationId: stationOf(seq) })
      if (!args.stationId || e.stationId === args.stationId) out.push(e)
    }
    const last = out[out.length - 1]
    return { entries: out, nextBefore: last && last.seq > 1 ? last.seq : undefined }
  }
}

/** The store as the Message Log page uses it: attached while the page is open. */
function openLog() {
  const log = useMessageLogStore()
  log.attach()
  return log
}

beforeEach(() => {
  setActivePinia(createPinia())
  client = new FakeClient()
  setClient(client)
})
afterEach(() => vi.restoreAllMocks())

describe('message log store', () => {
  it('listens only while its page is open, and reloads what went by meanwhile on return', async () => {
    client.handle('queryLog', serveLog(3))
    const log = openLog()
    await log.reload()
    expect(client.subscription()).toEqual({ messagesLogged: 'all' })
    log.detach()
    expect(client.subscription()).toEqual({})
    client.emit('messagesLogged', entries(4, 2))
    expect(log.entries.map((e) => e.seq)).toEqual([3, 2, 1])
    client.handle('queryLog', serveLog(5))
    log.attach()
    await vi.waitFor(() => expect(log.entries.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]))
    expect(client.callsOf('queryLog')).toHaveLength(2)
  })

  it('filtered by a station, it asks main for that station’s frames only', async () => {
    client.handle('queryLog', serveLog(3))
    const log = openLog()
    await log.setFilter({ stationId: 'CP2' })
    expect(client.subscription()).toEqual({ messagesLogged: ['CP2'] })
    await log.setFilter({})
    expect(client.subscription()).toEqual({ messagesLogged: 'all' })
  })

  it('a store never attached does not listen at all', () => {
    useMessageLogStore()
    expect(client.listenerCount('messagesLogged')).toBe(0)
  })

  it('loads the newest 200 entries for the current filter', async () => {
    client.handle('queryLog', serveLog(500))
    const log = openLog()
    await log.reload()
    expect(client.callsOf('queryLog')).toEqual([{ limit: 200 }])
    expect(log.entries).toHaveLength(200)
    expect(log.entries[0]?.seq).toBe(500)
    expect(log.nextBefore).toBe(301)
  })

  it('puts a messagesLogged batch (oldest first) on top, newest first', async () => {
    client.handle('queryLog', serveLog(3))
    const log = openLog()
    await log.reload()
    client.emit('messagesLogged', entries(4, 3))
    expect(log.entries.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1])
  })

  it('applies only the pushed entries that match the filter, and reloads with the filter', async () => {
    client.handle('queryLog', serveLog(10, (seq) => (seq % 2 ? 'CP1' : 'CP2')))
    const log = openLog()
    await log.setFilter({ stationId: 'CP2', kind: 'CALL' })
    expect(client.callsOf('queryLog')).toEqual([{ stationId: 'CP2', kind: 'CALL', limit: 200 }])
    expect(log.entries.every((e) => e.stationId === 'CP2')).toBe(true)

    client.emit('messagesLogged', [
      entry(11, { stationId: 'CP1' }),
      entry(12, { stationId: 'CP2' }),
      entry(13, { stationId: 'CP2', kind: 'CALLRESULT' }),
    ])
    expect(log.entries[0]?.seq).toBe(12)
    expect(log.entries).toHaveLength(6)
  })

  it('filters pushed entries by time range (from inclusive, to exclusive)', async () => {
    client.handle('queryLog', () => ({ entries: [] }))
    const log = openLog()
    await log.setFilter({ from: entry(5).time, to: entry(7).time })
    client.emit('messagesLogged', entries(4, 4))
    expect(log.entries.map((e) => e.seq)).toEqual([6, 5])
  })

  it('while paused, counts the new entries instead of showing them, and shows them on resume', async () => {
    client.handle('queryLog', serveLog(2))
    const log = openLog()
    await log.reload()
    log.pause()
    client.emit('messagesLogged', entries(3, 100))
    client.emit('messagesLogged', entries(103, 23))
    client.emit('messagesLogged', [entry(126, { stationId: 'other' })])
    expect(log.newWhilePaused).toBe(124)
    expect(log.entries.map((e) => e.seq)).toEqual([2, 1])

    await log.resume()
    expect(log.newWhilePaused).toBe(0)
    expect(log.entries).toHaveLength(126)
    expect(log.entries[0]?.seq).toBe(126)
  })

  it('keeps at most 2,000 entries in memory, dropping the oldest', async () => {
    client.handle('queryLog', serveLog(200))
    const log = openLog()
    await log.reload()
    client.emit('messagesLogged', entries(201, 1000))
    client.emit('messagesLogged', entries(1201, 1500))
    expect(log.entries).toHaveLength(2000)
    expect(log.entries[0]?.seq).toBe(2700)
    expect(log.entries[1999]?.seq).toBe(701)
    expect(log.nextBefore).toBe(701)
  })

  it('loads older pages with nextBefore', async () => {
    client.handle('queryLog', serveLog(300))
    const log = openLog()
    await log.reload()
    await log.loadOlder()
    expect(client.callsOf('queryLog')[1]).toEqual({ before: 101, limit: 200 })
    expect(log.entries).toHaveLength(300)
    expect(log.entries[299]?.seq).toBe(1)
    expect(log.canLoadOlder).toBe(false)
  })

  it('neither loses nor duplicates entries pushed while the snapshot is loading', async () => {
    const page = deferred<LogPage>()
    client.handle('queryLog', () => page.promise)
    const log = openLog()
    const loading = log.reload()
    client.emit('messagesLogged', entries(3, 3))
    page.resolve({ entries: [entry(4), entry(3), entry(2), entry(1)] })
    await loading
    expect(log.entries.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1])
  })

  it('reloads on resume when more arrived while paused than it can keep', async () => {
    const view = createLogView({ client, maxEntries: 10 })
    client.handle('queryLog', serveLog(0))
    await view.reload()
    view.pause()
    client.emit('messagesLogged', entries(1, 25))
    expect(view.newWhilePaused.value).toBe(25)
    client.handle('queryLog', serveLog(25))
    await view.resume()
    expect(client.callsOf('queryLog')).toHaveLength(2)
    expect(view.entries.value.map((e) => e.seq).slice(0, 2)).toEqual([25, 24])
    view.dispose()
  })

  it('exports with the filter through exportLog and downloads the content as the given file', async () => {
    const createObjectURL = vi.fn(() => 'blob:fake')
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    client.handle('queryLog', () => ({ entries: [] }))
    client.handle('exportLog', () => ({ fileName: 'log.ndjson', content: '{"seq":1}\n', count: 1, truncated: false }))
    const log = openLog()
    await log.setFilter({ stationId: 'CP1' })
    const result = await log.exportLog()
    expect(client.callsOf('exportLog')).toEqual([{ stationId: 'CP1' }])
    expect(result.count).toBe(1)
    expect(createObjectURL).toHaveBeenCalledOnce()
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0]
    expect(await blob.text()).toBe('{"seq":1}\n')
    const anchor = click.mock.contexts[0] as HTMLAnchorElement
    expect(anchor.download).toBe('log.ndjson')
  })
})
