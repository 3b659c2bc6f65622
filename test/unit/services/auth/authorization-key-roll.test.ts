import { describe, expect, it } from 'vitest'
import type { CallOutcome } from '../../../../src/main/ocpp/call-outcome'
import type { PasswordHash, StoredCredential } from '../../../../src/main/services/basic-auth'
import { AuthorizationKeyRoll } from '../../../../src/main/services/auth/authorization-key-roll'

/** A fake hash: the password itself, readable (the roll only compares and stores them). */
const fakeHash = async (password: Buffer): Promise<PasswordHash> => ({ algorithm: 'scrypt', salt: 's', hash: password.toString('utf8'), updatedAt: 't' })
const OLD: StoredCredential = { algorithm: 'scrypt', salt: 's', hash: 'old-password-00001', updatedAt: 't' }
const hex = (text: string): string => Buffer.from(text).toString('hex')

function setup() {
  const stored = new Map<string, StoredCredential>([['CP1', OLD]])
  const writes: Array<StoredCredential | undefined> = []
  const lines: string[] = []
  const roll = new AuthorizationKeyRoll({
    credentials: {
      get: (id) => stored.get(id),
      set: async (id, credential) => {
        writes.push(credential)
        if (credential) stored.set(id, credential)
        else stored.delete(id)
      },
    },
    now: () => 't',
    log: { info: (line) => void lines.push(line), warn: (line) => void lines.push(line), error: (line) => void lines.push(line) },
    hash: fakeHash,
  })
  let answer!: (outcome: CallOutcome) => void
  const target = roll.track('CP1', { call: () => new Promise<CallOutcome>((resolve) => (answer = resolve)) })!
  const accepted = async () => (await roll.accepted('CP1')).credentials.map((c) => c.hash)
  return { roll, stored, writes, lines, target, answer: (outcome: CallOutcome) => answer(outcome), accepted }
}
const result = (status: string): CallOutcome => ({ kind: 'result', messageId: 'm', payload: { status }, violations: [] })

describe('rolling the AuthorizationKey (TC_073)', () => {
  it('the instant Accepted is processed only the new key is accepted; then it is stored alone', async () => {
    const s = setup()
    const done = s.target.call('ChangeConfiguration', { key: 'AuthorizationKey', value: hex('new-password-00001') })
    s.answer(result('Accepted'))
    await done
    // Nothing else ran in between (no I/O, no timer): the admission already sees the new key alone.
    expect(await s.accepted()).toEqual(['new-password-00001'])
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual({ algorithm: 'scrypt', salt: 's', hash: 'new-password-00001', updatedAt: 't' })
    expect(s.lines.join('\n')).not.toContain('new-password-00001')
  })

  it('accepts both keys while the answer is awaited, and stores them side by side at once', async () => {
    const s = setup()
    void s.target.call('ChangeConfiguration', { key: 'authorizationkey', value: hex('new-password-00001') })
    expect(await s.accepted()).toEqual(['new-password-00001', 'old-password-00001'])
    await new Promise((r) => setImmediate(r))
    expect(s.stored.get('CP1')).toMatchObject({ hash: 'new-password-00001', previous: { hash: 'old-password-00001' } })
  })

  for (const [what, outcome] of [
    ['Rejected', result('Rejected')],
    ['NotSupported', result('NotSupported')],
    ['a CALLERROR', { kind: 'error', messageId: 'm', code: 'InternalError', description: '', details: {} }],
    ['a CALL never sent', { kind: 'closed', reason: 'offline' }],
  ] as Array<[string, CallOutcome]>) {
    it(`keeps the old key after ${what}`, async () => {
      const s = setup()
      const done = s.target.call('ChangeConfiguration', { key: 'AuthorizationKey', value: hex('new-password-00001') })
      await new Promise((r) => setImmediate(r)) // the side-by-side record is written …
      s.answer(outcome)
      await done
      expect(await s.accepted()).toEqual(['old-password-00001'])
      await s.roll.settled()
      expect(s.stored.get('CP1')).toEqual(OLD) // … and undone
    })
  }

  for (const [what, outcome] of [
    ['RebootRequired', result('RebootRequired')],
    ['a timeout', { kind: 'timeout', messageId: 'm', timeoutMs: 30_000 }],
    ['a connection lost before the answer', { kind: 'closed', messageId: 'm', reason: 'gone' }],
    ['an answer that could not be used (malformed)', { kind: 'malformed', messageId: 'm', violations: [], reason: 'breaks its schema' }],
  ] as Array<[string, CallOutcome]>) {
    it(`after ${what}, accepts both until the station connects with the new one; then the old one is refused`, async () => {
      const s = setup()
      const done = s.target.call('ChangeConfiguration', { key: 'AuthorizationKey', value: hex('new-password-00001') })
      s.answer(outcome)
      await done
      await s.roll.settled()
      expect(await s.accepted()).toEqual(['new-password-00001', 'old-password-00001'])
      expect(s.stored.get('CP1')?.previous).toEqual(OLD)
      s.roll.proven('CP1', OLD) // the old one proves nothing
      await s.roll.settled()
      expect(await s.accepted()).toEqual(['new-password-00001', 'old-password-00001'])
      s.roll.proven('CP1', s.stored.get('CP1')!)
      await s.roll.settled()
      expect(await s.accepted()).toEqual(['new-password-00001'])
      expect(s.stored.get('CP1')?.previous).toBeUndefined()
    })
  }

  it('a station that had no password may still connect without one while the outcome is open', async () => {
    const s = setup()
    s.stored.delete('CP1')
    const done = s.target.call('ChangeConfiguration', { key: 'AuthorizationKey', value: hex('new-password-00001') })
    s.answer({ kind: 'timeout', messageId: 'm', timeoutMs: 1 })
    await done
    await s.roll.settled()
    expect(await s.roll.accepted('CP1')).toEqual({ credentials: [expect.objectContaining({ hash: 'new-password-00001' })], withoutPassword: true })
    expect(s.stored.get('CP1')?.previous).toBe('none')
  })

  it('a password the operator sets meanwhile wins over the roll', async () => {
    const s = setup()
    const done = s.target.call('ChangeConfiguration', { key: 'AuthorizationKey', value: hex('new-password-00001') })
    const operator: StoredCredential = { algorithm: 'scrypt', salt: 's', hash: 'operator-password-1', updatedAt: 't' }
    s.stored.set('CP1', operator)
    s.answer(result('Accepted'))
    await done
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(operator)
    expect(await s.accepted()).toEqual(['operator-password-1'])
  })

  it('leaves every other call alone', async () => {
    const s = setup()
    const done = s.target.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' })
    s.answer(result('Accepted'))
    await done
    await s.roll.settled()
    expect(s.writes).toEqual([])
    expect(await s.accepted()).toEqual(['old-password-00001'])
  })
})
