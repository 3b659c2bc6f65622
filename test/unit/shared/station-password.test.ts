import { describe, expect, it } from 'vitest'
import { stationPasswordNote, stationPasswordProblem } from '@shared/station-password'

describe('the station password rule (16–40 characters of the OCPP passwordString alphabet)', () => {
  it('takes 16 to 40 characters of a–z, A–Z, 0–9 and * - _ = : + | @ .', () => {
    expect(stationPasswordProblem('abcdefghijklmnop')).toBeUndefined()
    expect(stationPasswordProblem('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-_=')).toBeUndefined()
    expect(stationPasswordProblem(':+|@.abcdefghijk')).toBeUndefined()
  })

  it('refuses 15 and 41 characters, naming the count', () => {
    expect(stationPasswordProblem('a'.repeat(15))).toBe('A station password has 16 to 40 characters; this one has 15')
    expect(stationPasswordProblem('a'.repeat(41))).toMatch(/this one has 41/)
    expect(stationPasswordProblem('')).toMatch(/this one has 0/)
  })

  it('refuses any other character, naming its position but never the password', () => {
    for (const bad of [' ', '!', '#', '/', '\\', '"', "'", 'é', '€', '\t', '😀', '\u0000']) {
      const password = `abcdefgh${bad}ijklmnop`
      const problem = stationPasswordProblem(password)
      expect({ bad, problem }).toEqual({ bad, problem: expect.stringMatching(/^Character 9 of the password.* is not allowed: use only letters/) })
      expect(problem).not.toContain('abcdefgh')
    }
    expect(stationPasswordProblem('abcdefgh ijklmnop')).toMatch(/\(a space\)/)
  })

  it('counts characters, not UTF-16 units', () => {
    expect(stationPasswordProblem('😀'.repeat(16))).toMatch(/Character 1 /)
  })

  it('notes a valid password longer than 20 characters: its hex does not fit AuthorizationKey', () => {
    expect(stationPasswordNote('a'.repeat(20))).toBeUndefined()
    expect(stationPasswordNote('a'.repeat(21))).toMatch(/AuthorizationKey/)
  })
})
