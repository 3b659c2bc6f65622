import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_CONFIG, loadConfig } from '../../../src/main/config/app-config'

describe('start-up configuration', () => {
  it('defaults: OCPP on all interfaces port 9000, API on loopback', () => {
    const config = loadConfig([], {})
    expect(config).toMatchObject({ ocppHost: '0.0.0.0', ocppPort: 9000, apiHost: '127.0.0.1', headless: false })
    expect(config.apiPort).toBe(DEFAULT_CONFIG.apiPort)
  })

  it('flags win over environment, which wins over the settings file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    const file = join(dir, 'csms.config.json')
    writeFileSync(file, JSON.stringify({ ocppPort: 1111, apiPort: 2222, apiHost: '127.0.0.2' }))
    const config = loadConfig(['--config', file, '--ocpp-port', '0'], { CSMS_API_PORT: '3333' })
    expect(config).toMatchObject({ ocppPort: 0, apiPort: 3333, apiHost: '127.0.0.2', configFile: file })
  })

  it('reads <data dir>/csms.config.json when present', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    writeFileSync(join(dir, 'csms.config.json'), JSON.stringify({ ocppHost: '127.0.0.1' }))
    expect(loadConfig(['--data-dir', dir], {}).ocppHost).toBe('127.0.0.1')
  })

  it('--headless and CSMS_HEADLESS force headless', () => {
    expect(loadConfig(['--headless'], {}).headless).toBe(true)
    expect(loadConfig([], { CSMS_HEADLESS: '1' }).headless).toBe(true)
  })

  it('bad values are refused with a message that says what is wrong', () => {
    expect(() => loadConfig(['--ocpp-port', 'abc'], {})).toThrow(ConfigError)
    expect(() => loadConfig(['--ocpp-port', '70000'], {})).toThrow(/port number/)
    expect(() => loadConfig(['--bogus'], {})).toThrow(/Unknown option/)
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    const file = join(dir, 'c.json')
    writeFileSync(file, JSON.stringify({ ocppPrt: 1 }))
    expect(() => loadConfig(['--config', file], {})).toThrow(/unknown keys ocppPrt/)
  })
})

describe('the firmware import folder', () => {
  it('is named at start only (--import-dir, CSMS_IMPORT_DIR, importDir in the settings file), made absolute', () => {
    expect(loadConfig(['--import-dir', 'fw'], {}).importDir).toBe(join(process.cwd(), 'fw'))
    expect(loadConfig([], { CSMS_IMPORT_DIR: '/srv/firmware' }).importDir).toBe('/srv/firmware')
    const dir = mkdtempSync(join(tmpdir(), 'csms-config-'))
    writeFileSync(join(dir, 'csms.config.json'), JSON.stringify({ importDir: '/srv/fw' }))
    expect(loadConfig([], {}, dir).importDir).toBe('/srv/fw')
    expect(loadConfig([], {}).importDir).toBeUndefined()
  })
})

describe('the API token', () => {
  it('comes from a flag or the environment, at least 16 characters; loopback is told apart', async () => {
    const { isLoopback, loadConfig } = await import('../../../src/main/config/app-config')
    expect(loadConfig(['--api-token', 'sixteen-chars-ok'], {}).apiToken).toBe('sixteen-chars-ok')
    expect(loadConfig([], { CSMS_API_TOKEN: 'from-the-environment' }).apiToken).toBe('from-the-environment')
    expect(() => loadConfig(['--api-token', 'short'], {})).toThrow(/at least 16/)
    expect([isLoopback('127.0.0.1'), isLoopback('::1'), isLoopback('localhost'), isLoopback('0.0.0.0'), isLoopback('192.168.1.2')]).toEqual([true, true, true, false, false])
  })

  it('is made up once and kept in the data directory', async () => {
    const { mkdtemp, rm, stat } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { apiTokenFor } = await import('../../../src/main/web/api-token')
    const dir = await mkdtemp(join(tmpdir(), 'csms-token-'))
    try {
      const first = await apiTokenFor(dir)
      expect(first.length).toBeGreaterThanOrEqual(16)
      expect(await apiTokenFor(dir)).toBe(first)
      expect((await stat(join(dir, 'api-token'))).mode & 0o077).toBe(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the FTP passive port range', () => {
  it('defaults to 2122-2199 and comes from a flag, the environment or the settings file', () => {
    expect(loadConfig([], {}).ftpPassivePorts).toEqual([2122, 2199])
    expect(loadConfig(['--ftp-passive-ports', '40000-40099'], {}).ftpPassivePorts).toEqual([40000, 40099])
    expect(loadConfig([], { CSMS_FTP_PASSIVE_PORTS: '50000-50010' }).ftpPassivePorts).toEqual([50000, 50010])
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    const file = join(dir, 'c.json')
    writeFileSync(file, JSON.stringify({ ftpPassivePorts: [3000, 3010] }))
    expect(loadConfig(['--config', file], {}).ftpPassivePorts).toEqual([3000, 3010])
    writeFileSync(file, JSON.stringify({ ftpPassivePorts: '3000-3010' }))
    expect(loadConfig(['--config', file, '--ftp-passive-ports', '4000-4000'], {}).ftpPassivePorts).toEqual([4000, 4000])
  })

  it('refuses what is not a range of ports, and a range holding the FTP port itself', () => {
    for (const bad of ['2199-2122', '0-10', '1-70000', 'abc', '2122', '2122-2199-2300', ' - ']) {
      expect(() => loadConfig(['--ftp-passive-ports', bad], {}), bad).toThrow(/port range such as 2122-2199/)
    }
    expect(() => loadConfig([], { CSMS_FTP_PASSIVE_PORTS: '-5-10' })).toThrow(/CSMS_FTP_PASSIVE_PORTS: "-5-10" is not a port range/)
    expect(() => loadConfig(['--ftp-passive-ports', '2100-2130'], {})).toThrow(/include the FTP port 2121/)
    expect(loadConfig(['--ftp-passive-ports', '2100-2130', '--ftp-port', '2000'], {}).ftpPassivePorts).toEqual([2100, 2130])
  })
})
