import { describe, expect, it } from 'vitest'
import { jsonText } from '../../../src/main/util/sliced-json'
import { TimeSlices } from '../../../src/main/util/time-slices'
import { countingScheduler } from '../../support/counting-scheduler'

describe('the JSON text of an API answer', () => {
  it('a long list (200 tasks with 60 KiB answers) is serialized in slices, the same text as JSON.stringify', async () => {
    const tasks = Array.from({ length: 200 }, (_, i) => ({ id: `t${i}`, state: 'answered', response: { data: 'x'.repeat(60 * 1024), n: i, at: new Date(i), gone: undefined } }))
    const scheduler = countingScheduler()
    const text = await jsonText(tasks, new TimeSlices(scheduler))
    expect(scheduler.yields).toBeGreaterThan(0)
    expect(text).toBe(JSON.stringify(tasks))
  })

  it('writes what JSON.stringify writes for everything else: short lists, objects, null, items it cannot write', async () => {
    const odd = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? undefined : i % 10 === 1 ? () => 1 : i % 10 === 2 ? Number.NaN : { i }))
    for (const value of [[1, 2], { a: [1, { b: undefined }] }, null, 'text', 3, odd]) {
      expect(await jsonText(value, new TimeSlices(countingScheduler()))).toBe(JSON.stringify(value))
    }
    expect(await jsonText(undefined)).toBe('null')
  })
})
