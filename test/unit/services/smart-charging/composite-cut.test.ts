/**
 * The composite (composite.ts) when a cap cuts one profile: nothing of another profile is shown
 * past the cut; and the window bound without a note collector.
 */
import { describe, expect, it } from 'vitest'
import { composite } from '../../../../src/main/services/smart-charging/composite'
import { boundedWindow, MAX_WINDOW_SECONDS } from '../../../../src/main/services/smart-charging/view-bounds'
import { on, profile, X } from './profile-fixtures'

describe('a composite cut where one profile stops being complete', () => {
  it('shows no change of another profile at or after the cut', () => {
    // Ten spans of the same limit: the cap of 5 cuts the spans (at 50 s), not the merged periods.
    const busy = profile({ stackLevel: 1, duration: 100, periods: Array.from({ length: 10 }, (_, i) => [i * 10, 6] as [number, number]) })
    const calm = profile({ periods: [[0, 20], [50, 30], [300, 16]] })
    const result = composite([on(1, busy), on(1, calm)], { connectorId: 1, from: X, duration: 400, unit: 'A', voltage: 230 }, 5)
    expect(result.duration).toBe(50)
    expect(result.periods).toEqual([{ startPeriod: 0, limit: 6 }])
    expect(result.truncated.join()).toMatch(/computed up to/)
  })
})

describe('the window bound', () => {
  it('cuts to 31 days also when nobody collects the notes', () => {
    expect(boundedWindow(X, 40 * 86_400, 'The view was asked for')).toEqual({ from: X, duration: MAX_WINDOW_SECONDS })
  })
})
