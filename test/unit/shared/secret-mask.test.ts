import { describe, expect, it } from 'vitest'
import { hiddenMarker, isSecretName, maskLogEntry, maskSecrets, maskTask, maskText } from '../../../src/shared/secret-mask'

const KEY = '00112233445566778899aabbccddeeff01234567' // 40 hex digits: a 20-byte AuthorizationKey

describe('masking secrets', () => {
  it('hides the value of ChangeConfiguration AuthorizationKey in any letter case, giving only its length', () => {
    for (const key of ['AuthorizationKey', 'authorizationkey', 'AUTHORIZATIONKEY', 'authorizationKey']) {
      const payload = { key, value: KEY }
      const masked = maskSecrets(payload)
      expect(masked).toEqual({ key, value: '<hidden: 40 characters>' })
      expect(JSON.stringify(masked)).not.toContain(KEY)
      expect(payload.value).toBe(KEY) // a copy: what is sent keeps the real value
    }
  })

  it('leaves other configuration changes alone, as the very same object', () => {
    const payload = { key: 'HeartbeatInterval', value: '300' }
    expect(maskSecrets(payload)).toBe(payload)
    const meter = { connectorId: 1, meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: '12.5', measurand: 'Energy.Active.Import.Register' }] }] }
    expect(maskSecrets(meter)).toBe(meter)
  })

  it('hides AuthorizationKey in a GetConfiguration answer, keeping the other keys', () => {
    const answer = {
      configurationKey: [
        { key: 'HeartbeatInterval', readonly: false, value: '300' },
        { key: 'AuthorizationKey', readonly: false, value: KEY },
        { key: 'authorizationkey', readonly: false },
      ],
      unknownKey: [],
    }
    const masked = maskSecrets(answer)
    expect(masked.configurationKey[0]).toBe(answer.configurationKey[0])
    expect(masked.configurationKey[1]).toEqual({ key: 'AuthorizationKey', readonly: false, value: '<hidden: 40 characters>' })
    expect(masked.configurationKey[2]).toEqual({ key: 'authorizationkey', readonly: false })
    expect(JSON.stringify(masked)).not.toContain(KEY)
  })

  it('treats vendor keys and fields named like passwords as secrets, not their neighbours', () => {
    expect(isSecretName('AuthorizationKey')).toBe(true)
    expect(isSecretName('WifiPassword')).toBe(true)
    expect(isSecretName('ftp_passwd')).toBe(true)
    expect(isSecretName('client-secret')).toBe(true)
    expect(isSecretName('token')).toBe(true)
    expect(isSecretName('ConnectionPasswordEnabled')).toBe(false)
    expect(isSecretName('configurationKey')).toBe(false)
    expect(isSecretName('idTag')).toBe(false)
    expect(isSecretName('idToken')).toBe(false)
    expect(maskSecrets({ key: 'WifiPassword', value: 'hunter22' })).toEqual({ key: 'WifiPassword', value: '<hidden: 8 characters>' })
    expect(maskSecrets({ vendor: { password: 'hunter22', n: 1, nested: [{ AuthorizationKey: KEY }] } })).toEqual({
      vendor: { password: '<hidden: 8 characters>', n: 1, nested: [{ AuthorizationKey: '<hidden: 40 characters>' }] },
    })
    expect(maskSecrets({ secret: { a: 1 } })).toEqual({ secret: '<hidden>' })
  })

  it('hides the password of a URL and the upload token of the built-in HTTP receiver', () => {
    expect(maskSecrets({ location: 'ftp://diagnostics:0123456789abcdef01234567@192.168.1.5:2121/' })).toEqual({ location: 'ftp://diagnostics:<hidden: 24 characters>@192.168.1.5:2121/' })
    expect(maskText('sftp://admin:p@ss:word@logs.example.com/up')).toBe('sftp://admin:<hidden: 9 characters>@logs.example.com/up')
    expect(maskText('ftp://anonymous@host/')).toBe('ftp://anonymous@host/')
    expect(maskText('http://10.0.0.2:8081/diagnostics/0123456789abcdef01234567/')).toBe('http://10.0.0.2:8081/diagnostics/<hidden: 24 characters>/')
    expect(maskText('http://10.0.0.2:8081/firmware/abc/fw.bin')).toBe('http://10.0.0.2:8081/firmware/abc/fw.bin')
  })

  it('hides secrets in JSON carried as text (DataTransfer data) and keeps it JSON', () => {
    const data = JSON.stringify({ AuthorizationKey: KEY, other: 1 })
    const masked = maskSecrets({ vendorId: 'V', data })
    expect(masked.data).not.toContain(KEY)
    expect(JSON.parse(masked.data)).toEqual({ AuthorizationKey: '<hidden: 40 characters>', other: 1 })
  })

  it('best effort on raw frame text, even broken or cut off: both key/value orders and escaped JSON inside JSON', () => {
    const cut = `[2,"m1","ChangeConfiguration",{"key":"AuthorizationKey","value":"${KEY}"`
    expect(maskText(cut)).toBe(`[2,"m1","ChangeConfiguration",{"key":"AuthorizationKey","value":"<hidden: 40 characters>"`)
    const reversed = `[3,"m2",{"configurationKey":[{"value":"${KEY}","readonly":false,"key":"authorizationKey"}]}, oops`
    expect(maskText(reversed)).not.toContain(KEY)
    const escaped = `[2,"m3","DataTransfer",{"vendorId":"V","data":"{\\"password\\":\\"hunter22\\"}"} trailing`
    expect(maskText(escaped)).toBe(`[2,"m3","DataTransfer",{"vendorId":"V","data":"{\\"password\\":\\"<hidden: 8 characters>\\"}"} trailing`)
    expect(maskText('{"key":"HeartbeatInterval","value":"300"}')).toBe('{"key":"HeartbeatInterval","value":"300"}')
  })

  it('is idempotent: masking a masked value keeps the marker as it was', () => {
    const once = maskSecrets({ key: 'AuthorizationKey', value: KEY, location: 'ftp://u:pw@h/' })
    expect(maskSecrets(once)).toEqual(once)
    expect(maskText(maskText(`{"password":"${KEY}"}`))).toBe('{"password":"<hidden: 40 characters>"}')
    expect(hiddenMarker(KEY)).toBe('<hidden: 40 characters>')
  })

  it('a text stuffed with thousands of secret-like fields is hidden whole rather than masked field by field', () => {
    const stuffed = '{"password":"x1234567"},'.repeat(5000)
    expect(maskText(stuffed)).toBe(`<hidden: ${stuffed.length} characters>`)
    const few = '{"password":"x1234567"},'.repeat(10)
    expect(maskText(few)).toBe('{"password":"<hidden: 8 characters>"},'.repeat(10))
  })

  it('survives hostile shapes: very deep nesting and cycles do not throw', () => {
    let deep: unknown = { password: 'x' }
    for (let i = 0; i < 100_000; i += 1) deep = [deep]
    expect(() => maskSecrets(deep)).not.toThrow()
    const cyclic: Record<string, unknown> = { password: 'x' }
    cyclic.self = cyclic
    expect(() => maskSecrets(cyclic)).not.toThrow()
  })

  it('masks a log entry (payload, raw text, error description) and a task (payload, response, error, triggered payload)', () => {
    const entry = maskLogEntry({ seq: 1, time: 't', stationId: 'CP', direction: 'in' as const, kind: 'CALLERROR' as const, errorDescription: `bad value ${'"'}password${'"'}:${'"'}hunter22${'"'}`, payload: { echo: { key: 'AuthorizationKey', value: KEY } }, raw: `{"password":"hunter22"}` })
    expect(JSON.stringify(entry)).not.toMatch(new RegExp(`${KEY}|hunter22`))
    const task = maskTask({
      id: 't',
      stationId: 'CP',
      action: 'ChangeConfiguration',
      payload: { key: 'AuthorizationKey', value: KEY },
      state: 'callerror' as const,
      createdAt: 't',
      response: { configurationKey: [{ key: 'AuthorizationKey', readonly: false, value: KEY }] },
      error: { code: 'InternalError', description: `{"password":"hunter22"}`, details: { value: KEY, key: 'authorizationkey' } },
      triggered: { action: 'DataTransfer', messageId: 'x', at: 't', payload: { password: 'hunter22' } },
    })
    expect(JSON.stringify(task)).not.toMatch(new RegExp(`${KEY}|hunter22`))
    const plain = { id: 't', stationId: 'CP', action: 'Reset', payload: { type: 'Soft' }, state: 'queued' as const, createdAt: 't' }
    expect(maskTask(plain)).toBe(plain)
  })
})
