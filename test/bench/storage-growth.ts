/**
 * Write cost as the store grows: appends N records (default ten million) to the message log and
 * then N meter-value records, in batches of 2,000 that each wait for durability (as a second of a
 * 2,000-station load would), and prints for every million the cost per record, the throughput,
 * the heap and RSS. Flat columns are the target: the cost must not depend on what is stored.
 *   npm run bench:growth -- [records]
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LogEntry } from '@shared/contract/dto'
import { MessageLog } from '../../src/main/storage/message-log'
import { MeterValueStore } from '../../src/main/storage/meter-value-store'

const total = Number(process.argv[2] ?? 10_000_000)
const BATCH = 2_000
const STEP = Math.min(1_000_000, total)
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`

function logEntry(i: number): Omit<LogEntry, 'seq'> {
  const meter = i % 3 === 0
  return {
    time: new Date().toISOString(),
    stationId: `CP-${i % 2000}`,
    direction: i % 2 === 0 ? 'in' : 'out',
    kind: i % 2 === 0 ? 'CALL' : 'CALLRESULT',
    messageId: `m-${i}`,
    ...(i % 2 === 0 ? { action: meter ? 'MeterValues' : 'Heartbeat' } : {}),
    payload: meter ? { connectorId: 1, transactionId: i, meterValue: [{ timestamp: '2026-11-30T06:00:00.000Z', sampledValue: [{ value: String(i), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] } : {},
  }
}

async function grow(name: string, append: (i: number) => Promise<void> | void, durable: () => Promise<void>, indexBytes: () => number): Promise<void> {
  console.log(`\n${name}: ${total.toLocaleString('en')} records, batches of ${BATCH} made durable`)
  console.log('stored before      µs/record   records/s   heapUsed        RSS   index')
  let stepStart = performance.now()
  for (let i = 0; i < total; ) {
    const waits: (Promise<void> | void)[] = []
    for (let end = Math.min(i + BATCH, total); i < end; i += 1) waits.push(append(i))
    await Promise.all(waits)
    await durable()
    if (i % STEP === 0) {
      const ms = performance.now() - stepStart
      const memory = process.memoryUsage()
      console.log(`${(i - STEP).toLocaleString('en').padStart(13)} ${((ms * 1000) / STEP).toFixed(2).padStart(12)} ${Math.round(STEP / (ms / 1000)).toLocaleString('en').padStart(11)} ${mb(memory.heapUsed).padStart(10)} ${mb(memory.rss).padStart(10)} ${mb(indexBytes()).padStart(7)}`)
      stepStart = performance.now()
    }
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'csms-growth-'))
  try {
    const log = await MessageLog.open({ dir: join(dir, 'log'), logger: quiet, maxSegments: 10_000, minBatchIntervalMs: 100 })
    await grow('message log', (i) => void log.append(logEntry(i)), () => log.flush(), () => log.stats().indexBytes)
    await log.close()
    const meterValues = await MeterValueStore.open({ dir: join(dir, 'meter-values'), logger: quiet })
    const now = new Date().toISOString()
    await grow('meter values', (i) => meterValues.append({ stationId: `CP-${i % 2000}`, connectorId: 1, transactionId: 1 + Math.floor(i / 40), source: 'MeterValues', receivedAt: now, meterValue: [{ timestamp: now, sampledValue: [{ value: String(i), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: '7200', measurand: 'Power.Active.Import', unit: 'W' }] }] }), () => meterValues.flush(), () => meterValues.indexBytes)
    const started = performance.now()
    const one = await meterValues.forTransaction(1 + Math.floor(total / 80))
    console.log(`\none transaction's ${one.length} meter values read back in ${(performance.now() - started).toFixed(1)} ms`)
    await meterValues.close()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
