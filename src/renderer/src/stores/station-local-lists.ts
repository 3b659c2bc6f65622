import { defineStore } from 'pinia'
import type { CommandArgs, CommandResult, ListSend } from '@shared/contract'
import { getClient } from '../api'
import { createPerStationSnapshots } from './per-station-snapshots'

/**
 * What the CSMS knows of each station's local list (getStationLocalList per station, on demand),
 * kept current by localListChanged, which carries a station's whole state: every chunk answer,
 * every send that ends, every version reported.
 */
export const useStationLocalListsStore = defineStore('stationLocalLists', () => {
  const client = getClient()
  const { byId, loading, errors, load, ensure, get, apply } = createPerStationSnapshots({
    fetch: (stationId) => client.invoke('getStationLocalList', { stationId }),
    listen: (apply) => client.on('localListChanged', apply),
    what: 'the local list of',
  })

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

  return { loading, errors, load, ensure, get, findSend, send, apply }
})
