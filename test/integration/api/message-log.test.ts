import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogEntry, LogPage } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'

describe('message log through the API', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('records every frame in and out with station, direction, id, action and payload', async () => {
    const cp = await h.booted('CP-LOG')
    await cp.call('Heartbeat', {}, 'hb-1')
    const page = await h.invoke<LogPage>('queryLog', { stationId: 'CP-LOG' })
    const heartbeat = page.entries.filter((e) => e.messageId === 'hb-1')
    expect(heartbeat.map((e) => [e.direction, e.kind, e.action])).toEqual([
      ['out', 'CALLRESULT', 'Heartbeat'],
      ['in', 'CALL', 'Heartbeat'],
    ])
    expect(heartbeat[1]!.payload).toEqual({})
    expect(heartbeat[0]!.time).toMatch(/\.\d{3}Z$/)
  })

  it('filters by action and direction and pages newest first', async () => {
    const cp = await h.booted('CP-PAGE')
    for (let i = 0; i < 7; i += 1) await cp.call('Heartbeat', {}, `hb-${i}`)
    const first = await h.invoke<LogPage>('queryLog', { stationId: 'CP-PAGE', action: 'Heartbeat', direction: 'in', limit: 3 })
    expect(first.entries.map((e) => e.messageId)).toEqual(['hb-6', 'hb-5', 'hb-4'])
    const second = await h.invoke<LogPage>('queryLog', { stationId: 'CP-PAGE', action: 'Heartbeat', direction: 'in', limit: 3, before: first.nextBefore })
    expect(second.entries.map((e) => e.messageId)).toEqual(['hb-3', 'hb-2', 'hb-1'])
  })

  it('exports the log as NDJSON, oldest first', async () => {
    const cp = await h.booted('CP-EXP')
    await cp.call('Heartbeat', {}, 'exp-1')
    const result = await h.invoke<{ fileName: string; content: string; count: number }>('exportLog', { stationId: 'CP-EXP' })
    expect(result.fileName).toMatch(/\.ndjson$/)
    const lines = result.content.trim().split('\n').map((line) => JSON.parse(line) as LogEntry)
    expect(lines.length).toBe(result.count)
    expect(lines[0]!.action).toBe('BootNotification')
    expect(lines.at(-1)!.messageId).toBe('exp-1')
  })
})
