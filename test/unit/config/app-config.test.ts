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
