/**
 * Issue 17 §1: a client cannot hold every socket of the UI/API. Connections beyond the cap are
 * dropped at once; once one is freed, a normal request is answered again.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/csms-harness'
import { openRaw, readAnswer } from '../../support/raw-http'

let h: Harness | undefined
afterEach(async () => h?.stop())

describe('the connection cap', () => {
  it('drops connections to the UI/API beyond the cap, and serves again once one is freed', async () => {
    h = await startHarness({ httpLimits: { maxConnections: 4 } })
    const port = Number(new URL(h.apiUrl).port)
    const held = await Promise.all(Array.from({ length: 4 }, () => openRaw(port)))
    try {
      held.forEach((socket) => socket.on('error', () => undefined))
      const extra = await openRaw(port)
      extra.on('error', () => undefined)
      const dropped = await readAnswer(extra, { timeoutMs: 5000 })
      expect(dropped).toMatchObject({ closed: true, status: undefined })
      held[0]!.destroy()
      const answered = () => fetch(`${h!.apiUrl}/getServerInfo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0)
      await expect.poll(answered, { timeout: 5000 }).toBe(200)
    } finally {
      held.forEach((socket) => socket.destroy())
    }
  })
})
