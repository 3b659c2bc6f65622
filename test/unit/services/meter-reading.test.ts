import { describe, expect, it } from 'vitest'
import type { MeterValue } from '@shared/contract/dto'
import { hasReading, updateReading } from '../../../src/main/services/meter-reading'

const mv = (timestamp: string, ...sampledValue: MeterValue['sampledValue']): MeterValue => ({ timestamp, sampledValue })

describe('meter reading of a transaction', () => {
  it('takes a value without measurand as the energy register in Wh (OCPP 1.6 defaults)', () => {
    const reading = updateReading(undefined, [mv('2026-01-01T10:00:00Z', { value: '1500' })])
    expect(reading).toEqual({ registerWh: 1500, registerAt: '2026-01-01T10:00:00Z' })
  })

  it('converts kWh and kW, and keeps the latest reading by timestamp, not by arrival', () => {
    let reading = updateReading(undefined, [
      mv('2026-01-01T10:05:00Z', { value: '2.5', measurand: 'Energy.Active.Import.Register', unit: 'kWh' }, { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' }),
    ])
    reading = updateReading(reading, [mv('2026-01-01T10:01:00Z', { value: '1000' }, { value: '11000', measurand: 'Power.Active.Import', unit: 'W' })])
    expect(reading).toMatchObject({ registerWh: 2500, powerW: 7200, registerAt: '2026-01-01T10:05:00Z' })
  })

  it('sums L1–L3 power when no total is sent, and prefers the total when it is', () => {
    const phases = ['L1', 'L2', 'L3'] as const
    const perPhase = phases.map((phase) => ({ value: '2300', measurand: 'Power.Active.Import' as const, unit: 'W' as const, phase }))
    expect(updateReading(undefined, [mv('2026-01-01T10:00:00Z', ...perPhase)]).powerW).toBe(6900)
    expect(updateReading(undefined, [mv('2026-01-01T10:00:00Z', ...perPhase, { value: '7000', measurand: 'Power.Active.Import', unit: 'W' })]).powerW).toBe(7000)
  })

  it('ignores per-phase registers, signed data, other measurands and values that are not numbers', () => {
    const reading = updateReading(undefined, [
      mv('2026-01-01T10:00:00Z',
        { value: '100', phase: 'L1' },
        { value: 'AB12', format: 'SignedData' },
        { value: '32', measurand: 'Current.Import', unit: 'A' },
        { value: 'n/a' }),
    ])
    expect(hasReading(reading)).toBe(false)
  })

  it('takes only finite decimals: 1e308 kWh (Infinity in Wh), "", "NaN", "Infinity" and hex are no readings', () => {
    const register = (value: string, unit: 'Wh' | 'kWh' = 'Wh') => ({ value, unit, measurand: 'Energy.Active.Import.Register' as const })
    const start = updateReading(undefined, [mv('2026-01-01T10:00:00Z', register('2000'))])
    for (const value of ['', ' ', 'NaN', 'Infinity', '-Infinity', '1e309', '0x10', '12abc']) {
      expect(updateReading(start, [mv('2026-01-01T10:01:00Z', register(value))]).registerWh).toBe(2000)
    }
    expect(updateReading(start, [mv('2026-01-01T10:01:00Z', register('1e308', 'kWh'))]).registerWh).toBe(2000)
    expect(updateReading(start, [mv('2026-01-01T10:01:00Z', register('1e308'))]).registerWh).toBe(1e308)
    expect(updateReading(undefined, [mv('2026-01-01T10:01:00Z', { value: '1e308', measurand: 'Power.Active.Import', unit: 'kW' })]).powerW).toBeUndefined()
  })

  it('a reading stamped far ahead of its arrival counts as taken when it arrived, so later readings still replace it', () => {
    const received = Date.parse('2026-01-01T10:00:00Z')
    let reading = updateReading(undefined, [mv('9999-12-31T23:59:59Z', { value: '5000' })], received)
    expect(reading).toEqual({ registerWh: 5000, registerAt: '2026-01-01T10:00:00.000Z' })
    reading = updateReading(reading, [mv('2026-01-01T10:01:00Z', { value: '6000' })], received + 60_000)
    expect(reading.registerWh).toBe(6000)
  })
})
