/**
 * Start-up with a large history: fills a data directory with N meter-value records (default one
 * million) and T transactions, then, in a fresh process so the figures are not coloured by the
 * fill, times opening the storage and starting the whole CSMS on it.
 *   npm run bench:startup -- [meterValues] [transactions]
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCsms } from '../../src/main/app'
import { openStorage } from '../../src/main/storage'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`

async function fill(dataDir: string, count: number, transactions: number): Promise<void> {
  const storage = await openStorage({ dataDir, logger: quiet })
  const t0 = performance.now()
  const now = (): string => new Date().toISOString()
  for (let t = 1; t <= transactions; t += 1) {
    await storage.transactions.recordStart({ transactionId: t, stationId: `CP-${t % 500}`, connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: now(), idTagInfo: { status: 'Accepted' }, receivedAt: now() })
  }
  const writes: Promise<void>[] = []
  for (let i = 0; i < count; i += 1) {
    writes.push(storage.meterValues.append({ stationId: `CP-${i % 500}`, connectorId: 1, transactionId: 1 + (i % transactions), source: 'MeterValues', receivedAt: now(), meterValue: [{ timestamp: now(), sampledValue: [{ value: String(i), unit: 'Wh' }] }] }))
    if (writes.length >= 10_000) await Promise.all(writes.splice(0))
  }
  await Promise.all(writes)
  await storage.close()
  console.log(`filled ${count} meter values and ${transactions} transactions in ${seconds(performance.now() - t0)}`)
}

async function measure(dataDir: string): Promise<void> {
  const t1 = performance.now()
  const storage = await openStorage({ dataDir, logger: quiet })
  const opened = performance.now() - t1
  const indexed = storage.meterValues.size
  await storage.close()
  const t2 = performance.now()
  const csms = await startCsms({ config: { ocppHost: '127.0.0.1', ocppPort: 0, apiHost: '127.0.0.1', apiPort: 0, filesHost: '127.0.0.1', filesPort: 0, ftpPort: 0, tls: false }, dataDir, logger: quiet })
  const started = performance.now() - t2
  console.log(`storage opened in ${seconds(opened)} (${indexed} meter-value records indexed)`)
  console.log(`CSMS started (storage, servers) in ${seconds(started)}; RSS after start ${mb(process.memoryUsage().rss)}`)
  await csms.stop()
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') return measure(process.argv[3]!)
  const count = Number(process.argv[2] ?? 1_000_000)
  const transactions = Number(process.argv[3] ?? 10_000)
  const dataDir = await mkdtemp(join(tmpdir(), 'csms-startup-'))
  try {
    await fill(dataDir, count, transactions)
    const self = fileURLToPath(import.meta.url)
    const run = spawnSync(process.execPath, [...process.execArgv, self, '--measure', dataDir], { stdio: 'inherit' })
    if (run.status !== 0) process.exitCode = run.status ?? 1
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

void main()
