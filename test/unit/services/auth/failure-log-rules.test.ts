/**
 * The Basic-auth failure log, the edges (see failure-log.test.ts): window boundaries on the clock,
 * the caps on identities and addresses remembered (and the "+" that says so), timers of an old
 * window, the default timer, and the wording of the first and the summary lines.
 */
import { describe, expect, it } from 'vitest'
import { FailureLog } from '../../../../src/main/services/auth/failure-log'

function setup(maxAddresses?: number) {
  let t = 0
  const lines: string[] = []
  const timers: Array<{ run: () => void; ms: number; cancelled: boolean }> = []
  const log = new FailureLog({
    now: () => t,
    warn: (line) => void lines.push(line),
    maxAddresses,
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false }
      timers.push(timer)
      return () => void (timer.cancelled = true)
    },
  })
  return { log, lines, timers, advance: (ms: number) => void (t += ms) }
}

describe('failure log windows', () => {
  it('the first line says how often the rest is summed up', () => {
    const s = setup()
    s.log.failed('10.0.0.5', 'CP-1', 'wrong password')
    expect(s.lines[0]).toBe('OCPP connection refused from 10.0.0.5 for CP-1: wrong password (further refusals from 10.0.0.5 are summed up every 10 s)')
  })

  it('refusals within the window are counted, not logged; one exactly a window later starts a new window', () => {
    const s = setup()
    s.log.failed('10.0.0.5', 'CP-1', 'first')
    s.advance(9_999)
    s.log.failed('10.0.0.5', 'CP-1', 'second')
    expect(s.lines).toHaveLength(1)
    s.advance(1)
    s.log.failed('10.0.0.5', 'CP-1', 'third')
    expect(s.lines).toEqual([expect.stringContaining(': first'), '1 more refusals from 10.0.0.5 for CP-1 in the last 10 s (Basic auth)', expect.stringContaining(': third')])
  })

  it('the window runs from its first refusal, not from the latest one', () => {
    const s = setup()
    s.log.failed('10.0.0.5', 'CP-1', 'first')
    s.advance(6_000)
    s.log.failed('10.0.0.5', 'CP-1', 'second')
    s.advance(4_500)
    s.log.failed('10.0.0.5', 'CP-1', 'third')
    expect(s.lines.at(-1)).toContain(': third')
  })

  it('a summary written early says how long the window ran; flushing with no window writes nothing', () => {
    const s = setup()
    s.log.flush()
    expect(s.lines).toEqual([])
    s.advance(100_000)
    s.log.failed('10.0.0.5', 'CP-1', 'x')
    s.log.failed('10.0.0.5', 'CP-1', 'x')
    s.advance(3_000)
    s.log.flush()
    expect(s.lines.at(-1)).toBe('1 more refusals from 10.0.0.5 for CP-1 in the last 3 s (Basic auth)')
  })

  it('exactly three identities are all named', () => {
    const s = setup()
    s.log.failed('10.0.0.5', 'CP-0', 'x')
    for (const id of ['CP-1', 'CP-2', 'CP-3']) s.log.failed('10.0.0.5', id, 'x')
    s.log.flush()
    expect(s.lines.at(-1)).toBe('3 more refusals from 10.0.0.5 for CP-1, CP-2, CP-3 in the last 1 s (Basic auth)')
  })

  it('at most 100 identities per address are told apart, and the count says it is more', () => {
    const s = setup()
    for (let i = 0; i < 150; i += 1) s.log.failed('10.0.0.5', `CP-${i}`, 'x')
    s.log.flush()
    expect(s.lines.at(-1)).toBe('149 more refusals from 10.0.0.5 for CP-1, CP-2, CP-3 and 97+ other identities in the last 1 s (Basic auth)')
    for (let i = 0; i < 100; i += 1) s.log.failed('10.0.0.6', `CP-${i}`, 'x')
    s.log.flush()
    expect(s.lines.at(-1), '99 identities are all told apart').toBe('99 more refusals from 10.0.0.6 for CP-1, CP-2, CP-3 and 96 other identities in the last 1 s (Basic auth)')
  })

  it('at most 10,000 further addresses are told apart, and the count says it is more; each window counts afresh', () => {
    const s = setup(1)
    s.log.failed('10.0.0.1', 'CP-1', 'x')
    for (let i = 0; i < 10_050; i += 1) s.log.failed(`10.1.${i >> 8}.${i & 255}`, 'CP-1', 'x')
    s.log.flush()
    expect(s.lines.at(-1)).toBe('10050 refusals from 10000+ further addresses in the last 1 s (Basic auth)')
    s.log.failed('10.0.0.1', 'CP-1', 'x')
    for (let i = 0; i < 9_999; i += 1) s.log.failed(`10.1.${i >> 8}.${i & 255}`, 'CP-1', 'x')
    s.log.flush()
    expect(s.lines.at(-1)).toBe('9999 refusals from 9999 further addresses in the last 1 s (Basic auth)')
  })

  it('the timer of a window already summed up does not end the next window early', () => {
    const s = setup()
    s.log.failed('10.0.0.5', 'CP-1', 'x')
    const old = s.timers[0]!
    s.log.flush()
    s.log.failed('10.0.0.5', 'CP-1', 'x')
    s.log.failed('10.0.0.5', 'CP-1', 'x')
    s.advance(20_000)
    const before = s.lines.length
    old.run()
    expect(s.lines).toHaveLength(before)
  })

  it('a timer that fires early waits again for what is left of the window', () => {
    const s = setup()
    s.log.failed('10.0.0.5', 'CP-1', 'x')
    expect(s.timers[0]!.ms).toBe(10_000)
    s.advance(4_000)
    s.timers[0]!.run()
    expect(s.timers[1]!.ms).toBe(6_000)
  })

  it('the default timer writes the summary when the window ends', async () => {
    const lines: string[] = []
    const log = new FailureLog({ now: Date.now, warn: (line) => void lines.push(line), windowMs: 20 })
    log.failed('10.0.0.5', 'CP-1', 'x')
    log.failed('10.0.0.5', 'CP-1', 'x')
    await expect.poll(() => lines.length, { timeout: 5_000 }).toBe(2)
    expect(lines[1]).toMatch(/^1 more refusals from 10\.0\.0\.5/)
  })
})
