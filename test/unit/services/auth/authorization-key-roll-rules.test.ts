/**
 * TC_073 key roll, the edges (see authorization-key-roll.test.ts for the main paths): which CALLs
 * roll a key, a key refused or left open before its hash is ready, a station proving the new key
 * before it answers, an operator changing or removing the password mid-roll, a later change
 * superseding an earlier one, failing writes and hashes, and what the log says.
 */
import { describe, expect, it } from 'vitest'
import type { CallOutcome } from '../../../../src/main/ocpp/call-outcome'
import type { PasswordHash, StoredCredential } from '../../../../src/main/services/basic-auth'
import { AuthorizationKeyRoll, acceptedBy, type AuthorizationKeyRollOptions } from '../../../../src/main/services/auth/authorization-key-roll'

const cred = (hash: string): StoredCredential => ({ algorithm: 'scrypt', salt: 's', hash, updatedAt: 't' })
const OLD = cred('old-password-00001')
const NEW = 'new-password-00001'
const hex = (text: string): string => Buffer.from(text).toString('hex')
const result = (status: string): CallOutcome => ({ kind: 'result', messageId: 'm', payload: { status }, violations: [] })
const tick = () => new Promise((r) => setImmediate(r))

interface Gate {
  open(): void
  wait: Promise<void>
}
function gate(): Gate {
  let open!: () => void
  const wait = new Promise<void>((r) => (open = r))
  return { open, wait }
}

function setup(opts: { stored?: StoredCredential | null; hash?: AuthorizationKeyRollOptions['hash']; failWrites?: boolean } = {}) {
  const stored = new Map<string, StoredCredential>()
  if (opts.stored !== null) stored.set('CP1', opts.stored ?? OLD)
  const writes: Array<StoredCredential | undefined> = []
  const lines: { level: string; line: string }[] = []
  /** When set, each write waits for it. */
  let writeGate: Gate | undefined
  const roll = new AuthorizationKeyRoll({
    credentials: {
      get: (id) => stored.get(id),
      set: async (id, credential) => {
        writes.push(credential)
        if (writeGate) await writeGate.wait
        if (opts.failWrites) throw new Error('disk full')
        if (credential) stored.set(id, credential)
        else stored.delete(id)
      },
    },
    now: () => 't',
    log: {
      info: (line) => void lines.push({ level: 'info', line }),
      warn: (line) => void lines.push({ level: 'warn', line }),
      error: (line) => void lines.push({ level: 'error', line }),
    },
    hash: opts.hash ?? (async (password: Buffer): Promise<PasswordHash> => cred(password.toString('utf8'))),
  })
  const answers: ((outcome: CallOutcome) => void)[] = []
  const passed: unknown[] = []
  const target = roll.track('CP1', {
    call: (_action, payload) => {
      passed.push(payload)
      return new Promise<CallOutcome>((resolve) => answers.push(resolve))
    },
  })!
  const change = (value = NEW) => target.call('ChangeConfiguration', { key: 'AuthorizationKey', value: hex(value) })
  const accepted = async () => (await roll.accepted('CP1')).credentials.map((c) => c.hash)
  const log = (level: string) => lines.filter((l) => l.level === level).map((l) => l.line)
  return {
    roll,
    stored,
    writes,
    log,
    target,
    passed,
    change,
    accepted,
    answer: (outcome: CallOutcome, i = answers.length - 1) => answers[i]!(outcome),
    holdWrites: () => (writeGate = gate()),
    releaseWrites: () => {
      writeGate?.open()
      writeGate = undefined
    },
  }
}

describe('what rolls a key', () => {
  it('only a ChangeConfiguration of AuthorizationKey with a string value; everything else goes through untouched', async () => {
    const s = setup()
    const others: [string, unknown][] = [
      ['GetConfiguration', { key: 'AuthorizationKey', value: hex(NEW) }],
      ['ChangeConfiguration', null],
      ['ChangeConfiguration', 'AuthorizationKey'],
      ['ChangeConfiguration', { key: 5, value: hex(NEW) }],
      ['ChangeConfiguration', { key: 'AuthorizationKey', value: 42 }],
    ]
    for (const [i, [action, payload]] of others.entries()) {
      const done = s.target.call(action as 'ChangeConfiguration', payload)
      s.answer(result('Accepted'), i)
      await done
    }
    await s.roll.settled()
    expect(s.passed).toEqual(others.map(([, p]) => p))
    expect(s.writes).toEqual([])
    expect(await s.accepted()).toEqual([OLD.hash])
  })

  it('no connection, nothing to track', () => {
    const s = setup()
    expect(s.roll.track('CP1', undefined)).toBeUndefined()
  })
})

