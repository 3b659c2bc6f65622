import { afterEach, describe, expect, it, vi } from 'vitest'
import { burstLog } from '../../../src/main/files/burst-log'

describe('refusals logged once per burst', () => {
  afterEach(() => vi.useRealTimers())

  it('logs the first of a kind at once, counts the rest, and logs the count when the window ends', () => {
    vi.useFakeTimers()
    const lines: string[] = []
    const log = burstLog((line) => void lines.push(line), 60_000)
    for (let i = 0; i < 1000; i++) log('unknown 10.0.0.9', 'Refused a diagnostics upload (http-put from 10.0.0.9): unknown upload location')
    log('used 10.0.0.8', 'Refused … used')
    expect(lines).toEqual(['Refused a diagnostics upload (http-put from 10.0.0.9): unknown upload location', 'Refused … used'])
    vi.advanceTimersByTime(60_000)
    expect(lines[2]).toBe('999 more like this in the last 60 s: Refused a diagnostics upload (http-put from 10.0.0.9): unknown upload location')
    expect(lines).toHaveLength(3)
    log('unknown 10.0.0.9', 'again')
    expect(lines[3]).toBe('again')
  })
})
