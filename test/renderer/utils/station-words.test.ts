/**
 * Issue 17 §3: words a station sends (a connector status, a unit, a profile purpose, a file status,
 * an answer status) are looked up in the renderer's tables as data. A lenient station may send any
 * text; a name of an Object.prototype member is then unknown, never an inherited member.
 */
import { describe, expect, it } from 'vitest'
import { purposeShort } from '@renderer/utils/charging-labels'
import { statusColor } from '@renderer/utils/connector-status'
import { stepsFor } from '@renderer/utils/file-steps'
import { meterSeries } from '@renderer/utils/meter-series'
import { batch } from '../transaction-fixtures'

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf', '__defineGetter__', 'toJSON']

describe('station words named after Object.prototype members', () => {
  it('are unknown statuses, purposes and file statuses, shown as they came', () => {
    for (const name of NAMES) {
      expect(statusColor(name), name).toBe(statusColor('NoSuchStatus'))
      expect(purposeShort(name), name).toBe(name)
      expect(stepsFor('firmware', name).map((s) => s.state), name).toEqual(['todo', 'todo', 'todo', 'todo'])
      expect(stepsFor('diagnostics', name).map((s) => s.state), name).toEqual(['todo', 'todo'])
    }
  })

  it('as meter value units make a series of that unit, unscaled', () => {
    for (const name of NAMES) {
      const series = meterSeries([batch('2024-05-01T12:00:00.000Z', [{ value: '5', measurand: 'Voltage', unit: name as 'V' }])])
      expect(series.map((s) => [s.unit, s.points]), name).toEqual([[name, [[Date.parse('2024-05-01T12:00:00.000Z'), 5]]]])
    }
  })
})
