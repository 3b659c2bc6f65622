import { describe, expect, it } from 'vitest'
import { createHostAllowList, hostAllowLists, hostRefusalMessage, isLoopbackName, originInList, parseHostHeader } from '../../../src/main/web/host-allow-list'

const PC = ['127.0.0.1', '192.168.1.5', '10.0.0.7', '::1', 'fe80::1']

function list(bindHost: string, allowedHosts: string[] = [], extra: (string | null)[] = []) {
  return createHostAllowList({ bindHost, allowedHosts: () => allowedHosts, extraHosts: () => extra, localAddresses: () => PC })
}

describe('parsing a Host header', () => {
  it('reads names, IPv4 and bracketed IPv6, with or without a port', () => {
    expect(parseHostHeader('LocalHost:8180')).toEqual({ name: 'localhost', port: 8180 })
    expect(parseHostHeader('csms.depot.lan.')).toEqual({ name: 'csms.depot.lan' })
    expect(parseHostHeader('[::1]:9000')).toEqual({ name: '::1', port: 9000 })
    expect(parseHostHeader('[0:0:0:0:0:0:0:1]')).toEqual({ name: '::1' })
  })
  it.each(['', '::1', 'a b', 'evil.example:99999', 'evil.example:x', '[::1', '[::1]x', 'ex ample', 'evil.example/', 'user@evil.example', '[nothex]'])('refuses %j', (header) => {
    expect(parseHostHeader(header)).toBeUndefined()
  })
})

describe('the Host allow-list (DNS-rebinding defence)', () => {
  it('answers to loopback names on any port', () => {
    const hosts = list('127.0.0.1')
    for (const host of ['localhost', 'localhost:8180', '127.0.0.1:1', '127.8.9.10', '[::1]:8180', '[::ffff:127.0.0.1]']) expect(hosts.allowsHost(host), host).toBe(true)
    expect(isLoopbackName('128.0.0.1')).toBe(false)
  })

  it('refuses any other name, however it resolves: the page of evil.example reaching 127.0.0.1', () => {
    const hosts = list('127.0.0.1')
    for (const host of ['evil.example', 'evil.example:8180', 'localhost.evil.example', '127.0.0.1.nip.io', 'sub.localhost', '192.168.1.5']) expect(hosts.allowsHost(host), host).toBe(false)
  })

  it('answers to the address it binds to, and to every address of this PC when bound to 0.0.0.0 or ::', () => {
    expect(list('192.168.1.5').allowsHost('192.168.1.5:8181')).toBe(true)
    expect(list('192.168.1.5').allowsHost('10.0.0.7:8181')).toBe(false)
    for (const bind of ['0.0.0.0', '::']) {
      const hosts = list(bind)
      expect(hosts.allowsHost('10.0.0.7:8181')).toBe(true)
      expect(hosts.allowsHost('[fe80::1]:8181')).toBe(true)
      expect(hosts.allowsHost('10.0.0.8:8181')).toBe(false)
    }
  })

  it('answers to the names the operator added, read on every request, a port given or any', () => {
    const allowed: string[] = []
    const hosts = createHostAllowList({ bindHost: '0.0.0.0', allowedHosts: () => allowed, localAddresses: () => PC })
    expect(hosts.allowsHost('csms.depot.lan')).toBe(false)
    allowed.push('CSMS.depot.lan', 'kiosk:8180', '[fd00::5]')
    expect(hosts.allowsHost('csms.depot.lan:8180')).toBe(true)
    expect(hosts.allowsHost('kiosk:8180')).toBe(true)
    expect(hosts.allowsHost('kiosk:9999')).toBe(false)
    expect(hosts.allowsHost('[fd00:0::5]:1')).toBe(true)
  })

  it('lets a request without a Host header through (no browser sends none), refuses an unparsable one', () => {
    const hosts = list('127.0.0.1')
    expect(hosts.allowsHost(undefined)).toBe(true)
    expect(hosts.allowsHost('local host')).toBe(false)
    expect(hosts.allowsHost(['localhost', 'evil.example'])).toBe(false)
  })

  it('the file host also answers to the address given to stations (settings.files.publicHost)', () => {
    const settings = { security: { allowedHosts: [] as string[] }, files: { publicHost: 'csms-gw.site' as string | null } }
    const { api, files } = hostAllowLists({ apiHost: '127.0.0.1', filesHost: '0.0.0.0' }, () => settings)
    expect(files.allowsHost('csms-gw.site:8181')).toBe(true)
    expect(api.allowsHost('csms-gw.site:8180')).toBe(false)
    settings.files.publicHost = null
    expect(files.allowsHost('csms-gw.site:8181')).toBe(false)
  })

  it('checks a page Origin against the same list', () => {
    const hosts = list('127.0.0.1', ['kiosk'])
    expect(hosts.allowsOrigin(undefined)).toBe(true)
    expect(hosts.allowsOrigin('http://localhost:5173')).toBe(true)
    expect(hosts.allowsOrigin('https://kiosk')).toBe(true)
    for (const origin of ['http://evil.example', 'null', 'file://', 'chrome-extension://abc', 'http://127.0.0.1.evil.example', '%', 'http://[::1']) expect(hosts.allowsOrigin(origin), origin).toBe(false)
  })

  it('says which setting to change, without echoing control characters', () => {
    const message = hostRefusalMessage('evil.example\u0000')
    expect(message).toContain('settings.security.allowedHosts')
    expect(message).toContain('evil.example?')
  })
})

describe('allowed OCPP origins', () => {
  it('match scheme, host and port, default ports and case aside', () => {
    const allowed = ['http://tools.depot.lan:8080', 'https://Sim.Example']
    expect(originInList('http://tools.depot.lan:8080', allowed)).toBe(true)
    expect(originInList('https://sim.example:443', allowed)).toBe(true)
    expect(originInList('http://tools.depot.lan', allowed)).toBe(false)
    expect(originInList('http://sim.example', allowed)).toBe(false)
    expect(originInList('null', allowed)).toBe(false)
    expect(originInList('http://evil.example', [])).toBe(false)
  })
})