describe('what a stored record accepts', () => {
  it('no record: no password at all is needed; a record alone: only it; with previous "none": it, or no password', () => {
    expect(acceptedBy(undefined)).toEqual({ credentials: [], withoutPassword: true })
    expect(acceptedBy(OLD)).toEqual({ credentials: [OLD], withoutPassword: false })
    expect(acceptedBy({ ...cred('n'), previous: 'none' })).toEqual({ credentials: [cred('n')], withoutPassword: true })
    expect(acceptedBy({ ...cred('n'), previous: OLD })).toEqual({ credentials: [cred('n'), OLD], withoutPassword: false })
  })

  it('a station that had no password and accepted a key must present it from then on', async () => {
    const s = setup({ stored: null })
    const done = s.change()
    await tick()
    s.answer(result('Accepted'))
    await done
    expect(await s.roll.accepted('CP1')).toEqual({ credentials: [cred(NEW)], withoutPassword: false })
  })
})

describe('before the hash is ready', () => {
  function slowHash() {
    const g = gate()
    return { g, hash: async (password: Buffer) => (await g.wait, cred(password.toString('utf8'))) }
  }

  it('a key refused before its hash is ready is never written', async () => {
    const h = slowHash()
    const s = setup({ hash: h.hash })
    const done = s.change()
    s.answer(result('Rejected'))
    await done
    h.g.open()
    await s.roll.settled()
    expect(s.writes).toEqual([])
    expect(await s.accepted()).toEqual([OLD.hash])
  })

  it('a key whose fate is open before its hash is ready is still stored next to the old one', async () => {
    const h = slowHash()
    const s = setup({ hash: h.hash })
    const done = s.change()
    s.answer({ kind: 'timeout', messageId: 'm', timeoutMs: 1 })
    await done
    h.g.open()
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual({ ...cred(NEW), previous: OLD })
  })

  it('a hash that fails keeps the old password and says so', async () => {
    const s = setup({ hash: async () => Promise.reject(new Error('out of memory')) })
    const done = s.change()
    await tick()
    expect(await s.accepted()).toEqual([OLD.hash])
    s.answer(result('Accepted'))
    await done
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(OLD)
    expect(s.log('error')).toEqual(['The new AuthorizationKey of CP1 could not be hashed: out of memory'])
  })
})

describe('the station proves the new key', () => {
  it('connecting with the new key before it answers makes it the only one, whatever the answer says later', async () => {
    const s = setup()
    const done = s.change()
    await tick()
    s.roll.proven('CP1', OLD)
    await s.roll.settled()
    expect(await s.accepted(), 'the old key proved the new one').toEqual([NEW, OLD.hash])
    s.roll.proven('CP1', cred(NEW))
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(cred(NEW))
    s.answer({ kind: 'timeout', messageId: 'm', timeoutMs: 1 })
    await done
    await s.roll.settled()
    expect(await s.accepted()).toEqual([NEW])
    expect(s.log('info')).toEqual(['CP1 accepted a new AuthorizationKey: only the new password is accepted from now on'])
  })

  it('after a restart (no roll in memory) connecting with the new key drops the old one, and says so', async () => {
    const s = setup({ stored: { ...cred(NEW), previous: OLD } })
    s.roll.proven('CP1', cred(NEW))
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(cred(NEW))
    expect(s.log('info')).toEqual(['CP1 connected with its new AuthorizationKey: the old password is refused from now on'])
  })

  it('connecting with a key that has no old one beside it, or with no stored key at all, writes nothing', async () => {
    const s = setup()
    s.roll.proven('CP1', OLD)
    s.roll.proven('CP2', OLD)
    await s.roll.settled()
    expect(s.writes).toEqual([])
    expect(s.log('info')).toEqual([])
  })

  it('a failing write when the new key is proven is logged', async () => {
    const s = setup({ stored: { ...cred(NEW), previous: OLD }, failWrites: true })
    s.roll.proven('CP1', cred(NEW))
    await s.roll.settled()
    expect(s.log('error')).toEqual(['Keeping the new AuthorizationKey of CP1 failed: disk full'])
  })
})

