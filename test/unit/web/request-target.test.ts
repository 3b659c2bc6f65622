import { describe, expect, it } from 'vitest'
import { MAX_TARGET_LENGTH, parseRequestTarget, safeDecode } from '../../../src/main/web/request-target'

describe('the request-target parser shared by every server', () => {
  it('splits an origin-form target into decoded segments and a query', () => {
    const target = parseRequestTarget('/firmware/ab%20c/fw%C3%A9.bin?x=1&token=a%2Bb')
    expect(target).toMatchObject({ ok: true, rawPath: '/firmware/ab%20c/fw%C3%A9.bin', segments: ['firmware', 'ab c', 'fwé.bin'] })
    expect(target.ok && target.query.get('token')).toBe('a+b')
  })

  it('drops empty segments and a fragment', () => {
    expect(parseRequestTarget('//api///events/#frag')).toMatchObject({ ok: true, segments: ['api', 'events'] })
    expect(parseRequestTarget('/')).toMatchObject({ ok: true, segments: [] })
  })

  it.each(['/firmware/%ff', '/%', '/api/%E0%A4%A', '/a/%zz/b', '/ocpp/%C0%AF'])('answers 400 for the malformed encoding %s, never throws', (url) => {
    expect(parseRequestTarget(url)).toMatchObject({ ok: false, status: 400 })
  })

  it('refuses a NUL hidden in an escape', () => {
    expect(parseRequestTarget('/ocpp/a%00b')).toMatchObject({ ok: false, status: 400 })
  })

  it.each([
    ['absolute form', 'http://127.0.0.1/api'],
    ['absolute form with a bad port', 'http://h:99999/'],
    ['WebSocket absolute form', 'ws://127.0.0.1/ocpp/CP1'],
    ['asterisk form', '*'],
    ['authority form', '127.0.0.1:443'],
    ['no target', ''],
    ['a space', '/a b'],
    ['a control character', '/a\u0001b'],
  ])('answers 400 for the %s', (_name, url) => {
    expect(parseRequestTarget(url)).toMatchObject({ ok: false, status: 400 })
  })

  it('answers 414 past the length limit, and accepts a target just under it', () => {
    expect(parseRequestTarget(`/${'a'.repeat(MAX_TARGET_LENGTH)}`)).toMatchObject({ ok: false, status: 414 })
    expect(parseRequestTarget(`/${'a'.repeat(MAX_TARGET_LENGTH - 1)}`)).toMatchObject({ ok: true })
    expect(parseRequestTarget(undefined)).toMatchObject({ ok: false, status: 400 })
  })

  it('parses a malformed query leniently (no throw, bad escapes stay text)', () => {
    const target = parseRequestTarget('/?token=%ff&a=%&=&&b')
    expect(target.ok).toBe(true)
    if (target.ok) {
      expect(target.query.get('a')).toBe('%')
      expect(target.query.has('b')).toBe(true)
    }
  })

  it('safeDecode answers undefined instead of throwing', () => {
    expect(safeDecode('%ff')).toBeUndefined()
    expect(safeDecode('a%20b')).toBe('a b')
    expect(safeDecode('plain')).toBe('plain')
  })
})
