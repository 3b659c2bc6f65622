/**
 * A station's security profile is raised by an Accepted ChangeConfiguration(SecurityProfile) and
 * never lowered over OCPP (TC_083, whitepaper A00.FR.005).
 */
import { describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import { securityProfileRaiser } from '../../../../src/main/services/auth/security-profile-raise'

function setup(initial?: number) {
  const profiles = new Map<string, number>()
  if (initial !== undefined) profiles.set('CP1', initial)
  const logged: string[] = []
  const raise = securityProfileRaiser({
    station: (id) => (profiles.has(id) ? { securityProfile: profiles.get(id) } : {}),
    setSecurityProfile: (id, profile) => void profiles.set(id, profile),
    logger: { info: (line) => void logged.push(line) },
  })
  return { raise, profile: () => profiles.get('CP1'), logged }
}

const task = (value: string, status = 'Accepted', over: Partial<CallTask> = {}): CallTask =>
  ({ id: 't', stationId: 'CP1', action: 'ChangeConfiguration', payload: { key: 'SecurityProfile', value }, state: 'answered', response: { status }, createdAt: '', ...over }) as unknown as CallTask

describe('security profile over OCPP: raised, never lowered', () => {
  it('an Accepted higher profile raises it (also with the key in another case)', () => {
    const s = setup()
    s.raise(task('1'))
    expect(s.profile()).toBe(1)
    s.raise({ ...task('2'), payload: { key: 'securityprofile', value: '2' } })
    expect(s.profile()).toBe(2)
    expect(s.logged.at(-1)).toMatch(/CP1 accepted SecurityProfile 2/)
  })

  it('an Accepted lower profile changes nothing: 2 stays 2, 1 stays 1', () => {
    const at2 = setup(2)
    at2.raise(task('1'))
    expect(at2.profile(), 'SecurityProfile 1 accepted lowered the station from 2').toBe(2)
    at2.raise(task('0'))
    expect(at2.profile()).toBe(2)
    const at1 = setup(1)
    at1.raise(task('0'))
    expect(at1.profile(), 'SecurityProfile 0 accepted lowered the station from 1').toBe(1)
    expect([...at2.logged, ...at1.logged]).toEqual([])
  })

  it('only an Accepted answer counts; other keys, values and outcomes change nothing', () => {
    const s = setup()
    s.raise(task('2', 'Rejected'))
    s.raise(task('2', 'RebootRequired'))
    s.raise(task('2', 'Accepted', { state: 'timeout' } as Partial<CallTask>))
    s.raise(task('3'))
    s.raise({ ...task('2'), payload: { key: 'HeartbeatInterval', value: '2' } })
    s.raise({ ...task('2'), action: 'GetConfiguration' } as CallTask)
    expect(s.profile()).toBeUndefined()
  })
})