describe('the operator and later changes win', () => {
  it('a password the operator sets after the side-by-side record is kept; the roll logs no success', async () => {
    const s = setup()
    const done = s.change()
    await tick()
    expect(s.stored.get('CP1')?.previous).toEqual(OLD)
    s.stored.set('CP1', cred('operator-password-1'))
    s.answer(result('Accepted'))
    await done
    expect(await s.accepted()).toEqual(['operator-password-1'])
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(cred('operator-password-1'))
    expect(s.log('info')).toEqual([])
  })

  it('a password the operator removes mid-roll stays removed', async () => {
    const s = setup()
    const done = s.change()
    await tick()
    s.stored.delete('CP1')
    s.answer(result('Accepted'))
    await done
    await s.roll.settled()
    expect(s.stored.has('CP1')).toBe(false)
    expect(await s.roll.accepted('CP1')).toEqual({ credentials: [], withoutPassword: true })
  })

  it('a station that had no password and refused the key has none again', async () => {
    const s = setup({ stored: null })
    const done = s.change()
    await tick()
    expect(s.stored.get('CP1')?.previous).toBe('none')
    s.answer(result('Rejected'))
    await done
    await s.roll.settled()
    expect(s.stored.has('CP1')).toBe(false)
  })

  it('the answer to an earlier change that a later one superseded is ignored; the later one is acted on', async () => {
    const s = setup()
    const first = s.change('first-password-0001')
    await tick()
    const second = s.change('second-password-001')
    await tick()
    s.answer(result('Rejected'), 0)
    await first
    await s.roll.settled()
    expect(await s.accepted()).toEqual(['second-password-001', 'first-password-0001', OLD.hash])
    s.answer(result('Accepted'), 1)
    await second
    await s.roll.settled()
    expect(await s.accepted()).toEqual(['second-password-001'])
  })

  it('an earlier change still writing does not drop a later one from memory', async () => {
    const s = setup()
    const first = s.change('first-password-0001')
    await tick()
    s.holdWrites()
    s.answer({ kind: 'timeout', messageId: 'm', timeoutMs: 1 }, 0)
    await first
    const second = s.change('second-password-001')
    await tick()
    s.releaseWrites()
    await s.roll.settled()
    s.answer(result('Accepted'), 1)
    await second
    expect(await s.accepted(), 'the Accepted of the later change was not acted on').toEqual(['second-password-001'])
  })
})

describe('answers and what the log says', () => {
  for (const [outcome, why] of [
    [result('RebootRequired'), 'it answered RebootRequired'],
    [result('Maybe'), 'its answer was not valid'],
    [{ kind: 'result', messageId: 'm', payload: undefined, violations: [] }, 'its answer was not valid'],
    [{ kind: 'malformed', messageId: 'm', violations: [], reason: 'x' }, 'its answer was not valid'],
    [{ kind: 'timeout', messageId: 'm', timeoutMs: 1 }, 'no answer came'],
    [{ kind: 'closed', messageId: 'm', reason: 'gone' }, 'the connection closed before its answer'],
  ] as [CallOutcome, string][]) {
    it(`an open outcome (${why}) keeps both keys and the warning says why`, async () => {
      const s = setup()
      const done = s.change()
      s.answer(outcome)
      await done
      await s.roll.settled()
      expect(await s.accepted()).toEqual([NEW, OLD.hash])
      expect(s.log('warn')).toEqual([`CP1 and its new AuthorizationKey: ${why}, so both the old and the new password are accepted until it connects with the new one`])
    })
  }

  it('a CALL the CSMS refused to send (schema) keeps the old key', async () => {
    const s = setup()
    const done = s.change()
    await tick()
    s.answer({ kind: 'refused', violations: [], reason: 'schema' })
    await done
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(OLD)
  })

  it('a failing write during the roll is logged', async () => {
    const s = setup({ failWrites: true })
    const done = s.change()
    s.answer(result('Accepted'))
    await done
    await s.roll.settled()
    expect(s.log('error')).toEqual(['Keeping the AuthorizationKey of CP1 failed: disk full'])
  })

  it('settled() waits for a write still on its way', async () => {
    const s = setup()
    s.holdWrites()
    const done = s.change()
    await tick()
    expect(s.writes).toHaveLength(1)
    expect(s.stored.get('CP1')).toEqual(OLD)
    const settled = s.roll.settled()
    setTimeout(() => s.releaseWrites(), 5)
    await settled
    expect(s.stored.get('CP1')?.previous).toEqual(OLD)
    s.answer(result('Rejected'))
    await done
    await s.roll.settled()
  })
})

