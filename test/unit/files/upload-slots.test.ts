import { describe, expect, it } from 'vitest'
import type { UploadSlot } from '../../../src/main/storage/files-repository'
import { MAX_SLOT_REACH_MS, slotExpiry, SlotRefused, UploadSlots, type SlotStore } from '../../../src/main/files/upload-slots'

const HOUR = 3600_000
const T0 = Date.parse('2026-03-01T10:00:00Z')

function memoryStore(): SlotStore & { map: Map<string, UploadSlot> } {
  const map = new Map<string, UploadSlot>()
  return {
    map,
    slot: (token) => map.get(token),
    slots: () => [...map.values()],
    saveSlot: (slot) => void map.set(slot.token, slot),
    deleteSlot: (token) => void map.delete(token),
  }
}

function slots(options: { perStation?: number; total?: number; maxBytes?: number } = {}) {
  const clock = { now: T0 }
  const repo = memoryStore()
  let maxBytes = options.maxBytes ?? 1000
  const log: string[] = []
  const rules = new UploadSlots({
    repo,
    now: () => clock.now,
    windowMs: () => HOUR,
    maxBytes: () => maxBytes,
    limits: { perStation: options.perStation ?? 3, total: options.total ?? 5 },
    log: (line) => void log.push(line),
  })
  return { rules, repo, clock, log, setMaxBytes: (n: number) => (maxBytes = n) }
}

const reason = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return error instanceof SlotRefused ? error.reason : `other: ${(error as Error).message}`
  }
  return 'none'
}

describe('when an upload location closes', () => {
  it('an hour after it was made without a request, or an hour after a stopTime in the past', () => {
    expect(slotExpiry(T0, HOUR)).toBe(T0 + HOUR)
    expect(slotExpiry(T0, HOUR, { stopTime: '2026-03-01T08:00:00Z' })).toBe(T0 + HOUR)
  })

  it('an hour after a stopTime ahead, plus the time the retries may take', () => {
    expect(slotExpiry(T0, HOUR, { stopTime: '2026-03-01T12:00:00Z' })).toBe(T0 + 3 * HOUR)
    expect(slotExpiry(T0, HOUR, { retries: 3, retryInterval: 600 })).toBe(T0 + 30 * 60_000 + HOUR)
  })

  it('within a week whatever the station-facing values say (far stopTime, huge or negative retries, garbage)', () => {
    expect(slotExpiry(T0, HOUR, { stopTime: '9999-12-31T00:00:00Z', retries: 2 ** 31, retryInterval: 2 ** 31 })).toBe(T0 + MAX_SLOT_REACH_MS + HOUR)
    expect(slotExpiry(T0, HOUR, { stopTime: 'not a date', retries: -5, retryInterval: Number.NaN })).toBe(T0 + HOUR)
  })
})

describe('upload location rules', () => {
  it('one upload per location: the first kept upload uses it up, a failed one leaves it open', () => {
    const { rules, repo } = slots()
    const slot = rules.create('CP1')
    const failed = rules.claim(slot.token)
    failed.release()
    const kept = rules.claim(slot.token)
    kept.useUp()
    expect(repo.map.has(slot.token)).toBe(false)
    expect(reason(() => rules.claim(slot.token))).toBe('used')
  })

  it('one upload at a time: a second claim while one runs is "busy"', () => {
    const { rules } = slots()
    const slot = rules.create('CP1')
    const first = rules.claim(slot.token)
    expect(rules.inProgress(slot.token)).toBe(true)
    expect(reason(() => rules.claim(slot.token))).toBe('busy')
    first.release()
    expect(rules.inProgress(slot.token)).toBe(false)
  })

  it('an expired location refuses and leaves the state; the sweep removes every expired idle one', () => {
    const { rules, repo, clock } = slots()
    const a = rules.create('CP1')
    const b = rules.create('CP2')
    const running = rules.claim(b.token)
    clock.now += HOUR
    expect(reason(() => rules.check(a.token))).toBe('expired')
    expect(repo.map.has(a.token)).toBe(false)
    expect(rules.sweep()).toBe(0) // b is being uploaded to: kept until that upload ends
    running.release()
    expect(rules.sweep()).toBe(1)
    expect(repo.map.size).toBe(0)
  })

  it('linking a GetDiagnostics keeps the location open until its stopTime plus the window, never shorter', () => {
    const { rules, clock } = slots()
    const slot = rules.create('CP1')
    rules.link(slot.token, 'task-1', { stopTime: '2026-03-01T15:00:00Z' })
    clock.now = Date.parse('2026-03-01T15:59:00Z')
    expect(rules.check(slot.token)).toMatchObject({ taskId: 'task-1' })
    rules.link(slot.token, 'task-1', { stopTime: '2026-03-01T09:00:00Z' })
    expect(rules.check(slot.token).expiresAt).toBe('2026-03-01T16:00:00.000Z')
    clock.now = Date.parse('2026-03-01T16:00:00Z')
    expect(reason(() => rules.check(slot.token))).toBe('expired')
  })

  it('keeps at most N open locations per station and M in all, dropping the oldest idle ones first', () => {
    const { rules, repo, clock } = slots({ perStation: 2, total: 3 })
    const tick = () => (clock.now += 1000)
    const a1 = rules.create('A')
    tick()
    const a2 = rules.create('A')
    tick()
    const busy = rules.claim(a1.token)
    const a3 = rules.create('A') // a1 is in use: a2 goes
    expect([...repo.map.keys()].sort()).toEqual([a1.token, a3.token].sort())
    busy.release()
    tick()
    const b1 = rules.create('B')
    tick()
    rules.create('C') // 4 > 3 in all: the oldest (a1) goes
    expect(repo.map.has(a1.token)).toBe(false)
    expect(repo.map.has(a3.token)).toBe(true)
    expect(repo.map.has(b1.token)).toBe(true)
    expect(repo.map.size).toBe(3)
    expect(a2.token).not.toBe(a3.token)
  })

  it('a quota per upload: the size limit when the location was made, never more than the current one', () => {
    const { rules, setMaxBytes } = slots({ maxBytes: 500 })
    const slot = rules.create('CP1')
    expect(slot.maxBytes).toBe(500)
    setMaxBytes(2000)
    const claim = rules.claim(slot.token)
    expect(claim.maxBytes).toBe(500)
    claim.release()
    setMaxBytes(100)
    expect(rules.claim(slot.token).maxBytes).toBe(100)
  })

  it('tokens are data: __proto__, constructor and malformed tokens are unknown, never a lookup on an object', () => {
    const { rules } = slots()
    for (const token of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'A'.repeat(24), '0'.repeat(24)]) {
      expect(reason(() => rules.check(token)), token).toBe('unknown')
    }
  })

  it('a location stored before expiry existed closes the window after it was made', () => {
    const { rules, repo, clock } = slots()
    const old: UploadSlot = { token: 'ab'.repeat(12), stationId: 'CP1', createdAt: new Date(T0 - 2 * HOUR).toISOString() }
    repo.saveSlot(old)
    expect(reason(() => rules.check(old.token))).toBe('expired')
    const recent: UploadSlot = { token: 'cd'.repeat(12), stationId: 'CP1', createdAt: new Date(clock.now).toISOString() }
    repo.saveSlot(recent)
    expect(rules.check(recent.token).token).toBe(recent.token)
  })
})
