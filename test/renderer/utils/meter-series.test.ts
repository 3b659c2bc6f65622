import { describe, expect, it } from 'vitest'
import { meterSeries } from '@renderer/utils/meter-series'
import { batch } from '../transaction-fixtures'

const T0 = '2024-05-01T12:00:00.000Z'
const T1 = '2024-05-01T12:01:00.000Z'
const T2 = '2024-05-01T12:02:00.000Z'
const ms = (iso: string): number => Date.parse(iso)

describe('meterSeries', () => {
  it('reads a value without measurand or unit as the energy register in Wh, shown in kWh on the energy axis', () => {
    const series = meterSeries([batch(T0, [{ value: '1500' }])])
    expect(series).toEqual([
      expect.objectContaining({ measurand: 'Energy.Active.Import.Register', location: 'Outlet', unit: 'kWh', axis: 'energy', points: [[ms(T0), 1.5]] }),
    ])
  })

  it('converts kWh registers unchanged and W / kW power to kW on the other axis', () => {
    const series = meterSeries([
      batch(T0, [
        { value: '12.5', unit: 'kWh' },
        { value: '7400', measurand: 'Power.Active.Import', unit: 'W' },
      ]),
      batch(T1, [{ value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' }]),
    ])
    const energy = series.find((s) => s.measurand === 'Energy.Active.Import.Register')
    expect(energy).toMatchObject({ unit: 'kWh', axis: 'energy', points: [[ms(T0), 12.5]] })
    const power = series.filter((s) => s.measurand === 'Power.Active.Import')
    // Sent in W, then in kW: one series, in kW.
    expect(power.map((s) => [s.unit, s.axis, s.points])).toEqual([
      [
        'kW',
        'other',
        [
          [ms(T0), 7.4],
          [ms(T1), 7.2],
        ],
      ],
    ])
  })

  it('makes one series per phase, with the phase in its name', () => {
    const series = meterSeries([
      batch(T0, [
        { value: '16', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
        { value: '15.5', measurand: 'Current.Import', phase: 'L2', unit: 'A' },
      ]),
    ])
    expect(series.map((s) => s.name)).toEqual(['Current.Import L1 (A)', 'Current.Import L2 (A)'])
    expect(series.every((s) => s.axis === 'other')).toBe(true)
  })

  it('reads a power value without a unit as W, not as the Wh default', () => {
    const [power] = meterSeries([batch(T0, [{ value: '11000', measurand: 'Power.Active.Import' }])])
    expect(power).toMatchObject({ unit: 'kW', axis: 'other', points: [[ms(T0), 11]] })
  })

  it('leaves out SignedData, text, empty values and bad timestamps', () => {
    const series = meterSeries([
      batch(T0, [
        { value: 'MIIBxyz==', format: 'SignedData' },
        { value: 'n/a', measurand: 'Voltage', unit: 'V' },
        { value: '', measurand: 'SoC', unit: 'Percent' },
      ]),
      batch('not a time', [{ value: '1' }]),
    ])
    expect(series).toEqual([])
  })

  it('sorts points by time even when batches arrive out of order', () => {
    const [energy] = meterSeries([batch(T2, [{ value: '3000' }]), batch(T0, [{ value: '1000' }]), batch(T1, [{ value: '2000' }])])
    expect(energy?.points).toEqual([
      [ms(T0), 1],
      [ms(T1), 2],
      [ms(T2), 3],
    ])
  })

  it('keeps one point per timestamp and series (a reading repeated in StopTransaction.transactionData)', () => {
    const [energy] = meterSeries([
      batch(T0, [{ value: '1000' }]),
      batch(T1, [{ value: '2000', context: 'Transaction.End' }], { source: 'StopTransaction' }),
      batch(T1, [{ value: '2000' }]),
    ])
    expect(energy?.points).toEqual([
      [ms(T0), 1],
      [ms(T1), 2],
    ])
  })

  it('keeps the same measurand at another location apart and names the location', () => {
    const series = meterSeries([
      batch(T0, [
        { value: '31', measurand: 'Temperature', unit: 'Celsius', location: 'Body' },
        { value: '40', measurand: 'Temperature', unit: 'Celsius' },
      ]),
    ])
    expect(series.map((s) => s.name).sort()).toEqual(['Temperature (Celsius)', 'Temperature @Body (Celsius)'])
  })

  it('lists energy series before the others', () => {
    const series = meterSeries([batch(T0, [{ value: '16', measurand: 'Current.Import', unit: 'A' }, { value: '1000' }])])
    expect(series.map((s) => s.axis)).toEqual(['energy', 'other'])
  })
})