describe('races between the answer, the station proving the key and the writes', () => {
  it('what a station may present, asked while the hash is under way, stays the old key when the hash then fails', async () => {
    const g = gate()
    const s = setup({ hash: async () => (await g.wait, Promise.reject(new Error('no memory'))) })
    void s.change()
    const asked = s.roll.accepted('CP1')
    g.open()
    expect((await asked).credentials.map((c) => c.hash)).toEqual([OLD.hash])
  })

  it('a station proving a password before the new hash is ready changes nothing', async () => {
    const g = gate()
    const s = setup({ hash: async (password) => (await g.wait, cred(password.toString('utf8'))) })
    void s.change()
    expect(() => s.roll.proven('CP1', OLD)).not.toThrow()
    g.open()
    await tick()
    expect(await s.accepted()).toEqual([NEW, OLD.hash])
  })

  it('a refused key stays refused even if the new key is presented before the old record is written back', async () => {
    const s = setup()
    s.holdWrites()
    const done = s.change()
    await tick()
    s.answer(result('Rejected'))
    await done
    s.roll.proven('CP1', cred(NEW))
    s.releaseWrites()
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(OLD)
  })

  it('a key proven by the station stays even if a Rejected answer comes after it', async () => {
    const s = setup()
    s.holdWrites()
    const done = s.change()
    await tick()
    s.roll.proven('CP1', cred(NEW))
    s.answer(result('Rejected'))
    await done
    s.releaseWrites()
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(cred(NEW))
  })

  it('a key proven while an open outcome is being written is stored once and logged once', async () => {
    const s = setup()
    s.holdWrites()
    const done = s.change()
    await tick()
    s.answer({ kind: 'timeout', messageId: 'm', timeoutMs: 1 })
    await done
    s.roll.proven('CP1', cred(NEW))
    s.releaseWrites()
    await s.roll.settled()
    expect(s.stored.get('CP1')).toEqual(cred(NEW))
    expect(s.log('info')).toHaveLength(1)
    expect(s.writes.filter((w) => w !== undefined && w.previous === undefined)).toHaveLength(1)
  })

  it('an earlier change still settling when a later one starts says nothing about itself', async () => {
    const s = setup()
    s.holdWrites()
    const first = s.change('first-password-0001')
    await tick()
    s.answer({ kind: 'timeout', messageId: 'm', timeoutMs: 1 }, 0)
    await first
    void s.change('second-password-001')
    s.releaseWrites()
    await s.roll.settled()
    expect(s.log('warn')).toEqual([])
  })

  it('an earlier change whose hash comes late neither writes nor drops the later change', async () => {
    const g = gate()
    const s = setup({ hash: async (password) => (password.toString('utf8').startsWith('first') ? await g.wait : undefined, cred(password.toString('utf8'))) })
    void s.change('first-password-0001')
    const second = s.change('second-password-001')
    await tick()
    g.open()
    await s.roll.settled()
    expect(s.stored.get('CP1')?.hash).toBe('second-password-001')
    s.answer(result('Accepted'), 1)
    await second
    expect(await s.accepted()).toEqual(['second-password-001'])
  })
})

describe('the operator removes the password while the answer is awaited', () => {
  it('from that moment the station needs no password, as the store says', async () => {
    const s = setup()
    void s.change()
    await tick()
    s.stored.delete('CP1')
    expect(await s.roll.accepted('CP1')).toEqual({ credentials: [], withoutPassword: true })
  })
})
