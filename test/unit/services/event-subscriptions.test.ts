import { describe, expect, it } from 'vitest'
import type { LogEntry, StationSummary, TransactionSummary } from '@shared/contract'
import { parseEventSubscription, selectForStations } from '@shared/contract/event-subscription'
import { ClientEvents, fanOut } from '../../../src/main/services/event-subscriptions'

const frame = (stationId: string, seq: number) => ({ seq, stationId }) as LogEntry
const station = (id: string) => ({ id }) as StationSummary
const transaction = (stationId: string) => ({ transactionId: 1, stationId }) as TransactionSummary

describe('event subscriptions', () => {
  it('a station selection keeps that station’s frames and events, and passes events about no station whole', () => {
    const only = new Set(['CP1'])
    expect(selectForStations('messagesLogged', [frame('CP1', 1), frame('CP2', 2), frame('CP1', 3)], only)).toEqual([frame('CP1', 1), frame('CP1', 3)])
    expect(selectForStations('messagesLogged', [frame('CP2', 2)], only)).toBeUndefined()
    expect(selectForStations('stationUpdated', station('CP1'), only)).toEqual(station('CP1'))
    expect(selectForStations('stationUpdated', station('CP2'), only)).toBeUndefined()
    expect(selectForStations('transactionUpdated', transaction('CP2'), only)).toBeUndefined()
    expect(selectForStations('idTagsChanged', [], only)).toEqual([])
  })

  it('a client that never subscribed gets everything; one that did gets only what it named', () => {
    const events = new ClientEvents()
    expect(events.select('transactionUpdated', transaction('CP9'))).toEqual(transaction('CP9'))
    events.subscribe({ stationUpdated: 'all', messagesLogged: ['CP1'] })
    expect(events.select('transactionUpdated', transaction('CP9'))).toBeUndefined()
    expect(events.select('stationUpdated', station('CP9'))).toEqual(station('CP9'))
    expect(events.select('messagesLogged', [frame('CP1', 1), frame('CP9', 2)])).toEqual([frame('CP1', 1)])
    events.subscribe({})
    expect(events.select('stationUpdated', station('CP9'))).toBeUndefined()
  })

  it('the fan-out encodes an event once per distinct selection, and sends nothing to clients that did not ask for it', () => {
    const whole = [new ClientEvents(), new ClientEvents()]
    const cp1 = [new ClientEvents(), new ClientEvents()]
    const none = new ClientEvents()
    cp1.forEach((c) => c.subscribe({ messagesLogged: ['CP1'] }))
    cp1[1]!.subscribe({ messagesLogged: ['CP1', 'CP1'] }) // the same selection, said twice
    none.subscribe({ stationUpdated: 'all' })
    const clients = [...whole, ...cp1, none].map((events, i) => [i, events] as const)
    let encodings = 0
    const sent: Array<[number, string]> = []
    fanOut(clients, 'messagesLogged', [frame('CP1', 1), frame('CP2', 2)], (data) => (encodings++, JSON.stringify(data)), (client, text) => sent.push([client, text]))
    expect(encodings).toBe(2)
    expect(sent.map(([client]) => client)).toEqual([0, 1, 2, 3])
    expect(JSON.parse(sent[2]![1])).toEqual([frame('CP1', 1)])
    sent.length = 0
    fanOut(clients, 'messagesLogged', [frame('CP2', 3)], JSON.stringify, (client, text) => sent.push([client, text]))
    expect(sent.map(([client]) => client)).toEqual([0, 1])
  })

  it('a subscription from outside is checked: known events, "all" or station ids', () => {
    expect(parseEventSubscription({ messagesLogged: ['CP1'], stationUpdated: 'all' })).toEqual({ messagesLogged: ['CP1'], stationUpdated: 'all' })
    expect(() => parseEventSubscription([])).toThrow(/is an object/)
    expect(() => parseEventSubscription({ nope: 'all' })).toThrow(/Unknown event "nope"/)
    expect(() => parseEventSubscription({ messagesLogged: [1] })).toThrow(/"messagesLogged" takes/)
    expect(() => parseEventSubscription({ messagesLogged: 'some' })).toThrow(/"messagesLogged" takes/)
  })
})
