import { describe, expect, it } from 'vitest'
import { FailureLog } from '../../../../src/main/services/auth/failure-log'

function setup(maxAddresses?: number) {
  let t = 0
  const lines: string[] = []
  const timers: Array<{ run: () => void; cancelled: boolean }> = []
  const log = new FailureLog({
    now: () => t,
    warn: (line) => void lines.push(line),
    maxAddresses,
    setTimer: (run) => {
      const timer = { run, cancelled: false }
      timers.push(timer)
      return () => void (timer.cancelled = true)
    },
  })
  const fire = () => timers.filter((timer) => !timer.cancelled).forEach((timer) => ((timer.cancelled = true), timer.run()))
  return { log, lines, advance: (ms: number) => void (t += ms), fire }
}

describe('the Basic-auth failure log', () => {
  it('logs the first failure of an address with its reason, then one summary for the window', () => {
    const { log, lines, advance, fire } = setup()
    log.failed('10.0.0.5', 'CP-1', 'wrong password')
    for (let i = 0; i < 6; i += 1) log.failed('10.0.0.5', i < 3 ? 'CP-1' : 'CP-2', 'wrong password')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^OCPP connection refused from 10\.0\.0\.5 for CP-1: wrong password/)
    advance(10_000)
    fire()
    expect(lines).toHaveLength(2)
    expect(lines[1]).toBe('6 more refusals from 10.0.0.5 for CP-1, CP-2 in the last 10 s (Basic auth)')
  })

  it('a timer firing before the window ends by the clock waits again', () => {
    const { log, lines, advance, fire } = setup()
    log.failed('10.0.0.5', 'CP-1', 'wrong password')
    log.failed('10.0.0.5', 'CP-1', 'wrong password')
    advance(3_000)
    fire()
    expect(lines).toHaveLength(1)
    advance(7_000)
    fire()
    expect(lines[1]).toMatch(/^1 more refusals from 10\.0\.0\.5/)
  })

  it('a failure after the window sums up the last one first, then starts a new burst', () => {
    const { log, lines, advance } = setup()
    log.failed('10.0.0.5', 'CP-1', 'wrong password')
    log.failed('10.0.0.5', 'CP-1', 'wrong password')
    advance(12_000)
    log.failed('10.0.0.5', 'CP-1', 'backed off')
    expect(lines.map((line) => line.slice(0, 40))).toEqual([
      'OCPP connection refused from 10.0.0.5 fo',
      '1 more refusals from 10.0.0.5 for CP-1 i',
      'OCPP connection refused from 10.0.0.5 fo',
    ])
  })

  it('names at most maxAddresses addresses per window and counts the rest in one line', () => {
    const { log, lines, advance, fire } = setup(3)
    for (let i = 0; i < 100; i += 1) log.failed(`10.0.0.${i}`, `CP-${i}`, 'wrong password')
    expect(lines).toHaveLength(3)
    advance(10_000)
    fire()
    expect(lines).toHaveLength(4)
    expect(lines[3]).toBe('97 refusals from 97 further addresses in the last 10 s (Basic auth)')
  })

  it('names three identities and counts the others', () => {
    const { log, lines, advance, fire } = setup()
    log.failed('10.0.0.5', 'CP-0', 'wrong password')
    for (let i = 1; i <= 5; i += 1) log.failed('10.0.0.5', `CP-${i}`, 'wrong password')
    advance(10_000)
    fire()
    expect(lines[1]).toBe('5 more refusals from 10.0.0.5 for CP-1, CP-2, CP-3 and 2 other identities in the last 10 s (Basic auth)')
  })
})
