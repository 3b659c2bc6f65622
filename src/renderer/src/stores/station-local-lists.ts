import { onScopeDispose, shallowReactive } from 'vue'
import { defineStore } from 'pinia'
import type { CommandArgs, CommandResult, ListSend, StationLocalList } from '@shared/contract'
import { errorMessage, getClient, onResync } from '../api'

/** Snapshots fetched at once when many stations are asked for (the send dialog). */
const CONCURRENCY = 4

/**
 * What the CSMS knows of each station's local list (getStationLocalList per station, on demand),
 * kept current by localListChanged, which carries a station's whole state: every chunk answer,
 * every send that ends, every version reported.
 */
export const useStationLocalListsStore = defineStore('stationLocalLists', () => {
  const client = getClient()
  const byId = shallowReactive(new Map<string, StationLocalList>())
  const loading = shallowReactive(new Set<string>())
  const errors = shallowReactive(new Map<string, string>())
  /** Stations an event updated while their snapshot was on its way: the event is newer and wins. */
  const newer = new Set<string>()
  const inflight = new Map<string, Promise<void>>()

  function apply(list: StationLocalList): void {
    newer.add(list.stationId)
    byId.set(list.stationId, list)
    errors.delete(list.stationId)
  }

  async function doLoad(stationId: string): Promise<void> {
    newer.delete(stationId)
    loading.add(stationId)
    try {
      const list = await client.invoke('getStationLocalList', { stationId })
      if (!newer.has(stationId)) byId.set(stationId, list)
      errors.delete(stationId)
    } catch (err) {
      errors.set(stationId, `Could not load the local list of ${stationId}: ${errorMessage(err)}`)
    } finally {
      newer.delete(stationId)
      loading.delete(stationId)
    }
  }

  /** Loads (or reloads) one station; concurrent calls for it share one request. */
  function load(stationId: string): Promise<void> {
    let running = inflight.get(stationId)
    if (!running) {
      running = doLoad(stationId).finally(() => inflight.delete(stationId))
      inflight.set(stationId, running)
    }
    return running
  }

  /** Loads the stations not known yet, a few at a time. */
  async function ensure(stationIds: string[]): Promise<void> {
    const queue = stationIds.filter((id) => !byId.has(id) && !inflight.has(id))
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await load(id)
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker))
  }

  function get(stationId: string): StationLocalList | undefined {
    return byId.get(stationId)
  }

  /** A send as it stands now (events), else undefined. */
  function findSend(stationId: string, sendId: string): ListSend | undefined {
    return byId.get(stationId)?.history.find((s) => s.id === sendId)
  }

  /** Sends just started: shown at once in the history (an event that already brought them is newer). */
  function addSends(sends: ListSend[]): void {
    for (const send of sends) {
      const current = byId.get(send.stationId)
      if (current && !current.history.some((s) => s.id === send.id)) byId.set(send.stationId, { ...current, history: [send, ...current.history] })
    }
  }

  /** SendLocalList through main (difference, chunks, versions); throws an ApiError when nothing was sent. */
  async function send(args: CommandArgs<'sendLocalList'>): Promise<CommandResult<'sendLocalList'>> {
    const result = await client.invoke('sendLocalList', args)
    addSends(result.sends)
    return result
  }

  const offs = [
    client.on('localListChanged', apply),
    onResync(() => {
      for (const id of byId.keys()) void load(id)
    }),
  ]
  onScopeDispose(() => offs.forEach((off) => off()))

  return { loading, errors, load, ensure, get, findSend, send, apply }
})
