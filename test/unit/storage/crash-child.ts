/** Child process for crash.test.ts: hands out ids and logs frames until it is killed. */
import { openStorage } from '../../../src/main/storage'

const storage = await openStorage({ dataDir: process.argv[2]!, log: { maxSegmentBytes: 4096 } })
for (;;) {
  const id = await storage.counters.next('transactionId')
  const entry = storage.messageLog.append({ time: new Date().toISOString(), stationId: 'CP-1', direction: 'in', kind: 'CALL', action: 'StartTransaction', messageId: String(id), payload: { id } })
  if (id % 10 === 0) await storage.messageLog.flush()
  // Reported only once durable: what a reply to a charge point would be based on.
  if (id % 10 === 0) process.stdout.write(`durable ${id} ${entry.seq}\n`)
}
