import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Ajv } from 'ajv'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const config = load(readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  files: string[]
  icon: string
  linux: { target: string[] }
  win: { target: string[] }
  mac: { target: string[] }
}

describe('packaging (electron-builder cannot download Electron here, so its configuration is checked instead)', () => {
  it('is valid against electron-builder’s own configuration schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object
    const ajv = new Ajv({ allErrors: true, strict: false })
    const validate = ajv.compile(schema)
    expect(validate(config), JSON.stringify(validate.errors, null, 1)).toBe(true)
  })

  it('builds AppImage and deb, NSIS and dmg, from the built app with its schemas and an icon of at least 512 px', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.win.target).toContain('nsis')
    expect(config.mac.target).toContain('dmg')
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'schemas/*.json', 'package.json']))
    const icon = readFileSync(join(ROOT, config.icon))
    expect(icon.subarray(1, 4).toString()).toBe('PNG')
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
    expect(icon.readUInt32BE(20)).toBeGreaterThanOrEqual(512)
  })

  it('packs the entry package.json points at, and npm run dist uses this configuration', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> }
    expect(pkg.main).toMatch(/^out\//)
    expect(pkg.scripts.dist).toContain('--config build/electron-builder.yml')
    expect(existsSync(join(ROOT, 'schemas', 'BootNotification.json'))).toBe(true)
  })
})
