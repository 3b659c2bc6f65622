/**
 * Micro benchmark of the message log: append cost, group commit, index memory per entry, index
 * rebuild and query speed. Run: npx tsx --expose-gc test/bench/storage-message-log.ts [entries]
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LogEntry } from '@shared/contract/dto'
import { LogIndex } from '../../src/main/storage/log-index'
import { MessageLog } from '../../src/main/storage/message-log'

const count = Number(process.argv[2] ?? 200_000)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function frame(i: number): Omit<LogEntry, 'seq'> {
  return {
    time: new Date(Date.UTC(2025, 0, 1) + i * 10).toISOString(),
    stationId: `CP-${i % 500}`,
    direction: i % 2 === 0 ? 'in' : 'out',
    kind: i % 2 === 0 ? 'CALL' : 'CALLRESULT',
    messageId: `msg-${i}`,
    action: i % 10 === 0 ? 'MeterValues' : 'Heartbeat',
    payload: i % 10 === 0 ? { connectorId: 1, meterValue: [{ timestamp: '2025-01-01T00:00:00.000Z', sampledValue: [{ value: String(i), measurand: 'Energy.Active.Import.Register' }] }] } : {},
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'csms-bench-'))
  try {
    const log = await MessageLog.open({ dir })
    let started = performance.now()
    for (let i = 0; i < count; i += 1) log.append(frame(i))
    const appendMs = performance.now() - started
    await log.flush()
    const totalMs = performance.now() - started
    const stats = log.stats()
    console.log(`append: ${count} entries, ${((appendMs * 1000) / count).toFixed(2)} µs each on the caller; durable after ${totalMs.toFixed(0)} ms (${Math.round(count / (totalMs / 1000))}/s), ${mb(stats.bytes)} in ${stats.segments} segments`)
    await log.close()

    gc()
    const heapBefore = process.memoryUsage()
    started = performance.now()
    const reopened = await MessageLog.open({ dir })
    const rebuildMs = performance.now() - started
    gc()
    const heapAfter = process.memoryUsage()
    const indexBytes = reopened.stats().indexBytes
    console.log(`rebuild: ${rebuildMs.toFixed(0)} ms (${Math.round(count / (rebuildMs / 1000))} entries/s)`)
    console.log(`index: ${mb(indexBytes)} typed arrays = ${(indexBytes / count).toFixed(1)} B/entry allocated; process arrayBuffers +${mb(heapAfter.arrayBuffers - heapBefore.arrayBuffers)}, heapUsed +${mb(heapAfter.heapUsed - heapBefore.heapUsed)}`)

    for (const query of [{}, { stationId: 'CP-7' }, { action: 'MeterValues', direction: 'in' as const }, { stationId: 'CP-7', before: Math.floor(count / 2) }, { stationId: 'nope' }]) {
      started = performance.now()
      const page = await reopened.query({ ...query, limit: 100 })
      console.log(`query ${JSON.stringify(query)}: ${page.entries.length} entries in ${(performance.now() - started).toFixed(2)} ms`)
    }
    started = performance.now()
    let exported = 0
    await reopened.exportNdjson({ stationId: 'CP-7' }, () => void (exported += 1))
    console.log(`export CP-7: ${exported} lines in ${(performance.now() - started).toFixed(0)} ms`)
    await reopened.close()

    // The index alone at 10 million entries (no disk): what the brief's budget is about.
    gc()
    const before = process.memoryUsage()
    const index = new LogIndex()
    const entries = 10_000_000
    started = performance.now()
    for (let i = 0; i < entries; i += 1) {
      index.add({ seq: i + 1, timeMs: Date.UTC(2025, 0, 1) + i, stationId: `CP-${i % 500}`, action: i % 10 === 0 ? 'MeterValues' : 'Heartbeat', direction: 'in', kind: 'CALL' }, { segment: 1 + Math.floor(i / 250_000), offset: (i % 250_000) * 256, length: 255 })
    }
    const addMs = performance.now() - started
    gc()
    const after = process.memoryUsage()
    console.log(`index of ${entries}: ${mb(index.memoryBytes())} arrays (${(index.memoryBytes() / entries).toFixed(1)} B/entry), rss +${mb(after.rss - before.rss)}, add ${((addMs * 1000) / entries).toFixed(3)} µs each`)
    const filter = index.compile({ stationId: 'CP-7', action: 'MeterValues' })!
    started = performance.now()
    const hits = index.newest(filter, Infinity, 101)
    console.log(`full-scan filter over 10M (station+action, rare): ${hits.length} hits in ${(performance.now() - started).toFixed(1)} ms`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
